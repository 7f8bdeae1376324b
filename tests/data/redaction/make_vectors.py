#!/usr/bin/env python3
"""Known-answer vectors for docs/redaction-format.md, computed from the spec
with Python's hashlib (an implementation independent of tvault's C++, which
uses OpenSSL and libsodium). Writes vectors.txt here and seeds the fuzz corpus:

    python3 tests/data/redaction/make_vectors.py tests/fuzz/corpus/redaction_proof

Each block: secret, text (hex), hidden token ranges ("a-b,c-d" or "-"),
token count, salt_0, salt_1 (when there are two tokens), leaf hash 0, root, commitment, the serialised proof of
that redaction, and the redacted text (hex). Deterministic: rerunning it
rewrites the same files.
"""
import hashlib
import os
import struct
import sys

WHITESPACE = set(range(0x09, 0x0E)) | {0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029,
                                        0x202F, 0x205F, 0x3000} | set(range(0x2000, 0x200B))
MARK = "\u2588" * 5


def tokens_of(text: bytes):
    s = text.decode("utf-8")  # strict: refuses what section 1 refuses
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and ord(s[j]) not in WHITESPACE:
            j += 1
        while j < len(s) and ord(s[j]) in WHITESPACE:
            j += 1
        out.append(s[i:j].encode("utf-8"))
        i = j
    return out


