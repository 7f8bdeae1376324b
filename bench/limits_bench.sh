#!/usr/bin/env bash
# Peak memory and time at two of the limits a bundle meets:
#  1. `testimony add` of a statement of exactly 256 MiB (kMaxStatementBytes),
#     against `witness list` on the same vault (unlocking: Argon2id holds its
#     64 MiB here, the rest is the command's own);
#  2. `bundle verify` of a bundle whose manifest names one record but whose
#     archive holds 999,990 more empty members (refused; reported with the
#     exit code), through the age identity file (no vault).
# Reports wall time and peak RSS (GNU time).
# Usage: bench/limits_bench.sh [TVAULT_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="$(realpath "${1:-build/tvault}")"
W="$(mktemp -d -t tvault-limits-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
umask 077
printf 'bench passphrase\n' > "$W/pass"
TV=("$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass")
tv() { "${TV[@]}" "$@"; }

# Timed run: prints "seconds peak_kib exit_code".
timed() {
  local rc=0
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/err" || rc=$?
  echo "$(tail -n 1 "$W/time") $rc"
}

tv init --name "Bench" --kdf-memory-mib 64 --kdf-passes 1 >/dev/null
WID=$(tv witness add --name "Bench witness")
head -c $((256 << 20)) /dev/urandom > "$W/statement"
read -r s base _ <<< "$(timed "${TV[@]}" witness list)"
read -r s add rc <<< "$(timed "${TV[@]}" testimony add --witness "$WID" --file "$W/statement")"
echo "testimony add, 256 MiB statement: ${s} s, peak ${add} KiB (exit $rc);" \
     "witness list: peak ${base} KiB; the add's own: $(( (add - base) / 1024 )) MiB"
rm -f "$W/statement"

# A real bundle to an age-keygen identity, then a million extra members.
age-keygen -o "$W/key.txt" 2>/dev/null
R=$(age-keygen -y "$W/key.txt")
tv peer add bench --age-recipient "$R" >/dev/null
printf 'a statement\n' > "$W/small"
tv testimony add --witness "$WID" --file "$W/small" >/dev/null
tv consent record "$WID" --scope research >/dev/null
tv export --purpose research --to bench --all --reason bench --out "$W/b.tvb" >/dev/null
KEY=$(tv --json identity show | sed -n 's/.*"minisign_public_key": *"\([^"]*\)".*/\1/p')
mkdir "$W/x"
age -d -i "$W/key.txt" "$W/b.tvb" | tar -x -C "$W/x"
python3 - "$W/x" "$W/many.tar" <<'EOF'
import io, os, sys, tarfile
src, out = sys.argv[1], sys.argv[2]
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as t:
    def add(name):
        data = open(os.path.join(src, name), "rb").read()
        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644
        t.addfile(info, io.BytesIO(data))
    add("manifest.json")
    empty = tarfile.TarInfo("m"); empty.mode = 0o644
    for i in range(999_990):  # the tar reader alone allows 1,000,000
        empty.name = "m%07d" % i
        t.addfile(empty)
EOF
age -r "$R" -o "$W/many.tvb" "$W/many.tar"
rm -f "$W/many.tar"
read -r s peak rc <<< "$(timed "$TVAULT" bundle verify "$W/many.tvb" --identity "$W/key.txt" --signer-key "$KEY")"
echo "bundle verify, 999,990 unnamed members: ${s} s, peak ${peak} KiB (exit $rc): $(tail -n 1 "$W/err")"
