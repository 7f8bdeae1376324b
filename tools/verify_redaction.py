#!/usr/bin/env python3
"""Checks a tvault redaction proof against the commitment a sender's signed
audit log recorded, with nothing but Python 3's standard library.

    python3 verify_redaction.py PROOF_FILE EXPECTED_COMMITMENT_HEX [--out FILE]

On success it writes the redacted text (the revealed words, each hidden run
shown as a mark of fixed width) and exits 0; otherwise it prints one line
"verify_redaction: error: ..." on standard error and exits 1.

Written from docs/redaction-format.md (format 1) of the tvault repository,
independently of tvault's own C++ verifier, so that a recipient can check a
redaction with a program the sender did not choose. It trusts the expected
commitment it is given: that the commitment is the one in the sender's
signed log is checked separately (the bundle's custody proof).
"""
import hashlib
import struct
import sys

MAGIC = b"TVREDACT"
MAX_TOKENS = 1 << 23
MAX_TEXT_BYTES = 1 << 24
MAX_PROOF_BYTES = 1 << 29
MARK = "\u2588" * 5
# Unicode White_Space, fixed by the spec (not str.isspace(), which differs).
WHITESPACE = frozenset(list(range(0x09, 0x0E)) + [0x20, 0x85, 0xA0, 0x1680] +
                       list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000])


class ProofError(Exception):
    pass


def largest_power_of_two_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def cover_size(lo, hi, a, b):
    """Number of maximal subtrees of [lo, hi) that lie inside [a, b)."""
    if hi <= a or b <= lo:
        return 0
    if a <= lo and hi <= b:
        return 1
    k = largest_power_of_two_below(hi - lo)
    return cover_size(lo, lo + k, a, b) + cover_size(lo + k, hi, a, b)


def well_formed_token(token, index, count):
    try:
        s = token.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not s:
        return False
    i = 0
    while i < len(s) and ord(s[i]) not in WHITESPACE:
        i += 1
    if i == 0 and index != 0:
        return False  # only token 0 may be whitespace alone
    gap = s[i:]
    if any(ord(c) not in WHITESPACE for c in gap):
        return False  # whitespace inside the token, or a second word
    return index == count - 1 or gap != ""


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n, what):
        if len(self.data) - self.pos < n:
            raise ProofError("malformed redaction proof: truncated " + what)
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self, what):
        return self.take(1, what)[0]

    def u16(self, what):
        return struct.unpack(">H", self.take(2, what))[0]

    def u32(self, what):
        return struct.unpack(">I", self.take(4, what))[0]


def parse(data):
    """Returns (n, commitment, runs); runs are (kind, first, count, items)."""
    if len(data) > MAX_PROOF_BYTES:
        raise ProofError("malformed redaction proof: larger than 512 MiB")
    r = Reader(data)
    if r.take(len(MAGIC), "header") != MAGIC:
        raise ProofError("malformed redaction proof: not a redaction proof")
    version = r.u16("header")
    if version != 1:
        raise ProofError(f"redaction proof format {version} is not supported")
    n = r.u32("header")
    commitment = r.take(32, "header")
    run_count = r.u32("header")
    if n > MAX_TOKENS:
        raise ProofError("malformed redaction proof: more than 2^23 tokens")
    if (run_count == 0) != (n == 0) or run_count > n:
        raise ProofError("malformed redaction proof: run count does not fit the token count")
    runs, first, revealed_bytes = [], 0, 0
    for _ in range(run_count):
        kind, count = r.u8("run"), r.u32("run")
        if kind not in (1, 2):
            raise ProofError("malformed redaction proof: unknown run kind")
        if runs and runs[-1][0] == kind:
            raise ProofError("malformed redaction proof: two adjacent runs of one kind")
        if count == 0 or count > n - first:
            raise ProofError("malformed redaction proof: run length out of range")
        if kind == 2:
            h = cover_size(0, n, first, first + count)
            items = [r.take(32, "cover") for _ in range(h)]
        else:
            items = []
            for i in range(first, first + count):
                salt = r.take(32, "token")
                token = r.take(r.u32("token"), "token")
                revealed_bytes += len(token)
                if revealed_bytes > MAX_TEXT_BYTES:
                    raise ProofError("malformed redaction proof: more than 16 MiB of revealed text")
                if not well_formed_token(token, i, n):
                    raise ProofError(f"malformed redaction proof: token {i} is not a well-formed token")
                items.append((salt, token))
        runs.append((kind, first, count, items))
        first += count
    if first != n:
        raise ProofError("malformed redaction proof: runs do not cover the tokens")
    if r.pos != len(data):
        raise ProofError("malformed redaction proof: trailing bytes")
    return n, commitment, runs


