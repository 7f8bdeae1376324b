#!/usr/bin/env bash
# tvault search over N testimonies (default 100,000 statements of 2 KiB of
# text), against `grep -ric` over the same statements as plaintext files in
# this same script. The issue's target: at most 1.5 s beyond the unlock.
# The unlock (Argon2id at the cheapest parameters init allows, plus opening
# the database) is measured as `tvault identity show` and subtracted.
# Usage: bench/search_bench.sh [N] [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="$PWD/build/tvault"
N="${1:-100000}"
REPS="${2:-3}"
W="$(mktemp -d -t tvault-search-bench-XXXXXX)"
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$W"' EXIT; else echo "keeping $W"; fi
umask 077
printf 'bench passphrase\n' > "$W/pass"
tv() { "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" "$@"; }
timed() {  # prints "seconds peak_kib"
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" >"$W/out" 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
  cat "$W/time"
}

echo "setting up $N statements of 2 KiB of text..."
mkdir -p "$W/files"
python3 - "$W/files" "$N" <<'PY'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = ("the we were taken to camp at night guards asked about my brother village "
         "police station documents family phone called again border crossing week "
         "Kazakh Uyghur interview later released told not to speak").split()
for i in range(n):
    out, size = [], 0
    while size < 2048:
        w = rng.choice(words)
        out.append(w); size += len(w) + 1
    text = " ".join(out)[:2047] + "\n"
    if i % max(1, n // 10) == 7:  # ten statements name the place, in upper case
        text = text[:1000] + " ZHAOSU " + text[1008:]
    with open(os.path.join(d, "s%06d" % i), "w") as f:
        f.write(text)
PY
tv init --name "Bench" --kdf-memory-mib 64 --kdf-passes 1 >/dev/null
WID=$(tv witness add --name "Bench witness")
( cd "$W/files" && ls | xargs -n 2000 sh -c 'args=""; for f; do args="$args --file $f"; done; '"$TVAULT"' --vault '"$W/vault"' --passphrase-file '"$W/pass"' testimony add --witness '"$WID"' $args >/dev/null' _ )

best() { sort -n | head -1; }
s_all=(); u_all=(); g_all=()
for ((i = 0; i < REPS; i++)); do  # interleaved: all three see the same machine
  s_all+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" search zhaosu)")
  hits=$(wc -l < "$W/out")
  u_all+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" identity show)")
  g_all+=("$(timed bash -c "cd '$W/files' && grep -ric zhaosu . | { grep -vc ':0$' || true; }")")
  ghits=$(cat "$W/out")
done
[[ $hits == "$ghits" ]] || { echo "tvault found $hits statements, grep $ghits" >&2; exit 1; }
s=$(printf '%s\n' "${s_all[@]}" | best); u=$(printf '%s\n' "${u_all[@]}" | best)
g=$(printf '%s\n' "${g_all[@]}" | best)
awk -v s="${s% *}" -v u="${u% *}" -v g="${g% *}" -v rss="${s#* }" -v n="$N" -v h="$hits" 'BEGIN {
  printf "%d statements, %d hits (grep -ric agrees)\n", n, h
  printf "tvault search %.2fs (peak %d KiB); unlock alone %.2fs; search beyond unlock %.2fs (target <= 1.5s)\n", s, rss, u, s - u
  printf "grep -ric over the plaintext files %.2fs; ratio search-beyond-unlock / grep %.2f\n", g, (g > 0 ? (s - u) / g : 0)
}'
