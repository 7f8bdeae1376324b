#!/usr/bin/env python3
"""Derives the Broken* fixtures in this directory from Good.minisig and
fixture.pub (both written by minisign 0.11; see README.md). No secret key is
needed: each fixture is a deliberate defect, and tests/unit/bundle/
minisign_broken_test.cc says how each one must be refused.

Run from this directory: python3 make_broken.py
"""
import base64

good = open("Good.minisig", "rb").read()
lines = good.split(b"\n")  # 4 lines and a final empty element
assert len(lines) == 5 and lines[4] == b""
untrusted, sig_line, trusted, global_line = lines[:4]
blob = bytearray(base64.b64decode(sig_line, validate=True))
assert len(blob) == 74 and blob[:2] == b"ED"


def b64(b):
    return base64.b64encode(bytes(b))


def join(*ls):
    return b"\n".join(ls) + b"\n"


def with_blob(edit):
    b = bytearray(blob)
    edit(b)
    return join(untrusted, b64(b), trusted, global_line)


def flip(b, i):
    b[i] ^= 0x01


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


# Refused by ParseSignatureFile.
write("BrokenAlgorithm.minisig", with_blob(lambda b: b.__setitem__(slice(0, 2), b"EE")))
write("BrokenTruncatedBase64.minisig", join(untrusted, sig_line[:-4], trusted, global_line))
write("BrokenExtraLine.minisig", good + b"trusted comment: appended line\n")
write("BrokenCrlf.minisig", good.replace(b"\n", b"\r\n"))
write("BrokenTrustedCommentPrefix.minisig",
      join(untrusted, sig_line, trusted[len(b"trusted comment: "):], global_line))
write("BrokenUntrustedCommentPrefix.minisig",
      join(untrusted[len(b"untrusted comment: "):], sig_line, trusted, global_line))
write("BrokenLongTrustedComment.minisig",
      join(untrusted, sig_line, b"trusted comment: " + b"A" * 8192, global_line))
write("BrokenLongUntrustedComment.minisig",
      join(b"untrusted comment: " + b"A" * 1004, sig_line, trusted, global_line))
write("BrokenOversized.minisig", good + b"#" * 10240)
write("BrokenMissingFinalNewline.minisig", good[:-1])
write("BrokenEmpty.minisig", b"")
write("BrokenNulInComment.minisig",
      join(untrusted, sig_line, trusted + b"\0hidden", global_line))
# The last data character of an "=="-padded 88-char line carries 4 unused
# bits; setting one gives a non-canonical encoding of the same 64 bytes.
alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
last = global_line[85]
assert alphabet.index(last) % 16 == 0
noncanonical = global_line[:85] + bytes([alphabet[alphabet.index(last) + 1]]) + b"=="
write("BrokenNonCanonicalBase64.minisig", join(untrusted, sig_line, trusted, noncanonical))

# Parsed, then refused by Verify.
write("BrokenKeyId.minisig", with_blob(lambda b: flip(b, 2)))
write("BrokenSignature.minisig", with_blob(lambda b: flip(b, 40)))
g = bytearray(base64.b64decode(global_line, validate=True))
flip(g, 10)
write("BrokenGlobalSignature.minisig", join(untrusted, sig_line, trusted, b64(g)))
write("BrokenTrustedComment.minisig",
      join(untrusted, sig_line, trusted.replace(b"good", b"edited"), global_line))

# Public keys: caller input, refused by ParsePublicKey.
pub = open("fixture.pub", "rb").read()
pub_comment, pub_line = pub.split(b"\n")[:2]
pk = bytearray(base64.b64decode(pub_line, validate=True))
assert len(pk) == 42 and pk[:2] == b"Ed"
write("BrokenAlgorithm.pub", pub_comment + b"\n" + b64(b"ED" + pk[2:]) + b"\n")
write("BrokenCrlf.pub", pub.replace(b"\n", b"\r\n"))
write("BrokenMissingFinalNewline.pub", pub[:-1])
write("BrokenTruncated.pub", pub_comment + b"\n" + pub_line[:52] + b"\n")
write("BrokenSmallOrderKey.pub", pub_comment + b"\n" + b64(pk[:10] + bytes(32)) + b"\n")