def leaf_hash(index, salt, token):
    entry = (b"tvault/v1/redaction-leaf" + struct.pack(">Q", index) + salt +
             struct.pack(">I", len(token)) + token)
    return hashlib.sha256(b"\x00" + entry).digest()


def rebuild_root(n, runs):
    if n == 0:
        return hashlib.sha256(b"").digest()
    starts = [run[1] for run in runs]
    used = [0] * len(runs)

    def run_of(i):
        lo, hi = 0, len(starts)  # the last run starting at or before i
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if starts[mid] <= i:
                lo = mid
            else:
                hi = mid
        return lo

    def build(lo, hi):
        r = run_of(lo)
        kind, first, count, items = runs[r]
        if kind == 2 and hi <= first + count:
            if used[r] >= len(items):
                raise ProofError("the redaction proof does not match the commitment")
            used[r] += 1
            return items[used[r] - 1]
        if hi - lo == 1:
            salt, token = items[lo - first]
            return leaf_hash(lo, salt, token)
        k = largest_power_of_two_below(hi - lo)
        left = build(lo, lo + k)
        return hashlib.sha256(b"\x01" + left + build(lo + k, hi)).digest()

    root = build(0, n)
    if any(runs[r][0] == 2 and used[r] != len(runs[r][3]) for r in range(len(runs))):
        raise ProofError("the redaction proof does not match the commitment")
    return root


def verify(data, expected):
    n, stated, runs = parse(data)
    root = rebuild_root(n, runs)
    commitment = hashlib.sha256(b"tvault/v1/redaction-commitment" + struct.pack(">Q", n) + root).digest()
    if commitment != expected or commitment != stated:
        raise ProofError("the redaction proof does not match the commitment")
    out = []
    for kind, first, count, items in runs:
        if kind == 1:
            out.extend(token for _, token in items)
        else:
            out.append(MARK.encode() + (b" " if first + count < n else b""))
    return b"".join(out)


def for_terminal(text):
    """Control characters (but tab and line feed) as \\u{XX}, so that a
    revealed token cannot drive the terminal."""
    shown = []
    for c in text.decode("utf-8"):
        o = ord(c)
        if (o < 0x20 and c not in "\t\n") or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029) \
                or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            shown.append("\\u{%04X}" % o)
        else:
            shown.append(c)
    return "".join(shown).encode("utf-8")


def main(argv):
    args = argv[1:]
    out_path = None
    if len(args) == 4 and args[2] == "--out":
        out_path = args[3]
        args = args[:2]
    if len(args) != 2:
        raise ProofError("usage: verify_redaction.py PROOF_FILE EXPECTED_COMMITMENT_HEX [--out FILE]")
    proof_path, expected_hex = args
    if len(expected_hex) != 64 or any(c not in "0123456789abcdef" for c in expected_hex):
        raise ProofError("the expected commitment is not 64 lowercase hex digits")
    try:
        with open(proof_path, "rb") as f:
            data = f.read(MAX_PROOF_BYTES + 1)
    except OSError as e:
        raise ProofError(f"cannot read {proof_path}: {e.strerror}")
    text = verify(data, bytes.fromhex(expected_hex))
    if out_path is not None:
        with open(out_path, "wb") as f:
            f.write(text)
    elif sys.stdout.isatty():
        sys.stdout.buffer.write(for_terminal(text))
    else:
        sys.stdout.buffer.write(text)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    try:
        main(sys.argv)
    except ProofError as e:
        print(f"verify_redaction: error: {e}", file=sys.stderr)
        sys.exit(1)
    except RecursionError:
        print("verify_redaction: error: the redaction proof is too deep to check", file=sys.stderr)
        sys.exit(1)
