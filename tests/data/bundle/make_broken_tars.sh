#!/usr/bin/env bash
# Regenerates the Broken*.tar fixtures (and Good.tar) with GNU tar 1.34, as
# README.md describes. Needs root for the device node. Deterministic: fixed
# mtime, owner and blocking factor 1 (no padding beyond the end blocks).
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
T=(tar --owner=0 --group=0 --numeric-owner --mtime=@1795707467 -b 1 --no-recursion)

printf '{}\n' > manifest.json
printf 'statement\n' > a
mkdir d
ln -s a link
ln a hard
mkfifo fifo
mknod chardev c 1 3
long=$(printf 'x%.0s' $(seq 1 120))
printf 'long name\n' > "$long"
truncate -s 65536 sparse
printf 'X' | dd of=sparse bs=1 seek=40000 conv=notrunc status=none
touch -d @1795707467 manifest.json a d link hard fifo chardev "$long" sparse
chmod 0644 manifest.json a "$long" sparse

"${T[@]}" --format=ustar -cf "$out/Good.tar" manifest.json a
"${T[@]}" --format=ustar -cf "$out/BrokenSymlink.tar" manifest.json link
"${T[@]}" --format=ustar -cf "$out/BrokenHardlink.tar" manifest.json a hard
"${T[@]}" --format=ustar -cf "$out/BrokenDirectory.tar" manifest.json d
"${T[@]}" --format=ustar -cf "$out/BrokenFifo.tar" manifest.json fifo
"${T[@]}" --format=ustar -cf "$out/BrokenCharDevice.tar" manifest.json chardev
"${T[@]}" --format=pax --pax-option=delete=atime,delete=ctime -cf "$out/BrokenPaxHeader.tar" manifest.json "$long"
"${T[@]}" --format=gnu -cf "$out/BrokenGnuLongName.tar" manifest.json "$long"
"${T[@]}" --format=gnu --sparse -cf "$out/BrokenSparse.tar" manifest.json sparse
"${T[@]}" --format=ustar -P --transform='s,^a$,../x,' -cf "$out/BrokenDotDot.tar" manifest.json a
"${T[@]}" --format=ustar -P --transform='s,^a$,/etc/x,' -cf "$out/BrokenAbsolute.tar" manifest.json a
"${T[@]}" --format=ustar -cf "$out/BrokenDuplicate.tar" manifest.json a
"${T[@]}" --format=ustar -rf "$out/BrokenDuplicate.tar" a
cp "$out/Good.tar" "$out/BrokenTrailingGarbage.tar"
printf 'smuggled' >> "$out/BrokenTrailingGarbage.tar"
# A lone zero block, then a member: libarchive stops at the zero block and
# never reports the member behind it.
size=$(stat -c %s "$out/Good.tar")
head -c $((size - 512)) "$out/Good.tar" > "$out/BrokenLoneZeroBlock.tar"
"${T[@]}" --format=ustar --transform='s,^a$,hidden,' -cf - a >> "$out/BrokenLoneZeroBlock.tar"
# No end-of-archive blocks at all: libarchive reports a clean end.
head -c $((size - 1024)) "$out/Good.tar" > "$out/BrokenNoEndBlocks.tar"
