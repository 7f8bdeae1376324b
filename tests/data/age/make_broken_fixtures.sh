#!/usr/bin/env bash
# Regenerates the Broken*.age fixtures with the real age (Debian 12: 1.1.1).
# age draws fresh randomness, so the bytes differ on every run; each file's
# defect is what its name says. Usage: make_broken_fixtures.sh (in this dir).
set -euo pipefail
cd "$(dirname "$0")"
[[ -f fixture_key.txt ]] || age-keygen -o fixture_key.txt 2>/dev/null
recipient="$(age-keygen -y fixture_key.txt)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# 65537 bytes: one full chunk, then a 1-byte final chunk.
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7) % 251 for i in range(65537)))' >"$tmp/two.bin"
printf 'testimony of witness 7, page 1 of 1\n' >"$tmp/small.txt"
# Exactly one chunk: the final chunk is full-size, so a byte after it is
# trailing data rather than part of a short final chunk.
head -c 65536 "$tmp/two.bin" >"$tmp/one.bin"
age -r "$recipient" -o "$tmp/two.age" "$tmp/two.bin"
age -r "$recipient" -o "$tmp/small.age" "$tmp/small.txt"
age -r "$recipient" -o "$tmp/one.age" "$tmp/one.bin"

size="$(stat -c %s "$tmp/two.age")"
# Cut 5 bytes into the final chunk's tag.
head -c $((size - 5)) "$tmp/two.age" >BrokenTruncated.age
# Drop the whole final chunk (17 bytes: 1 of plaintext + 16 of tag).
head -c $((size - 17)) "$tmp/two.age" >BrokenMissingFinalChunk.age
# One byte after the final chunk.
{ cat "$tmp/one.age"; printf 'x'; } >BrokenTrailingData.age
# Change one character of the header MAC (still canonical base64).
python3 - "$tmp/small.age" BrokenMac.age <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
i = data.index(b'\n--- ') + 5 + 5
data[i] = ord('B') if data[i] != ord('B') else ord('C')
open(sys.argv[2], 'wb').write(data)
PY
