#!/usr/bin/env bash
# Export and verify of a bundle of N testimonies (default 10,000 of 2 KiB of
# text), against the same bytes through the real tools in this same script:
#   reference export:  sha256sum > SHA256SUMS; minisign -S; tar c | age -r
#   reference verify:  age -d | tar x; minisign -Vm; sha256sum -c
# tvault export runs on a vault holding those statements (unlock with the
# cheapest KDF allowed, so the ratio measures the bundle work, not Argon2id);
# tvault verify uses the age identity file (no vault). Reports wall time,
# ratios and peak RSS (GNU time); the export's time beyond the unlock (the
# same vault's `identity show`, timed in the same loop) against the
# reference; the bundle's bytes against the reference's and the share of
# custody.json; then the floor every export pays (unlock, metadata) as a
# fraction of the reference export. EXPORT_FORMAT=1 measures format 1.
# Usage: bench/bundle_bench.sh [N] [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="$PWD/build/tvault"
N="${1:-10000}"
REPS="${2:-3}"
EXPORT_FORMAT="${EXPORT_FORMAT:-2}"
W="$(mktemp -d -t tvault-bundle-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
umask 077
printf 'bench passphrase\n' > "$W/pass"
tv() { "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" "$@"; }

# Timed run: prints "seconds peak_kib".
timed() {
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
  cat "$W/time"
}

echo "setting up $N statements of 2 KiB..."
mkdir -p "$W/files/statements"
python3 - "$W/files/statements" "$N" <<'EOF'
import base64, os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, "s%05d" % i), "wb") as f:
        # Statements are text: 2,048 bytes of printable ASCII.
        f.write(base64.b64encode(os.urandom(1536)))
EOF
tv init --name "Bench" --kdf-memory-mib 64 --kdf-passes 1 >/dev/null
WID=$(tv witness add --name "Bench witness")
( cd "$W/files/statements" && ls | xargs -n 1000 sh -c 'args=""; for f; do args="$args --file $f"; done; '"$TVAULT"' --vault '"$W/vault"' --passphrase-file '"$W/pass"' testimony add --witness '"$WID"' $args >/dev/null' _ )
age-keygen -o "$W/key.txt" 2>/dev/null
R=$(age-keygen -y "$W/key.txt")
tv peer add bench --age-recipient "$R" >/dev/null
tv consent record "$WID" --scope research >/dev/null
minisign -G -W -p "$W/ref.pub" -s "$W/ref.key" >/dev/null
KEY=$(tv --json identity show | sed -n 's/.*"minisign_public_key": "\(.*\)".*/\1/p')

ref_export() {
  cd "$W/files" && rm -f SHA256SUMS SHA256SUMS.minisig &&
    find statements -type f | sort > "$W/list" &&
    xargs sha256sum < "$W/list" > SHA256SUMS &&
    minisign -S -s "$W/ref.key" -m SHA256SUMS -t "bench" >/dev/null &&
    { cat "$W/list"; echo SHA256SUMS; echo SHA256SUMS.minisig; } > "$W/list2" &&
    tar --format=ustar -cf - -T "$W/list2" | age -r "$R" -o "$W/ref.age"
}
ref_verify() {
  rm -rf "$W/out" && mkdir "$W/out" && cd "$W/out" &&
    age -d -i "$W/key.txt" "$W/ref.age" | tar x &&
    minisign -Vm SHA256SUMS -p "$W/ref.pub" >/dev/null && sha256sum -c --quiet SHA256SUMS
}
export -f ref_export ref_verify
export W R

best() { sort -n | head -1; }
printf '%-10s %10s %10s %8s %12s %12s\n' step tvault_s ref_s ratio tvault_rss ref_rss
for step in export verify; do
  t_all=(); r_all=(); u_all=()
  for ((i = 0; i < REPS; i++)); do
    # Interleaved, so both see the same machine state.
    if [[ $step == export ]]; then
      rm -f "$W/b.tvb"
      t_all+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" export --to bench \
                 --purpose research --all --reason bench --out "$W/b.tvb" --format "$EXPORT_FORMAT")")
      r_all+=("$(timed bash -c ref_export)")
      u_all+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" identity show)")
    else
      t_all+=("$(timed "$TVAULT" bundle verify "$W/b.tvb" --identity "$W/key.txt" --signer-key "$KEY")")
      r_all+=("$(timed bash -c ref_verify)")
    fi
  done
  t=$(printf '%s\n' "${t_all[@]}" | best); r=$(printf '%s\n' "${r_all[@]}" | best)
  ts=${t% *}; tr=${t#* }; rs=${r% *}; rr=${r#* }
  printf '%-10s %10s %10s %8.2f %9s KiB %9s KiB\n' "$step" "$ts" "$rs" \
    "$(echo "$ts $rs" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" "$tr" "$rr"
  if [[ $step == export ]]; then
    u=$(printf '%s\n' "${u_all[@]}" | best)
    printf 'export beyond the unlock: %.3fs (unlock %ss) against the reference %ss: ratio %.2f\n' \
      "$(echo "$ts ${u% *}" | awk '{print $1 - $2}')" "${u% *}" "$rs" \
      "$(echo "$ts ${u% *} $rs" | awk '{print ($3 > 0 ? ($1 - $2) / $3 : 0)}')"
  fi
done
bsize=$(stat -c %s "$W/b.tvb"); rsize=$(stat -c %s "$W/ref.age")
printf 'bundle size: %s bytes (reference %s): ratio %.3f\n' "$bsize" "$rsize" \
  "$(echo "$bsize $rsize" | awk '{print $1 / $2}')"
rm -rf "$W/peek" && mkdir "$W/peek"
age -d -i "$W/key.txt" "$W/b.tvb" | tar -x -C "$W/peek"
stmt=$(cat "$W"/peek/statements/* | wc -c)
# custody.json (format 2) or custody/*.json (format 1).
cust=$(find "$W/peek" \( -name custody.json -o -path '*/custody/*.json' \) -exec cat {} + | wc -c)
printf 'custody: %s bytes for %s statement bytes: %.1f%%; manifest %s bytes\n' "$cust" "$stmt" \
  "$(echo "$cust $stmt" | awk '{print 100 * $1 / $2}')" "$(stat -c %s "$W/peek/manifest.json")"

# What no export from this vault can avoid, against the same reference
# export: the unlock alone (Argon2id at the cheapest parameters init allows;
# `identity show`), and the unlock plus opening every record's sealed
# metadata (`testimony list`), before a single statement byte is read.
f_unlock=(); f_list=(); r_all=()
for ((i = 0; i < REPS; i++)); do
  f_unlock+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" identity show)")
  f_list+=("$(timed "$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass" testimony list)")
  r_all+=("$(timed bash -c ref_export)")
done
fu=$(printf '%s\n' "${f_unlock[@]}" | best); fl=$(printf '%s\n' "${f_list[@]}" | best)
r=$(printf '%s\n' "${r_all[@]}" | best)
printf 'floor: unlock %ss, unlock + all metadata %ss; reference export %ss (fractions %.2f, %.2f)\n' \
  "${fu% *}" "${fl% *}" "${r% *}" \
  "$(echo "${fu% *} ${r% *}" | awk '{print $1 / $2}')" "$(echo "${fl% *} ${r% *}" | awk '{print $1 / $2}')"
