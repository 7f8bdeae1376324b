#!/usr/bin/env python3
"""Regenerates the evidence stream fixtures in this directory.

An independent writer of docs/evidence-format.md (Python, calling libsodium's
crypto_secretstream_xchacha20poly1305 through ctypes; no tvault code), so the
Valid* files also show the spec is implementable from the document alone.
The key is fixture_key.hex; every file is written for the file id in
fixture_id.txt. The stream header is random, so the bytes differ on every
run; each file's content or defect is what its name says (see README.md).

Usage: python3 make_fixtures.py   (in this directory; needs libsodium23)
       python3 make_fixtures.py --key HEX --id ID --out DIR
         the same set for another key and id (the fuzz target's seed corpus:
         tests/fuzz/corpus/README.md)
"""
import argparse
import ctypes
import ctypes.util
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 1024  # the smallest chunk size a file may name: small fixtures
TAG_MESSAGE, TAG_PUSH, TAG_FINAL = 0, 1, 3
LABEL = b"tvault/v1/evidence-chunk"

sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
if sodium.sodium_init() < 0:
    raise SystemExit("sodium_init failed")
STATE_BYTES = sodium.crypto_secretstream_xchacha20poly1305_statebytes()


def read_text(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read().strip()


_args = argparse.ArgumentParser()
_args.add_argument("--key", default=None)
_args.add_argument("--id", default=None)
_args.add_argument("--out", default=HERE)
ARGS = _args.parse_args()
KEY = bytes.fromhex(ARGS.key or read_text("fixture_key.hex"))
FILE_ID = (ARGS.id or read_text("fixture_id.txt")).encode()
assert len(KEY) == 32


def header_bytes(stream_header, version=1, flags=0, chunk=CHUNK):
    return b"TVAULTEV" + struct.pack(">HHI", version, flags, chunk) + stream_header


class Stream:
    """Seals chunks in order under one secretstream; frames them."""

    def __init__(self, version=1, file_id=FILE_ID):
        self.state = ctypes.create_string_buffer(STATE_BYTES)
        stream_header = ctypes.create_string_buffer(24)
        sodium.crypto_secretstream_xchacha20poly1305_init_push(self.state, stream_header, KEY)
        self.header = header_bytes(stream_header.raw, version=version)
        self.file_id = file_id

    def chunk(self, plaintext, tag, index):
        ad = LABEL + self.header + bytes([len(self.file_id)]) + self.file_id + struct.pack(">Q", index)
        sealed = ctypes.create_string_buffer(len(plaintext) + 17)
        sodium.crypto_secretstream_xchacha20poly1305_push(
            self.state, sealed, None, plaintext, ctypes.c_ulonglong(len(plaintext)),
            ad, ctypes.c_ulonglong(len(ad)), ctypes.c_ubyte(tag))
        return struct.pack(">I", len(sealed.raw)) + sealed.raw


def plaintext(n):
    return bytes((i * 7) % 251 for i in range(n))


def canonical(data, **kw):
    """Header and frames exactly as section 4 of the spec says."""
    s = Stream(**kw)
    pieces = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    frames = [s.chunk(p, TAG_FINAL if i == len(pieces) - 1 else TAG_MESSAGE, i)
              for i, p in enumerate(pieces)]
    return s.header, frames


def write(name, data):
    with open(os.path.join(ARGS.out, name), "wb") as f:
        f.write(data)


def main():
    body = plaintext(2500)  # chunks of 1024, 1024 and 452 bytes
    h, f = canonical(body)
    write("ValidThreeChunks.tve", h + b"".join(f))
    h0, f0 = canonical(b"")
    write("ValidEmpty.tve", h0 + b"".join(f0))

    write("BrokenMissingFinalChunk.tve", h + f[0] + f[1])
    write("BrokenTruncatedMidChunk.tve", h + f[0] + f[1] + f[2][: len(f[2]) // 2])
    write("BrokenTrailingByte.tve", h + b"".join(f) + b"\x00")
    write("BrokenTrailingChunk.tve", h + b"".join(f) + f[0])
    write("BrokenSwappedChunks.tve", h + f[1] + f[0] + f[2])
    write("BrokenDuplicatedChunk.tve", h + f[0] + f[0] + f[1] + f[2])
    mac_flip = bytearray(f[1])
    mac_flip[-1] ^= 0x01
    write("BrokenFlippedMac.tve", h + f[0] + bytes(mac_flip) + f[2])
    header_flip = bytearray(h)
    header_flip[20] ^= 0x01  # inside the secretstream header
    write("BrokenFlippedStreamHeader.tve", bytes(header_flip) + b"".join(f))

    hv, fv = canonical(body, version=2)
    write("BrokenUnknownVersion.tve", hv + b"".join(fv))
    hw, fw = canonical(body, file_id=b"E-0THER1")
    write("BrokenOtherFileId.tve", hw + b"".join(fw))

    # Properly sealed, but against the layout rules (only a key holder could).
    s = Stream()
    write("BrokenFinalInTheMiddle.tve", s.header + s.chunk(body[:1024], TAG_FINAL, 0)
          + s.chunk(body[1024:2048], TAG_MESSAGE, 1) + s.chunk(body[2048:], TAG_FINAL, 2))
    s = Stream()
    write("BrokenShortChunkNotFinal.tve", s.header + s.chunk(body[:1000], TAG_MESSAGE, 0)
          + s.chunk(body[1000:], TAG_FINAL, 1))
    s = Stream()
    write("BrokenEmptyFinalChunk.tve", s.header + s.chunk(body[:1024], TAG_MESSAGE, 0)
          + s.chunk(b"", TAG_FINAL, 1))
    s = Stream()
    write("BrokenPushTag.tve", s.header + s.chunk(body[:1024], TAG_PUSH, 0)
          + s.chunk(body[1024:1500], TAG_FINAL, 1))


if __name__ == "__main__":
    main()
