#!/usr/bin/env bash
# A redacted bundle against the same records unredacted (issue #16, goal:
# verifying a redacted bundle costs at most 1.2x verifying an unredacted one).
# N testimonies (default 1,000) of 2 KiB of words; each gets one redaction
# hiding its second and fifth words (`tvault redact`, one process each: the
# set-up is the slow part). Then, interleaved, best of REPS: export --all
# and export --all --redacted, and `bundle verify` of each with an age
# identity file (no vault). Reports times, ratios, peak RSS and sizes.
# Usage: bench/redacted_bundle_bench.sh [N] [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="$PWD/build/tvault"
N="${1:-1000}"
REPS="${2:-3}"
W="$(mktemp -d -t tvault-redacted-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
umask 077
printf 'bench passphrase\n' > "$W/pass"
tv() { "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" "$@"; }
timed() {
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
  cat "$W/time"
}
best() { sort -n | head -1; }

echo "setting up $N statements of 2 KiB and one redaction each..."
mkdir -p "$W/files"
python3 - "$W/files" "$N" <<'EOF'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    words = []
    size = 0
    while size < 2000:
        w = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 10)))
        words.append(w)
        size += len(w) + 1
    with open(os.path.join(d, "s%05d" % i), "w") as f:
        f.write(" ".join(words) + "\n")
EOF
tv init --name "Bench" --kdf-memory-mib 64 --kdf-passes 1 >/dev/null
WID=$(tv witness add --name "Bench witness")
( cd "$W/files" && ls | xargs -n 500 sh -c 'args=""; for f; do args="$args --file $f"; done; '"$TVAULT"' --vault '"$W/vault"' --passphrase-file '"$W/pass"' testimony add --witness '"$WID"' $args >/dev/null' _ )
printf 'tokens 1-2\ntokens 4-5\n' > "$W/ranges"
tv --json testimony list | python3 -c 'import json,sys; [print(t["id"]) for t in json.load(sys.stdin)]' > "$W/ids"
while read -r id; do tv redact "$id" --ranges "$W/ranges" --reason bench >/dev/null; done < "$W/ids"
age-keygen -o "$W/key.txt" 2>/dev/null
R=$(age-keygen -y "$W/key.txt")
tv peer add bench --age-recipient "$R" >/dev/null
tv consent record "$WID" --scope research >/dev/null
KEY=$(tv --json identity show | sed -n 's/.*"minisign_public_key": "\(.*\)".*/\1/p')

printf '%-8s %12s %12s %8s %12s %12s\n' step redacted_s plain_s ratio redacted_rss plain_rss
for step in export verify; do
  a=(); b=()
  for ((i = 0; i < REPS; i++)); do
    if [[ $step == export ]]; then
      rm -f "$W/r.tvb" "$W/p.tvb"
      a+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" export --to bench \
               --purpose research --all --redacted --reason bench --out "$W/r.tvb")")
      b+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" export --to bench \
               --purpose research --all --reason bench --out "$W/p.tvb")")
    else
      a+=("$(timed "$TVAULT" bundle verify "$W/r.tvb" --identity "$W/key.txt" --signer-key "$KEY")")
      b+=("$(timed "$TVAULT" bundle verify "$W/p.tvb" --identity "$W/key.txt" --signer-key "$KEY")")
    fi
  done
  x=$(printf '%s\n' "${a[@]}" | best); y=$(printf '%s\n' "${b[@]}" | best)
  printf '%-8s %12s %12s %8.2f %8s KiB %8s KiB\n' "$step" "${x% *}" "${y% *}" \
    "$(echo "${x% *} ${y% *}" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" "${x#* }" "${y#* }"
done
printf 'sizes: redacted %s bytes, plain %s bytes\n' "$(stat -c %s "$W/r.tvb")" "$(stat -c %s "$W/p.tvb")"
