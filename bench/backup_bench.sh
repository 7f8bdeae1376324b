#!/usr/bin/env bash
# tvault backup vs tar: a vault of about GIB GiB (default 1), mostly evidence
# files (16 of GIB/16 GiB each, random bytes, plus a few records), is backed
# up with `tvault backup --out` and archived with `tar cf` of the same folder,
# interleaved (A B A B ...), REPS pairs (default 5). Target (issue #13): the
# backup at least 0.5x tar's speed, i.e. its time / tar's time <= 2.
# Uses farm-bench when it is on PATH (its ratio A/B, median of pairs), else a
# loop of REPS pairs and the median of the ratios. Both write to the same
# filesystem as the vault (under /tmp); the page cache is warm for both.
# Usage: bench/backup_bench.sh [GIB] [REPS]    (needs about 3 x GIB GiB free)
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="${TVAULT:-$PWD/build/tvault}"
GIB="${1:-1}"
REPS="${2:-5}"
W="$(mktemp -d -t tvault-backup-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
umask 077
printf 'bench passphrase\n' > "$W/pass"
TV=("$TVAULT" --vault "$W/vault" --passphrase-file "$W/pass")

echo "building a ${GIB} GiB vault in $W ..." >&2
"${TV[@]}" init --name Bench --kdf-memory-mib 64 --kdf-passes 1 >/dev/null 2>&1
w=$("${TV[@]}" witness add --name "Bench witness")
printf 'a statement\n' > "$W/s.txt"
t=$("${TV[@]}" testimony add --witness "$w" --file "$W/s.txt")
per_mib=$(( GIB * 1024 / 16 ))
for i in $(seq 1 16); do
  head -c "$(( per_mib * 1024 * 1024 ))" /dev/urandom > "$W/e.bin"
  "${TV[@]}" evidence add "$t" --file "$W/e.bin" >/dev/null
done
rm -f "$W/e.bin"
size=$(du -sb "$W/vault" | cut -f1)
sync

# Each command removes its previous output first. B runs twice over: plain
# `tar cf` (what issue #13 compares with) and `tar cf` followed by `sync`,
# tar's equivalent of the backup's fsync (a backup is durable when it
# exits; tar's file is still in the page cache). Without that sync, tar's
# dirty pages are flushed during the next backup run, which then pays for
# them.
A="rm -f $W/b.tvb && $TVAULT --vault $W/vault --passphrase-file $W/pass backup --out $W/b.tvb >/dev/null"
B="rm -f $W/t.tar && tar cf $W/t.tar -C $W vault"
BS="$B && sync"
printf 'vault of %.2f GiB (%s evidence files)\n' "$(echo "$size / 2^30" | bc -l)" 16
if command -v farm-bench >/dev/null; then
  for b in "$B" "$BS"; do
    echo "== A = tvault backup, B = ${b#*&& }"
    farm-bench -n "$REPS" --timeout 1200 --vs "sh -c '$b'" -- sh -c "$A" | grep -E '^(A|B) wall|^A/B wall'
  done
else
  for b in "$B" "$BS"; do
    ratios=()
    for ((i = 0; i < REPS; i++)); do
      t0=$(date +%s%N); sh -c "$A"; t1=$(date +%s%N); sh -c "$b"; t2=$(date +%s%N)
      ratios+=("$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)")
    done
    med=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
    printf '== B = %s: backup / tar wall time, median of %d pairs: %.2f\n' "${b#*&& }" "$REPS" "$med"
  done
fi
echo "target: A/B wall <= 2 (backup at least 0.5x tar's speed)"
