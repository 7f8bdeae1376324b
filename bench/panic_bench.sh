#!/usr/bin/env bash
# tvault panic: the first step (every keyslot overwritten and synced) must
# take under a second whatever the vault's size (issue #13). A vault holding
# GIB GiB of evidence (default 10) is panicked beside a reference vault with
# one small record, in this same script, REPS times each (fresh vaults,
# interleaved); the figures are the medians of `panic --json`'s
# keyslots_destroyed_ms and of the whole command's wall time, and the ratio
# big / reference of each.
# Usage: bench/panic_bench.sh [GIB] [REPS]    (needs about GIB GiB free)
set -euo pipefail
cd "$(dirname "$0")/.."
TVAULT="$PWD/build/tvault"
GIB="${1:-10}"
REPS="${2:-3}"
W="$(mktemp -d -t tvault-panic-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
umask 077
printf 'bench passphrase\n' > "$W/pass"
truncate -s "${GIB}G" "$W/big.bin"   # sparse: reading it costs no disk
printf 'small\n' > "$W/small.txt"

make_vault() {  # DIR EVIDENCE_FILE
  local tv=("$TVAULT" --vault "$1" --passphrase-file "$W/pass")
  "${tv[@]}" init --name Bench --kdf-memory-mib 64 --kdf-passes 1 >/dev/null 2>&1
  local w t
  w=$("${tv[@]}" witness add --name "Bench witness")
  t=$("${tv[@]}" testimony add --witness "$w" --file "$W/small.txt")
  "${tv[@]}" evidence add "$t" --file "$2" >/dev/null
}
panic_ms() {  # DIR -> "keyslots_ms wall_ms"
  local t0 t1 ms
  t0=$(date +%s%N)
  ms=$("$TVAULT" --vault "$1" --json panic --yes | python3 -c 'import json,sys; print(json.load(sys.stdin)["keyslots_destroyed_ms"])')
  t1=$(date +%s%N)
  echo "$ms $(( (t1 - t0) / 1000000 ))"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

big_k=(); big_w=(); ref_k=(); ref_w=()
for ((i = 0; i < REPS; i++)); do
  echo "run $((i + 1))/$REPS: building a ${GIB} GiB vault..." >&2
  make_vault "$W/big" "$W/big.bin"
  make_vault "$W/ref" "$W/small.txt"
  size=$(du -sb "$W/big" | cut -f1)
  sync
  read -r k w < <(panic_ms "$W/big"); big_k+=("$k"); big_w+=("$w")
  read -r k w < <(panic_ms "$W/ref"); ref_k+=("$k"); ref_w+=("$w")
done
bk=$(printf '%s\n' "${big_k[@]}" | median); bw=$(printf '%s\n' "${big_w[@]}" | median)
rk=$(printf '%s\n' "${ref_k[@]}" | median); rw=$(printf '%s\n' "${ref_w[@]}" | median)
awk -v bk="$bk" -v bw="$bw" -v rk="$rk" -v rw="$rw" -v size="$size" -v reps="$REPS" 'BEGIN {
  printf "vault of %.2f GiB vs a one-record vault, median of %d runs each\n", size / 2^30, reps
  printf "keyslots destroyed after: %.2f ms vs %.2f ms (ratio %.2f; target < 1000 ms)\n", bk, rk, (rk > 0 ? bk / rk : 0)
  printf "whole panic (files removed): %d ms vs %d ms (ratio %.2f)\n", bw, rw, (rw > 0 ? bw / rw : 0)
}'