def salt(secret, i):
    pair = hashlib.blake2b(b"tvault/v1/redaction-salt" + struct.pack(">Q", i // 2),
                           digest_size=64, key=secret).digest()
    return pair[32 * (i % 2):32 * (i % 2) + 32]


def leaf_hash(i, salt_i, token):
    entry = b"tvault/v1/redaction-leaf" + struct.pack(">Q", i) + salt_i + struct.pack(">I", len(token)) + token
    return hashlib.sha256(b"\x00" + entry).digest()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def commitment(n, root):
    return hashlib.sha256(b"tvault/v1/redaction-commitment" + struct.pack(">Q", n) + root).digest()


def cover(leaves, lo, hi, a, b):
    if hi <= a or b <= lo:
        return []
    if a <= lo and hi <= b:
        return [mth(leaves[lo:hi])]
    k = split(hi - lo)
    return cover(leaves, lo, lo + k, a, b) + cover(leaves, lo + k, hi, a, b)


def runs_of(n, hidden):
    hidden_set = {i for a, b in hidden for i in range(a, b)}
    runs, i = [], 0
    while i < n:
        j, h = i, i in hidden_set
        while j < n and (j in hidden_set) == h:
            j += 1
        runs.append((h, i, j))
        i = j
    return runs


def vector(secret, text, hidden):
    toks = tokens_of(text)
    n = len(toks)
    salts = [salt(secret, i) for i in range(n)]
    leaves = [leaf_hash(i, salts[i], toks[i]) for i in range(n)]
    root = mth(leaves)
    c = commitment(n, root)
    runs = runs_of(n, hidden)
    proof = b"TVREDACT" + struct.pack(">HI", 1, n) + c + struct.pack(">I", len(runs))
    shown = b""
    for h, a, b in runs:
        proof += struct.pack(">BI", 2 if h else 1, b - a)
        if h:
            proof += b"".join(cover(leaves, 0, n, a, b))
            shown += MARK.encode() + (b" " if b < n else b"")
        else:
            for i in range(a, b):
                proof += salts[i] + struct.pack(">I", len(toks[i])) + toks[i]
                shown += toks[i]
    return {"tokens": n, "salt0": salts[0] if n else b"", "salt1": salts[1] if n > 1 else b"", "leaf0": leaves[0] if n else b"",
            "root": root, "commitment": c, "proof": proof, "redacted": shown}


def long_statement():
    words = ("the soldiers came to the village of Qaraqash at night and took my brother "
             "Ahmet Yilmaz and two neighbours to the police station on Bahar street").split()
    lines, out = [], []
    for i in range(300):
        out.append(words[i % len(words)])
        if i % 17 == 16:
            lines.append(" ".join(out))
            out = []
    lines.append(" ".join(out))
    return ("\n".join(lines) + "\n").encode()


CASES = [
    ("empty", bytes(range(32)), b"", []),
    ("one_word", bytes(range(32)), b"Hello", []),
    ("one_word_hidden", bytes(range(32)), b"Hello", [(0, 1)]),
    ("leading_gap", bytes(range(1, 33)), b"  \tmy name is Leyla.\n", [(4, 5)]),
    ("only_whitespace", bytes(range(1, 33)), b" \r\n\t ", []),
    ("french_nbsp", bytes([7] * 32),
     "Le témoin M.\u00a0Dupont a vu l\u2019arrestation\u202f; c\u2019était le 3\u00a0mai.\n".encode(),
     [(3, 4)]),
    ("unicode_gaps", bytes([0xA5] * 32),
     "证人\u3000王芳\u3000说\u2003Ahmet\u2028Y\u0085Z\u1680end\r\n".encode(), [(1, 2), (4, 6)]),
    ("all_hidden", bytes([9] * 32), b"a b c d e f g", [(0, 7)]),
    ("last_hidden_no_gap", bytes([9] * 32), b"Seen by Ahmet Yilmaz", [(2, 4)]),
    ("long_statement", bytes(range(100, 132)), long_statement(),
     [(0, 1), (9, 11), (26, 27), (64, 100), (128, 129), (290, 300)]),
]


def main(corpus_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    blocks = ["# docs/redaction-format.md known answers, written by make_vectors.py (Python hashlib).\n"]
    for name, secret, text, hidden in CASES:
        v = vector(secret, text, hidden)
        ranges = ",".join(f"{a}-{b}" for a, b in hidden) or "-"
        blocks.append(
            f"name = {name}\nsecret = {secret.hex()}\ntext = {text.hex()}\nhidden = {ranges}\n"
            f"tokens = {v['tokens']}\nsalt0 = {v['salt0'].hex()}\nsalt1 = {v['salt1'].hex()}\nleaf0 = {v['leaf0'].hex()}\n"
            f"root = {v['root'].hex()}\ncommitment = {v['commitment'].hex()}\n"
            f"proof = {v['proof'].hex()}\nredacted = {v['redacted'].hex()}\n")
        if corpus_dir and name in ("one_word_hidden", "french_nbsp", "unicode_gaps", "long_statement",
                                   "empty", "last_hidden_no_gap"):
            with open(os.path.join(corpus_dir, name + ".proof"), "wb") as f:
                f.write(v["proof"])
    with open(os.path.join(here, "vectors.txt"), "w") as f:
        f.write("\n".join(blocks))
    if corpus_dir:
        write_broken(corpus_dir)


def write_broken(corpus_dir):
    """Proofs that break section 4.1 once each, seeds for the fuzzer."""
    secret = bytes([9] * 32)
    good = vector(secret, b"Seen by Ahmet Yilmaz in the yard", [(2, 4)])["proof"]
    header = 8 + 2 + 4 + 32 + 4
    split = vector(secret, b"Seen by Ahmet", [])["proof"]  # one revealed run of 3
    n, c = struct.unpack(">I", split[10:14])[0], split[14:46]
    tokens = split[header + 5:]
    first_len = 32 + 4 + struct.unpack(">I", tokens[32:36])[0]
    split_runs = (struct.pack(">BI", 1, 1) + tokens[:first_len] +
                  struct.pack(">BI", 1, n - 1) + tokens[first_len:])
    broken = {
        "BrokenTruncated": good[:-1],
        "BrokenTrailingByte": good + b"\x00",
        "BrokenVersion2": good[:8] + b"\x00\x02" + good[10:],
        "BrokenMagic": b"TVREDACX" + good[8:],
        "BrokenTokenCount": good[:10] + struct.pack(">I", 8) + good[14:],
        "BrokenRunCount": good[:46] + struct.pack(">I", 0) + good[50:],
        "BrokenRunKind": good[:50] + b"\x03" + good[51:],
        "BrokenZeroRun": good[:51] + struct.pack(">I", 0) + good[55:],
        "BrokenSplitRun": split[:46] + struct.pack(">I", 2) + split_runs,
        "BrokenFlippedToken": good.replace(b"Seen ", b"Seem "),
        "BrokenTwoWordsInAToken": good.replace(b"\x00\x00\x00\x05Seen ", b"\x00\x00\x00\x05S en "),
        "BrokenTokenNotUtf8": good.replace(b"Seen ", b"Se\xc3n "),
        "BrokenHugeTokenLength": good[:55 + 32] + b"\xff\xff\xff\xff" + good[55 + 36:],
    }
    assert n == 3 and len(c) == 32
    for name, data in broken.items():
        assert data != good
        with open(os.path.join(corpus_dir, name + ".proof"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
