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


# ---------------------------------------------------------------------------
# Primitives for checking the custody of a redaction (the bundle integration):
# an RFC 9162 inclusion proof of an audit event in a signed checkpoint, and
# Ed25519 verification (RFC 8032 section 5.1.7), written from the RFCs' math
# so that no third-party package is needed.

def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2: whether `proof` (hashes, leaf's sibling
    first) leads from `leaf` at `index` of a tree of `size` leaves to `root`."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = (-121665 * pow(121666, ED_P - 2, ED_P)) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)


def _ed_add(a, b):
    """Twisted Edwards addition in extended coordinates (X, Y, Z, T), x = X/Z,
    y = Y/Z, xy = T/Z (RFC 8032 section 5.1.4)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    k = (y1 - x1) * (y2 - x2) % ED_P
    m = (y1 + x1) * (y2 + x2) % ED_P
    c = 2 * ED_D * t1 * t2 % ED_P
    dd = 2 * z1 * z2 % ED_P
    e, f, g, h = m - k, dd - c, dd + c, m + k
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def _ed_mul(scalar, point):
    result = (0, 1, 1, 0)  # the neutral element
    while scalar > 0:
        if scalar & 1:
            result = _ed_add(result, point)
        point = _ed_add(point, point)
        scalar >>= 1
    return result


def _ed_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % ED_P == 0 and (a[1] * b[2] - b[1] * a[2]) % ED_P == 0


def _ed_decode(data):
    """RFC 8032 section 5.1.3; None for an encoding that does not decode."""
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= ED_P:
        return None
    u, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
    x = u * pow(v, 3, ED_P) * pow(u * pow(v, 7, ED_P), (ED_P - 5) // 8, ED_P) % ED_P
    if (v * x * x - u) % ED_P != 0:
        if (v * x * x + u) % ED_P != 0:
            return None
        x = x * ED_SQRT_M1 % ED_P
    if x == 0 and sign == 1:
        return None
    if x % 2 != sign:
        x = ED_P - x
    return (x, y, 1, x * y % ED_P)


ED_B = _ed_decode(bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666"))


def ed25519_verify(public_key, message, signature):
    """RFC 8032 section 5.1.7, the cofactored equation [8][S]B = [8]R + [8][k]A."""
    if len(signature) != 64:
        return False
    a, r = _ed_decode(public_key), _ed_decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= ED_L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % ED_L
    left = _ed_mul(8, _ed_mul(s, ED_B))
    right = _ed_mul(8, _ed_add(r, _ed_mul(k, a)))
    return _ed_equal(left, right)


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
