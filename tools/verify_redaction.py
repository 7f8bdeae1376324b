#!/usr/bin/env python3
"""Checks a tvault redaction proof against the commitment a sender's signed
audit log recorded, or a whole unpacked export bundle, with nothing but
Python 3's standard library.

    python3 verify_redaction.py PROOF_FILE EXPECTED_COMMITMENT_HEX [--out FILE]
    python3 verify_redaction.py --bundle DIR --signer-key RW...
    python3 verify_redaction.py --help

With a proof, on success it writes the redacted text (the revealed words,
each hidden run shown as a mark of fixed width) and exits 0. It trusts the
expected commitment it is given.

With --bundle, DIR is a directory where a format-2 or format-3 bundle was
unpacked (`age -d -i KEY bundle.tvb | tar x`); RW... is the sender's
minisign public key, obtained from the sender over a channel you trust. Run
this script from where you keep it, never from inside DIR. It checks the
signature, every file's SHA-256, the manifest, the custody proof that ties
each statement version (and each redaction's commitment) to the sender's
signed audit log, and every redaction proof; it prints one line per
statement version and "bundle B-...: verified", and exits 0.

A format-3 bundle also carries RFC 3161 time-stamp tokens over checkpoints
of the sender's log (timestamps/N.checkpoint.txt and timestamps/N.tsr). For
each, it checks that the checkpoint is signed by the sender, that the
bundle's own checkpoint extends it (an RFC 9162 consistency proof), and that
the token's message imprint is the checkpoint's SHA-256; it then prints the
time the token states, and for each version the earliest such time after
its event was logged ("existed by"). It does NOT check the time-stamping
authority's signature of a token: it prints, for each N, the command that
does, to be run in DIR with the authority's CA certificate (from the
authority, never from the bundle):

    openssl ts -verify -data timestamps/N.checkpoint.txt -in timestamps/N.tsr -CAfile tsa-ca.pem

Until that command succeeds, a time is only what the token says: a sender
can make tokens with an authority of their own.

On any failure it prints one line "verify_redaction: error: ..." on standard
error and exits 1.

Written from docs/redaction-format.md (format 1), docs/bundle-format.md
(formats 2 and 3) and docs/audit-format.md of the tvault repository, and
from RFC 9162, RFC 8032 and RFC 3161, independently of tvault's own C++
verifier, so that a recipient can check with a program the sender did not
choose.
"""
import base64
import calendar
import datetime
import hashlib
import json
import os
import stat
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
WHITESPACE_TEXT = "".join(map(chr, sorted(WHITESPACE)))
WHITESPACE_CHARS = frozenset(WHITESPACE_TEXT)


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
    """Whether `token` could be token `index` of `count` (section 1): a word
    then a gap, or (token 0 only) a gap alone; only the last may lack a gap."""
    try:
        s = token.decode("utf-8")
    except UnicodeDecodeError:
        return False
    word = s.rstrip(WHITESPACE_TEXT)
    if not s or (not word and index != 0):
        return False  # empty, or whitespace alone but as token 0
    if not WHITESPACE_CHARS.isdisjoint(word):
        return False  # whitespace inside the word or before it
    return index == count - 1 or len(word) < len(s)


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
    return check_proof(parse(data), expected)[2]


def check_proof(parsed, expected):
    """Returns (token count, hidden token count, redacted text) of a parsed
    proof that matches the `expected` commitment."""
    n, stated, runs = parsed
    root = rebuild_root(n, runs)
    commitment = hashlib.sha256(b"tvault/v1/redaction-commitment" + struct.pack(">Q", n) + root).digest()
    if commitment != expected or commitment != stated:
        raise ProofError("the redaction proof does not match the commitment")
    out, hidden = [], 0
    for kind, first, count, items in runs:
        if kind == 1:
            out.extend(token for _, token in items)
        else:
            hidden += count
            out.append(MARK.encode() + (b" " if first + count < n else b""))
    return n, hidden, b"".join(out)


# ---------------------------------------------------------------------------
# Primitives for checking the custody of a redaction (the bundle integration):
# an RFC 9162 inclusion proof of an audit event in a signed checkpoint,
# Ed25519 verification (RFC 8032 section 5.1.7), and (format 3) an RFC 9162
# consistency proof between two checkpoints, written from the RFCs' math so
# that no third-party package is needed.

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


def verify_consistency(first, second, first_root, second_root, proof):
    """RFC 9162 section 2.1.4.2: whether `proof` shows that the tree of
    `first` leaves with root `first_root` is a prefix of the tree of
    `second` leaves with root `second_root`. The RFC's algorithm covers
    0 < first < second; for equal sizes the proof is empty and the roots
    equal (section 2.1.4.1 proves nothing else); a size 0 is refused (a
    stamped checkpoint has at least one event)."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False  # step 1
    path = ([first_root] if first & (first - 1) == 0 else []) + list(proof)  # step 2
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hashlib.sha256(b"\x01" + c + fr).digest()
            sr = hashlib.sha256(b"\x01" + c + sr).digest()
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = hashlib.sha256(b"\x01" + sr + c).digest()
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0  # step 7


# ---------------------------------------------------------------------------
# RFC 3161 time-stamp responses (docs/audit-format.md section 10), read with a
# strict DER reader (ITU-T X.690 section 10): definite lengths in their
# shortest form, every element inside the one that holds it, the constructed
# form for SEQUENCE, SET and context tags only, no end-of-contents octets,
# nothing after the outer element. Every constructed element of the response
# is checked so, also those that nothing here reads (the certificates, the
# signer infos). What is read: the status, and the token's message imprint,
# nonce, time and authority name. The authority's CMS signature is NOT
# checked (that needs X.509 and ECDSA/RSA, which Python's standard library
# does not have): `openssl ts -verify` does it.

DER_MAX_DEPTH = 64  # levels of constructed elements, the outer one being level 1
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
TAG_BOOLEAN, TAG_INTEGER, TAG_BIT_STRING, TAG_OCTET_STRING, TAG_NULL, TAG_OID = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
TAG_GENERALIZED_TIME, TAG_SEQUENCE, TAG_SET = 0x18, 0x30, 0x31
TAG_CONTEXT_0, TAG_CONTEXT_1, TAG_CONTEXT_3, TAG_DIRECTORY_NAME = 0xA0, 0xA1, 0xA3, 0xA4
TAG_CONTEXT_PRIMITIVE_0, TAG_CONTEXT_PRIMITIVE_1, TAG_CONTEXT_PRIMITIVE_2 = 0x80, 0x81, 0x82
OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14"
# Short names of the attributes a directory name usually holds (RFC 4514
# section 3, and OpenSSL's emailAddress); others are shown as dotted OIDs.
NAME_ATTRIBUTES = {"2.5.4.3": "CN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
                   "2.5.4.8": "ST", "2.5.4.9": "STREET", "2.5.4.10": "O", "2.5.4.11": "OU",
                   "0.9.2342.19200300.100.1.1": "UID", "0.9.2342.19200300.100.1.25": "DC",
                   "1.2.840.113549.1.9.1": "emailAddress"}
NAME_STRING_CODECS = {0x0C: "utf-8", 0x13: "ascii", 0x14: "latin-1", 0x16: "ascii", 0x1A: "ascii",
                      0x1C: "utf-32-be", 0x1E: "utf-16-be"}


class DerError(ProofError):
    pass


def der_element(data, pos, end):
    """(tag, start, stop) of the DER element at data[pos:end]; its contents
    are data[start:stop]."""
    if end - pos < 2:
        raise DerError("not DER: truncated")
    tag, first = data[pos], data[pos + 1]
    if tag & 0x1F == 0x1F:
        raise DerError("not DER: a tag number in the high-tag-number form")
    if tag == 0:
        raise DerError("not DER: end-of-contents octets (BER)")
    if tag & 0xC0 == 0 and tag & 0x20 and tag not in (TAG_SEQUENCE, TAG_SET):
        raise DerError("not DER: a universal type in the constructed form (BER)")
    pos += 2
    if first == 0x80:
        raise DerError("not DER: an indefinite length (BER)")
    if first < 0x80:
        length = first
    else:
        n = first & 0x7F
        if n > 4:
            raise DerError("not DER: a length of more than 4 bytes")
        if end - pos < n:
            raise DerError("not DER: truncated")
        length = int.from_bytes(data[pos:pos + n], "big")
        if data[pos] == 0 or length < 0x80:
            raise DerError("not DER: a length not in its shortest form")
        pos += n
    if length > end - pos:
        raise DerError("not DER: truncated (an element is longer than what holds it)")
    return tag, pos, pos + length


def der_check(data):
    """Refuses `data` unless it is one DER element, every constructed element
    in it being a sequence of DER elements that fills it exactly."""
    if der_element(data, 0, len(data))[2] != len(data):
        raise DerError("not DER: bytes after its end")
    pending = [(0, len(data), 0)]
    while pending:
        pos, end, depth = pending.pop()
        while pos < end:
            tag, start, stop = der_element(data, pos, end)
            if tag & 0x20:
                if depth == DER_MAX_DEPTH:
                    raise DerError(f"not DER: nested more than {DER_MAX_DEPTH} deep")
                pending.append((start, stop, depth + 1))
            pos = stop


class DerReader:
    """The elements of one constructed element's contents (checked by
    der_check), read in order; `what` names the element in errors."""

    def __init__(self, data, what):
        self.data, self.pos, self.what = data, 0, what

    def next_tag(self):
        return self.data[self.pos] if self.pos < len(self.data) else None

    def take(self, tag, what):
        """The contents of the next element, which must have `tag`."""
        if self.next_tag() != tag:
            raise DerError(f"{self.what}: {what} is missing or not where it belongs")
        _, start, stop = der_element(self.data, self.pos, len(self.data))
        self.pos = stop
        return self.data[start:stop]

    def optional(self, tag):
        """The contents of the next element if it has `tag`, else None."""
        return self.take(tag, "") if self.next_tag() == tag else None

    def take_any(self, what):
        """(tag, contents, the whole element) of the next element."""
        if self.next_tag() is None:
            raise DerError(f"{self.what}: {what} is missing")
        tag, start, stop = der_element(self.data, self.pos, len(self.data))
        whole = self.data[self.pos:stop]
        self.pos = stop
        return tag, self.data[start:stop], whole

    def inner(self, tag, what):
        return DerReader(self.take(tag, what), f"{self.what}: {what}")

    def end(self):
        if self.pos != len(self.data):
            raise DerError(f"{self.what}: an element follows its last field")


def der_integer(contents, what):
    """A two's complement INTEGER in its shortest form."""
    if not contents or (len(contents) > 1 and (contents[0] == 0 and contents[1] < 0x80
                                               or contents[0] == 0xFF and contents[1] >= 0x80)):
        raise DerError(f"{what} is not a DER INTEGER")
    return int.from_bytes(contents, "big", signed=True)


def der_oid(contents, what):
    """An OBJECT IDENTIFIER, in dotted decimal."""
    arcs, value, starts = [], 0, True
    if not contents or contents[-1] & 0x80:
        raise DerError(f"{what} is not a DER OBJECT IDENTIFIER")
    for b in contents:
        if starts and b == 0x80:
            raise DerError(f"{what} is not a DER OBJECT IDENTIFIER")  # an arc padded with zeros
        value = value << 7 | b & 0x7F
        starts = not b & 0x80
        if starts:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(map(str, [first, arcs[0] - 40 * first] + arcs[1:]))


def der_generalized_time(contents, what):
    """A DER GeneralizedTime (X.690 section 11.7), YYYYMMDDHHMMSS[.f...]Z
    with no trailing zero in the fraction, naming a real instant: (that
    instant rounded down to a second as YYYY-MM-DDTHH:MM:SSZ, Unix seconds)."""
    text = contents.decode("ascii", "replace")
    digits = frozenset("0123456789")
    fraction = text[14:-1]
    if len(text) < 15 or text[-1] != "Z" or not digits.issuperset(text[:14]) or (fraction and (
            fraction[0] != "." or len(fraction) < 2 or fraction[-1] == "0" or not digits.issuperset(fraction[1:]))):
        raise DerError(f"{what} is not a DER GeneralizedTime")
    try:
        t = datetime.datetime(int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]),
                              int(text[10:12]), int(text[12:14]), tzinfo=datetime.timezone.utc)
    except ValueError:
        raise DerError(f"{what} is not a real instant")
    iso = f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}:{text[12:14]}Z"
    return iso, calendar.timegm(t.utctimetuple())


def dn_escape(value):
    """RFC 4514 section 2.4: the special characters, a leading space or #
    and a trailing space get a backslash, NUL is \\00."""
    last = len(value) - 1
    return "".join("\\00" if c == "\0" else "\\" + c if c in '"+,;<>\\' or (i == 0 and c in "# ")
                   or (i == last and c == " ") else c for i, c in enumerate(value))


def der_name(contents, what):
    """A directory Name (RFC 5280 section 4.1.2.4): its relative
    distinguished names in order, each a list of (attribute, value) with
    the value escaped as RFC 4514 says (a value of an unknown string type as
    # and the hex of its DER)."""
    rdns, r = [], DerReader(contents, what)
    while r.next_tag() is not None:
        rdn, pairs = r.inner(TAG_SET, "a relative distinguished name"), []
        while rdn.next_tag() is not None:
            atv = rdn.inner(TAG_SEQUENCE, "an attribute")
            oid = der_oid(atv.take(TAG_OID, "an attribute type"), f"{what}: an attribute type")
            tag, value, whole = atv.take_any("an attribute value")
            atv.end()
            try:
                text = dn_escape(value.decode(NAME_STRING_CODECS[tag]))
            except (KeyError, UnicodeDecodeError):
                text = "#" + whole.hex()
            pairs.append((NAME_ATTRIBUTES.get(oid, oid), text))
        if not pairs:
            raise DerError(f"{what}: a relative distinguished name is empty")
        rdns.append(pairs)
    return rdns


def name_text(rdns):
    """RFC 4514 section 2.1: the last relative distinguished name first."""
    return ",".join("+".join(f"{a}={v}" for a, v in rdn) for rdn in reversed(rdns))


class TimestampToken:
    """What a time-stamp token states (none of it vouched for here):
    imprint (32 bytes), nonce, serial, policy (dotted OID), time
    (YYYY-MM-DDTHH:MM:SSZ), time_unix_s, and tsa, the authority's name as
    the relative distinguished names of der_name: the TSTInfo's tsa field
    when it is a directory name, else the subject of the signer's
    certificate in the token (as tvault shows it), else None."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def read_timestamp_response(der):
    """The token of a DER TimeStampResp (RFC 3161 section 2.4.2) as
    docs/audit-format.md section 10's step 1 reads it: nothing after it,
    status granted (0) or grantedWithMods (1), a ContentInfo holding CMS
    SignedData (RFC 5652) whose encapsulated content is a TSTInfo with a
    SHA-256 message imprint and a 64-bit nonce. Raises DerError. The CMS
    signature is NOT verified."""
    der_check(der)
    resp = DerReader(der, "the time-stamp response").inner(TAG_SEQUENCE, "TimeStampResp")
    status_info = resp.inner(TAG_SEQUENCE, "PKIStatusInfo")
    status = der_integer(status_info.take(TAG_INTEGER, "status"), "the time-stamp response's status")
    status_info.optional(TAG_SEQUENCE)  # statusString
    status_info.optional(TAG_BIT_STRING)  # failInfo
    status_info.end()
    if status not in (0, 1):
        raise DerError(f"the time-stamping authority refused the request (status {status})")
    if resp.next_tag() is None:
        raise DerError("the time-stamp response holds no token")
    content_info = resp.inner(TAG_SEQUENCE, "timeStampToken")
    resp.end()
    if der_oid(content_info.take(TAG_OID, "contentType"), "the time-stamp token's contentType") != OID_SIGNED_DATA:
        raise DerError("the time-stamp token is not CMS SignedData")
    explicit = content_info.inner(TAG_CONTEXT_0, "content")
    content_info.end()
    signed = explicit.inner(TAG_SEQUENCE, "SignedData")
    explicit.end()
    der_integer(signed.take(TAG_INTEGER, "version"), "the time-stamp token's SignedData version")
    signed.take(TAG_SET, "digestAlgorithms")
    encap = signed.inner(TAG_SEQUENCE, "encapContentInfo")
    certificates = signed.optional(TAG_CONTEXT_0)
    signed.optional(TAG_CONTEXT_1)  # crls
    signer_infos = signed.take(TAG_SET, "signerInfos")
    if not signer_infos:
        raise DerError("the time-stamp token has no signer")
    signed.end()
    if der_oid(encap.take(TAG_OID, "eContentType"), "the time-stamp token's eContentType") != OID_TST_INFO:
        raise DerError("the time-stamp token's content is not a TSTInfo")
    explicit = encap.inner(TAG_CONTEXT_0, "eContent")
    encap.end()
    tst_info = explicit.take(TAG_OCTET_STRING, "eContent")
    explicit.end()
    token = read_tst_info(tst_info)
    if token.tsa is None:
        token.tsa = signer_subject(certificates or b"", signer_infos)
    return token


def signer_subject(certificates, signer_infos):
    """The subject (der_name's form) of the certificate, among the token's
    `certificates`, that its first SignerInfo names by issuer and serial
    number or by subject key identifier (RFC 5652 section 5.3); None when
    the token does not hold it. Only what leads there is read: version,
    serial, signature algorithm, issuer, validity, subject and the
    extensions of each certificate (RFC 5280 section 4.1)."""
    what = "the time-stamp token's signer"
    info = DerReader(signer_infos, what).inner(TAG_SEQUENCE, "SignerInfo")
    der_integer(info.take(TAG_INTEGER, "version"), f"{what}'s version")
    if info.next_tag() == TAG_SEQUENCE:
        sid = info.inner(TAG_SEQUENCE, "issuerAndSerialNumber")
        wanted = (sid.take(TAG_SEQUENCE, "issuer"), sid.take(TAG_INTEGER, "serialNumber"))
        sid.end()
    else:
        wanted = info.take(TAG_CONTEXT_PRIMITIVE_0, "sid")  # subjectKeyIdentifier
    certs = DerReader(certificates, "the time-stamp token's certificates")
    while certs.next_tag() is not None:
        tag, contents, _ = certs.take_any("a certificate")
        if tag != TAG_SEQUENCE:
            continue  # another CertificateChoices (RFC 5652 section 10.2.2)
        tbs = DerReader(contents, "a certificate").inner(TAG_SEQUENCE, "tbsCertificate")
        tbs.optional(TAG_CONTEXT_0)  # version
        serial = tbs.take(TAG_INTEGER, "serialNumber")
        tbs.take(TAG_SEQUENCE, "signature")
        issuer = tbs.take(TAG_SEQUENCE, "issuer")
        tbs.take(TAG_SEQUENCE, "validity")
        subject = tbs.take(TAG_SEQUENCE, "subject")
        if wanted in ((issuer, serial), subject_key_identifier(tbs)):
            return der_name(subject, "the time-stamp token's signer certificate's subject")
    return None


def subject_key_identifier(tbs):
    """The subjectKeyIdentifier extension (RFC 5280 section 4.2.1.2) of the
    rest of a tbsCertificate after its subject, or None."""
    tbs.take(TAG_SEQUENCE, "subjectPublicKeyInfo")
    tbs.optional(TAG_CONTEXT_PRIMITIVE_1)  # issuerUniqueID
    tbs.optional(TAG_CONTEXT_PRIMITIVE_2)  # subjectUniqueID
    extensions = tbs.optional(TAG_CONTEXT_3)
    tbs.end()
    if extensions is None:
        return None
    wrapper = DerReader(extensions, "a certificate's extensions")
    listed = wrapper.inner(TAG_SEQUENCE, "Extensions")
    wrapper.end()
    while listed.next_tag() is not None:
        extension = listed.inner(TAG_SEQUENCE, "Extension")
        oid = der_oid(extension.take(TAG_OID, "extnID"), "a certificate extension's type")
        extension.optional(TAG_BOOLEAN)  # critical
        value = extension.take(TAG_OCTET_STRING, "extnValue")
        extension.end()
        if oid == OID_SUBJECT_KEY_IDENTIFIER:
            key_id = DerReader(value, "a subjectKeyIdentifier")
            found = key_id.take(TAG_OCTET_STRING, "keyIdentifier")
            key_id.end()
            return found
    return None


def read_tst_info(der):
    der_check(der)
    tst = DerReader(der, "the time-stamp token's TSTInfo").inner(TAG_SEQUENCE, "TSTInfo")
    version = der_integer(tst.take(TAG_INTEGER, "version"), "the time-stamp token's TSTInfo version")
    if version != 1:
        raise DerError(f"the time-stamp token's TSTInfo is version {version}, not 1")
    policy = der_oid(tst.take(TAG_OID, "policy"), "the time-stamp token's policy")
    imprint = tst.inner(TAG_SEQUENCE, "messageImprint")
    algorithm = imprint.inner(TAG_SEQUENCE, "hashAlgorithm")
    algorithm_oid = der_oid(algorithm.take(TAG_OID, "algorithm"), "the time-stamp token's hash algorithm")
    if algorithm.optional(TAG_NULL) not in (None, b""):
        raise DerError("the time-stamp token's hash algorithm has parameters that are not NULL")
    algorithm.end()
    hashed = imprint.take(TAG_OCTET_STRING, "hashedMessage")
    imprint.end()
    if algorithm_oid != OID_SHA256 or len(hashed) != 32:
        raise DerError("the time-stamp token is not over a SHA-256 hash")
    serial = der_integer(tst.take(TAG_INTEGER, "serialNumber"), "the time-stamp token's serial number")
    time, time_unix_s = der_generalized_time(tst.take(TAG_GENERALIZED_TIME, "genTime"),
                                             "the time-stamp token's genTime")
    tst.optional(TAG_SEQUENCE)  # accuracy
    if tst.optional(TAG_BOOLEAN) not in (None, b"\x00", b"\xff"):
        raise DerError("the time-stamp token's ordering is not a DER BOOLEAN")
    nonce = tst.optional(TAG_INTEGER)
    nonce = der_integer(nonce, "the time-stamp token's nonce") if nonce is not None else -1
    tsa = tst.optional(TAG_CONTEXT_0)
    tst.optional(TAG_CONTEXT_1)  # extensions
    tst.end()
    if not 0 <= nonce < 1 << 64:
        raise DerError("the time-stamp token has no 64-bit nonce")
    name = None
    if tsa is not None:
        general_name = DerReader(tsa, "the time-stamp token's tsa")
        tag, contents, _ = general_name.take_any("GeneralName")
        general_name.end()
        if tag == TAG_DIRECTORY_NAME:
            directory = DerReader(contents, "the time-stamp token's tsa")
            name = der_name(directory.take(TAG_SEQUENCE, "Name"), "the time-stamp token's tsa")
            directory.end()
    return TimestampToken(imprint=hashed, nonce=nonce, serial=serial, policy=policy, time=time,
                          time_unix_s=time_unix_s, tsa=name)


# ---------------------------------------------------------------------------
# Bundle mode (docs/bundle-format.md sections 2 to 4, 7 and 8,
# docs/minisign-notes.md, docs/audit-format.md sections 2, 4, 5 and 10):
# checks a format-2 or format-3 bundle unpacked into a directory, from the
# sender's minisign public key down to every redaction proof and time-stamp
# token, stopping at the first failure. The checks, in order:
#   1. SHA256SUMS.minisig is the sender's signature of SHA256SUMS, and its
#      trusted comment has the form of section 7.5 (tvault-bundle:2 or :3);
#   2. SHA256SUMS lists every file of the directory (but the two signature
#      files) with its SHA-256;
#   3. manifest.json, of the comment's version, agrees with the comment and
#      names every listed file (with its size and SHA-256 where it states
#      them; format 3: the time-stamp members of its stamped sizes);
#   4. custody.json, of the same version: a checkpoint signed by the sender,
#      the events that created the bundle's versions proven in it, and each
#      version's commitment (format 3: one consistency proof per stamped size);
#   5. each redaction proof rebuilds the commitment the log recorded, and the
#      statement file is exactly the redacted text it renders;
#   6. (format 3) each stamped checkpoint is the sender's, the bundle's
#      checkpoint extends it, and its token is over its bytes; the tokens'
#      signatures are not checked (openssl ts -verify does, section 8.5).

SIGNATURE_FILES = ("SHA256SUMS", "SHA256SUMS.minisig")
MAX_MINISIG_BYTES = 9404
MAX_SUMS_BYTES = 167 * 1000000
MAX_MANIFEST_BYTES = 16 << 20
MAX_CUSTODY_BYTES = 32 << 20
MAX_BUNDLE_PROOF_BYTES = 32 << 20
MAX_TIMESTAMPS = 1024
MAX_TIMESTAMP_NOTE_BYTES = 16 << 10
MAX_TIMESTAMP_RESPONSE_BYTES = 1 << 20
# The root keys of manifest.json (sections 3, 7.1.1 and 8.2); reason_bytes
# is the one optional one (section 3.1).
MANIFEST_KEYS = frozenset({"format", "version", "bundle_id", "created_at", "reason", "exporter", "recipients",
                           "with_contacts", "records", "contacts", "evidence", "custody"})
CUSTODY_KEYS = frozenset({"format", "version", "origin", "signer_key", "checkpoint", "checkpoint_size",
                          "events", "proof", "commitment_salts"})
CROCKFORD = frozenset("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
HEX = frozenset("0123456789abcdef")
NOTE_SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space
ACTION_TESTIMONY_ADD, ACTION_TESTIMONY_AMEND, ACTION_REDACTION_COMMITMENT = 5, 8, 60


class BundleError(ProofError):
    pass


def shown(text):
    """Text from the bundle, safe to put in a one-line message."""
    return "".join(c if c.isprintable() else "\\u{%04X}" % ord(c) for c in str(text))


def is_id(text, prefix, length):
    return (isinstance(text, str) and len(text) == 2 + length and text.startswith(prefix + "-")
            and all(c in CROCKFORD for c in text[2:]))


def is_sha256_hex(text):
    return isinstance(text, str) and len(text) == 64 and all(c in HEX for c in text)


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def b64_canonical(text, size=None):
    """RFC 4648 section 4 base64, padded, in its one canonical spelling."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None
    if base64.b64encode(raw).decode() != text or (size is not None and len(raw) != size):
        return None
    return raw


def read_capped(path, cap, what):
    # A regular file only: a FIFO planted in the archive would block open().
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise BundleError(f"{what} is not a regular file")
    except OSError as e:
        raise BundleError(f"cannot read {what}: {e.strerror}")
    try:
        with open(path, "rb") as f:
            data = f.read(cap + 1)
    except OSError as e:
        raise BundleError(f"cannot read {what}: {e.strerror}")
    if len(data) > cap:
        raise BundleError(f"{what} is larger than {cap} bytes")
    return data


# --- step 1: the minisign signature (docs/minisign-notes.md) ----------------

def parse_public_key(text):
    """A minisign public key "RW...": (key id, Ed25519 public key)."""
    raw = b64_canonical(text, 42) if len(text) == 56 else None
    if raw is None or raw[:2] != b"Ed" or _ed_decode(raw[10:]) is None:
        raise BundleError("the signer key is not a minisign Ed25519 public key (RW..., 56 characters)")
    return raw[2:10], raw[10:]


def key_id_text(key_id):
    """How minisign prints a key id: the 8 bytes read little-endian, in hex."""
    return "%X" % int.from_bytes(key_id, "little")


def check_minisig(sig_file, signed, signer):
    """The trusted comment of a valid prehashed signature of `signed`."""
    if b"\r" in sig_file or b"\0" in sig_file or not sig_file.endswith(b"\n"):
        raise BundleError("SHA256SUMS.minisig: not four lines of text")
    lines = sig_file[:-1].split(b"\n")
    if len(lines) != 4 or not lines[0].startswith(b"untrusted comment: ") \
            or not lines[2].startswith(b"trusted comment: "):
        raise BundleError("SHA256SUMS.minisig: not four lines of a minisign signature")
    blob = b64_canonical(lines[1].decode("ascii", "replace"), 74)
    global_sig = b64_canonical(lines[3].decode("ascii", "replace"), 64)
    if blob is None or global_sig is None:
        raise BundleError("SHA256SUMS.minisig: a signature is not canonical base64 of its size")
    if blob[:2] != b"ED":
        raise BundleError("SHA256SUMS.minisig: not a prehashed (ED) signature")
    key_id, pk = signer
    if blob[2:10] != key_id:
        raise BundleError(f"SHA256SUMS.minisig: made by key {key_id_text(blob[2:10])}, "
                          f"not by the expected key {key_id_text(key_id)}")
    sig = blob[10:]
    if not ed25519_verify(pk, hashlib.blake2b(signed).digest(), sig):
        raise BundleError("SHA256SUMS.minisig: the signature of SHA256SUMS does not verify")
    comment = lines[2][len(b"trusted comment: "):]
    if not ed25519_verify(pk, sig + comment, global_sig):
        raise BundleError("SHA256SUMS.minisig: the signature of the trusted comment does not verify")
    return comment


def parse_comment(comment):
    """Sections 7.5 and 8.2: (bundle id, recipient fingerprints, created,
    format version)."""
    fields = comment.decode("ascii", "replace").split(" ")
    if not fields[0].startswith("tvault-bundle:"):
        raise BundleError("the trusted comment is not a tvault bundle's")
    if fields[0] not in ("tvault-bundle:2", "tvault-bundle:3"):
        raise BundleError(f"bundle format {shown(fields[0][14:])} is not one this verifier reads (2 and 3)")
    if len(fields) != 4 or not fields[1].startswith("id:") or not fields[2].startswith("recipients:") \
            or not fields[3].startswith("created:"):
        raise BundleError("the trusted comment is not of the form of section 7.5")
    bundle_id, created = fields[1][3:], fields[3][8:]
    recipients = fields[2][11:].split(",")
    if not is_id(bundle_id, "B", 12):
        raise BundleError("the trusted comment's bundle id is not B- and 12 Crockford characters")
    if len(set(recipients)) != len(recipients) or not 1 <= len(recipients) <= 256 \
            or not all(is_fingerprint(r) for r in recipients):
        raise BundleError("the trusted comment's recipients are not distinct fingerprints")
    if len(created) != 20 or created[4] + created[7] + created[10] + created[13] + created[16] + created[19] \
            != "--T::Z":
        raise BundleError("the trusted comment's time is not YYYY-MM-DDTHH:MM:SSZ")
    return bundle_id, recipients, created, int(fields[0][14:])


def is_fingerprint(text):
    return len(text) == 19 and all(c == "-" if i % 5 == 4 else c in "0123456789ABCDEF"
                                   for i, c in enumerate(text))


# --- step 2: SHA256SUMS and the directory --------------------------------------

def is_member_name(name):
    """Section 2's grammar of archive member names."""
    if not 0 < len(name) <= 100 or name in SIGNATURE_FILES:
        return False
    parts = name.split("/")
    return all(p not in ("", ".", "..") and all(c in NAME_CHARS for c in p) for p in parts)


def parse_sums(data):
    """SHA256SUMS in its strict form: name -> SHA-256 hex, sorted by name."""
    if not data.endswith(b"\n"):
        raise BundleError("SHA256SUMS: empty or without a final newline")
    listed, previous = {}, None
    for number, line in enumerate(data[:-1].split(b"\n"), 1):
        text = line.decode("ascii", "replace")
        digest, sep, name = text[:64], text[64:66], text[66:]
        if not is_sha256_hex(digest) or sep != "  " or not is_member_name(name):
            raise BundleError(f"SHA256SUMS: line {number} is not \"<sha256>  <name>\"")
        if previous is not None and name.encode() <= previous.encode():
            raise BundleError(f"SHA256SUMS: line {number} is out of order or repeated")
        listed[name] = digest
        previous = name
    return listed


def files_in(directory):
    """Every file under `directory` by its relative name, with its size;
    anything but a regular file or a directory (a link, a device) is refused."""
    found = {}
    def unreadable(error):
        raise BundleError(f"cannot read {shown(error.filename)}: {error.strerror}")

    for parent, dirs, files in os.walk(directory, onerror=unreadable):
        for entry in dirs + files:
            path = os.path.join(parent, entry)
            name = os.path.relpath(path, directory).replace(os.sep, "/")
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                found[name] = st.st_size
            elif not stat.S_ISDIR(st.st_mode):
                raise BundleError(f"{shown(name)} is not a regular file")
    return found


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_files(directory, listed):
    sizes = files_in(directory)
    for name in sorted(sizes):
        if name not in listed and name not in SIGNATURE_FILES:
            raise BundleError(f"{shown(name)} is not listed in SHA256SUMS")
    for name, digest in listed.items():
        if name not in sizes:
            raise BundleError(f"{name} is listed in SHA256SUMS but missing")
        if sha256_file(os.path.join(directory, name)) != digest:
            raise BundleError(f"{name}: its SHA-256 is not the one SHA256SUMS lists")
    return sizes


# --- step 3: manifest.json ------------------------------------------------------

def load_json(data, what):
    """Strict enough for what is signed: UTF-8, no repeated key, no NaN."""
    def no_repeats(pairs):
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise BundleError(f"{what}: a key is repeated")
        return dict(pairs)

    def no_constant(name):
        raise BundleError(f"{what}: {name} is not JSON")

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=no_repeats, parse_constant=no_constant)
    except (UnicodeDecodeError, ValueError) as e:
        raise BundleError(f"{what}: not JSON ({shown(str(e).splitlines()[0])})")
    if not isinstance(value, dict):
        raise BundleError(f"{what}: not a JSON object")
    return value


def field(obj, key, check, what):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None or not check(value):
        raise BundleError(f"manifest.json: {what}{key} is missing or malformed")
    return value


class Bundle:
    """What the manifest names, checked against SHA256SUMS and the files."""

    def __init__(self, listed, sizes):
        self.listed, self.sizes = listed, sizes
        self.named = {"manifest.json", "HOW_TO_VERIFY.txt", "custody.json"}

    def file(self, name, size, digest, where):
        if name not in self.listed:
            raise BundleError(f"manifest.json: {where}: {shown(name)} is not listed in SHA256SUMS")
        if self.listed[name] != digest or self.sizes[name] != size:
            raise BundleError(f"manifest.json: {where}: {name} differs in size or SHA-256")
        self.named.add(name)


def check_manifest(manifest, comment, signer, bundle):
    bundle_id, recipients, created, version = comment
    if manifest.get("format") != "tvault-bundle" or not is_count(manifest.get("version")) \
            or manifest["version"] not in (2, 3):
        raise BundleError("manifest.json: not a version 2 or 3 tvault bundle manifest")
    if manifest["version"] != version:
        raise BundleError("the manifest and the signed comment disagree on the format version")
    keys = MANIFEST_KEYS | ({"timestamps"} if version == 3 else set())
    if not keys <= set(manifest) <= keys | {"reason_bytes"}:
        raise BundleError(f"manifest.json: its keys are not those of a version {version} manifest")
    if manifest.get("bundle_id") != bundle_id:
        raise BundleError("manifest.json: its bundle_id is not the signed comment's")
    if manifest.get("created_at") != created:
        raise BundleError("manifest.json: its created_at is not the signed comment's")
    exporter_key = field(manifest.get("exporter"), "minisign_public_key", lambda v: isinstance(v, str),
                         "exporter.")
    if len(exporter_key) != 56 or b64_canonical(exporter_key, 42) != b"Ed" + signer[0] + signer[1]:
        raise BundleError("manifest.json: its exporter key is not the key that signed the bundle")
    listed_recipients = field(manifest, "recipients", lambda v: isinstance(v, list), "")
    if [r.get("fingerprint") if isinstance(r, dict) else None for r in listed_recipients] != recipients:
        raise BundleError("manifest.json: its recipients are not those of the signed comment")
    records = field(manifest, "records", lambda v: isinstance(v, list) and v, "")
    ids = [r.get("id") if isinstance(r, dict) else None for r in records]
    if not all(is_id(i, "T", 6) for i in ids) or len(set(ids)) != len(ids):
        raise BundleError("manifest.json: record ids are not distinct T- ids")
    for record in records:
        check_record(record, bundle)
    for i, e in enumerate(field(manifest, "evidence", lambda v: isinstance(v, list), "")):
        name = field(e, "file", lambda v: isinstance(v, str), f"evidence[{i}].")
        if not is_id(e.get("id"), "E", 6) or not name.startswith(f"evidence/{e['id']}."):
            raise BundleError(f"manifest.json: evidence[{i}] is not named evidence/<E-id>.<ext>")
        bundle.file(name, field(e, "size_bytes", is_count, f"evidence[{i}]."),
                    field(e, "sha256", is_sha256_hex, f"evidence[{i}]."), e["id"])
    for i, c in enumerate(field(manifest, "contacts", lambda v: isinstance(v, list), "")):
        name = field(c, "file", lambda v: isinstance(v, str), f"contacts[{i}].")
        if not is_id(c.get("witness"), "W", 5) or name != f"contacts/{c['witness']}.json" \
                or name not in bundle.listed:
            raise BundleError(f"manifest.json: contacts[{i}] is not a listed contacts/<W-id>.json")
        bundle.named.add(name)
    if manifest.get("custody") != "custody.json":
        raise BundleError("manifest.json: custody is not \"custody.json\"")
    if version == 3:
        check_stamped_sizes(manifest["timestamps"], bundle)
    for name in sorted(set(bundle.listed) - bundle.named):
        raise BundleError(f"{shown(name)} is listed in SHA256SUMS but not named by the manifest")
    for name in ("HOW_TO_VERIFY.txt", "custody.json"):
        if name not in bundle.listed:
            raise BundleError(f"{name} is not listed in SHA256SUMS")


def check_stamped_sizes(sizes, bundle):
    """Section 8.2: the stamped sizes, each naming its two members (8.1)."""
    if not isinstance(sizes, list) or len(sizes) > MAX_TIMESTAMPS \
            or not all(is_count(n) and 0 < n < 1 << 63 for n in sizes) or any(a >= b for a, b in zip(sizes, sizes[1:])):
        raise BundleError(f"manifest.json: timestamps is not a strictly increasing list of at most "
                          f"{MAX_TIMESTAMPS} sizes from 1 to 2^63-1")
    for n in sizes:
        for name in (f"timestamps/{n}.checkpoint.txt", f"timestamps/{n}.tsr"):
            if name not in bundle.listed:
                raise BundleError(f"manifest.json: timestamps: {name} is not listed in SHA256SUMS")
            bundle.named.add(name)


def check_record(record, bundle):
    rid = record["id"]
    versions = field(record, "versions", lambda v: isinstance(v, list) and v, f"{rid}.")
    numbers = [field(v, "version", lambda n: is_count(n) and 0 < n < 1 << 32, f"{rid}.versions[].")
               for v in versions]
    if any(a >= b for a, b in zip(numbers, numbers[1:])):
        raise BundleError(f"manifest.json: {rid}: versions are not in increasing order")
    redaction = "redaction" in record
    if redaction and len(versions) != 1:
        raise BundleError(f"manifest.json: {rid}: a redacted record carries one version")
    for v, n in zip(versions, numbers):
        name = field(v, "file", lambda f: isinstance(f, str), f"{rid}.versions[].")
        base = f"statements/{rid}.v{n}"
        if name not in ((base + ".redacted.txt",) if redaction else (base + ".txt", base)):
            raise BundleError(f"manifest.json: {rid} version {n}: its file is not named as section 7 says")
        bundle.file(name, field(v, "size_bytes", is_count, f"{rid}.versions[]."),
                    field(v, "sha256", is_sha256_hex, f"{rid}.versions[]."), f"{rid} version {n}")
    if redaction:
        red = field(record, "redaction", lambda r: isinstance(r, dict), f"{rid}.")
        if not is_id(red.get("id"), "R", 6) or red.get("file") != f"redactions/{red['id']}.proof":
            raise BundleError(f"manifest.json: {rid}: its redaction is not an R- id and redactions/<R-id>.proof")
        bundle.file(red["file"], field(red, "size_bytes", is_count, f"{rid}.redaction."),
                    field(red, "sha256", is_sha256_hex, f"{rid}.redaction."), red["id"])


# --- step 4: custody.json (section 7.3, 7.4; docs/audit-format.md) -------------

class Event:
    """An audit event entry (docs/audit-format.md section 2), the fields a
    custody check reads."""

    def __init__(self, entry):
        r = Reader(entry)
        try:
            if r.u8("entry") != 1:
                raise ProofError("unknown event format")
            self.seq = struct.unpack(">Q", r.take(8, "entry"))[0]
            r.take(8 + 8, "entry")  # time, actor
            self.action = r.u16("entry")
            self.object_id = r.take(r.u8("entry"), "entry").decode("ascii")
            self.object_version = r.u32("entry")
            self.refs = [r.take(r.u8("entry"), "entry") for _ in range(r.u32("entry"))]
            self.digests = [r.take(32, "entry") for _ in range(r.u8("entry"))]
            sealed = r.take(r.u32("entry"), "entry")
        except (ProofError, UnicodeDecodeError):
            raise BundleError("custody.json: an event is not a well-formed entry")
        if r.pos != len(entry) or (sealed and (len(sealed) < 41 or sealed[0] != 1)):
            raise BundleError("custody.json: an event is not a well-formed entry")
        self.leaf = hashlib.sha256(b"\x00" + entry).digest()

    def creates(self):
        """The version this event creates, as "T-....vN", or None."""
        if (self.action == ACTION_TESTIMONY_ADD and self.object_version == 1) \
                or self.action == ACTION_TESTIMONY_AMEND:
            return f"{self.object_id}.v{self.object_version}"
        return None


def open_checkpoint(note, origin, signer, what="custody.json: checkpoint"):
    """The (size, root) of a checkpoint signed by the signer's key
    (docs/audit-format.md section 5, C2SP signed-note and tlog-checkpoint);
    `what` names it in errors."""
    if not isinstance(note, str) or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise BundleError(f"{what}: not text without control characters")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise BundleError(f"{what}: not a signed note")
    text, signature_lines = note[:split + 1], note[split + 2:-1].split("\n")
    key_id, pk = signer
    name = "tvault-" + key_id_text(key_id)
    note_key_id = hashlib.sha256(name.encode() + b"\n\x01" + pk).digest()[:4]
    verified = False
    for line in signature_lines:
        if not line.startswith(NOTE_SIGNATURE_PREFIX) or line.count(" ") != 2:
            raise BundleError(f"{what}: a signature line is malformed")
        line_name, b64 = line[2:].split(" ")
        raw = b64_canonical(b64)
        if raw is None or len(raw) <= 4:
            raise BundleError(f"{what}: a signature is not canonical base64")
        if line_name == name and raw[:4] == note_key_id:
            if not ed25519_verify(pk, text.encode("utf-8", "surrogatepass"), raw[4:]):
                raise BundleError(f"{what}: the sender's signature does not verify")
            verified = True
    if not verified:
        raise BundleError(f"{what}: not signed by the key that signed the bundle")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or lines[0] != origin:
        raise BundleError(f"{what}: not a checkpoint of the stated origin")
    size, root = lines[1], b64_canonical(lines[2], 32)
    if not size.isdigit() or not size.isascii() or (size[0] == "0" and size != "0") or root is None:
        raise BundleError(f"{what}: its size or root is malformed")
    return int(size), root


def rebuild_multi_root(size, events, proof):
    """Section 7.4's R(0, n): the root from the events' leaves (in increasing
    seq, all below size) and the multi-leaf proof, every hash used once."""
    hashes = iter(proof)

    def build(lo, hi, first, end):  # events[first:end] are those in [lo, hi)
        if first == end:
            h = next(hashes, None)
            if h is None:
                raise BundleError("custody.json: the events are not in the signed checkpoint (the proof is too short)")
            return h
        if hi - lo == 1:
            return events[first].leaf
        k = largest_power_of_two_below(hi - lo)
        middle = first
        while middle < end and events[middle].seq < lo + k:
            middle += 1
        left = build(lo, lo + k, first, middle)
        return hashlib.sha256(b"\x01" + left + build(lo + k, hi, middle, end)).digest()

    root = build(0, size, 0, len(events))
    if next(hashes, None) is not None:
        raise BundleError("custody.json: the events are not in the signed checkpoint (a proof hash is not used)")
    return root


def check_custody(custody, signer, manifest):
    """(logged, anchor), both None for the "no custody claim" form. logged:
    per version "T-....vN", (seq of the event its check relies on, logged
    redaction commitment or None, whether that was logged at intake).
    anchor: the custody checkpoint's (origin, size, root) and, in version 3,
    the stamped sizes with their consistency proofs, [(N, [hash, ...])]."""
    version = manifest["version"]
    if custody.get("format") != "tvault-custody" or not is_count(custody.get("version")) \
            or custody["version"] != version:
        raise BundleError(f"custody.json: not a version {version} custody file")
    if set(custody) == {"format", "version", "events"} and custody["events"] == []:
        if version == 3 and manifest["timestamps"]:
            raise BundleError("custody.json: it makes no custody claim, but the manifest lists time-stamps")
        return None, None
    if set(custody) != CUSTODY_KEYS | ({"timestamps"} if version == 3 else set()):
        raise BundleError(f"custody.json: its keys are not those of section {'8.3' if version == 3 else '7.3'}")
    key = custody["signer_key"]
    if not isinstance(key, str) or len(key) != 56 or b64_canonical(key, 42) != b"Ed" + signer[0] + signer[1]:
        raise BundleError("custody.json: signed by another key than the bundle")
    size, root = open_checkpoint(custody["checkpoint"], custody["origin"], signer)
    if not is_count(custody["checkpoint_size"]) or custody["checkpoint_size"] != size:
        raise BundleError("custody.json: checkpoint_size disagrees with the checkpoint")
    entries, proof, salts = custody["events"], custody["proof"], custody["commitment_salts"]
    if not isinstance(entries, list) or not entries or not isinstance(proof, list) \
            or not isinstance(salts, dict):
        raise BundleError("custody.json: events, proof or commitment_salts is empty or mistyped")
    events = []
    for text in entries:
        entry = b64_canonical(text) if isinstance(text, str) else None
        if entry is None:
            raise BundleError("custody.json: an event is not canonical base64")
        events.append(Event(entry))
        if len(events) > 1 and events[-1].seq <= events[-2].seq:
            raise BundleError("custody.json: events are not in increasing seq")
    if events[-1].seq >= size:
        raise BundleError(f"custody.json: event {events[-1].seq} is beyond the checkpoint")
    hashes = [b64_canonical(h, 32) if isinstance(h, str) else None for h in proof]
    if None in hashes:
        raise BundleError("custody.json: a proof hash is not 32 bytes of canonical base64")
    if rebuild_multi_root(size, events, hashes) != root:
        raise BundleError("custody.json: the events are not in the signed checkpoint (another root)")
    logged = logged_versions(events, salts, manifest)
    stamps = consistency_proofs(custody["timestamps"], manifest["timestamps"]) if version == 3 else []
    return logged, (custody["origin"], size, root, stamps)


def consistency_proofs(entries, sizes):
    """Section 8.3: one entry per size the manifest lists, in its order."""
    if not isinstance(entries, list) or len(entries) != len(sizes):
        raise BundleError("custody.json: timestamps does not have one entry per size the manifest lists")
    proofs = []
    for entry, n in zip(entries, sizes):
        if not isinstance(entry, dict) or set(entry) != {"checkpoint_size", "consistency"}:
            raise BundleError("custody.json: a timestamps entry's keys are not checkpoint_size and consistency")
        if not is_count(entry["checkpoint_size"]) or entry["checkpoint_size"] != n:
            raise BundleError(f"custody.json: the timestamps entry for size {n} (the manifest's) "
                              "names another size")
        proof = entry["consistency"]
        hashes = [b64_canonical(h, 32) if isinstance(h, str) else None for h in proof] \
            if isinstance(proof, list) else [None]
        if None in hashes:
            raise BundleError(f"custody.json: a consistency hash for size {n} is not 32 bytes of canonical base64")
        proofs.append((n, hashes))
    return proofs


def logged_versions(events, salts, manifest):
    plain, redacted = {}, {}
    for record in manifest["records"]:
        for v in record["versions"]:
            which = f"{record['id']}.v{v['version']}"
            (redacted if "redaction" in record else plain)[which] = bytes.fromhex(v["sha256"])
    if set(salts) != set(plain):
        raise BundleError("custody.json: commitment_salts does not have one salt per plain version")
    created, late = {}, {}
    for e in events:
        which = e.creates()
        if e.action == ACTION_REDACTION_COMMITMENT and len(e.digests) == 1:
            which = f"{e.object_id}.v{e.object_version}"
            if which not in redacted or late.setdefault(which, e) is not e:
                raise BundleError(f"custody.json: event {e.seq} is a redaction commitment of no carried redaction")
            continue
        if which is None or not e.digests or (which not in plain and which not in redacted):
            raise BundleError(f"custody.json: event {e.seq} does not create a version the bundle carries")
        if created.setdefault(which, e) is not e:
            raise BundleError(f"custody.json: two events create {which}")
    logged = {}
    for which, digest in plain.items():
        salt = b64_canonical(salts[which], 32) if isinstance(salts[which], str) else None
        if which not in created or salt is None:
            raise BundleError(f"custody.json: {which} has no creating event or no 32-byte salt")
        commitment = hashlib.sha256(b"tvault/v1/statement-commitment" + salt + digest).digest()
        if commitment != created[which].digests[0]:
            raise BundleError(f"custody.json: {which}: its commitment differs from the logged one")
        logged[which] = (created[which].seq, None, False)
    for which in redacted:
        event = created.get(which)
        if event is None:
            raise BundleError(f"custody.json: {which} has no creating event")
        if len(event.digests) == 2 and which not in late:
            logged[which] = (event.seq, event.digests[1], True)
        elif len(event.digests) == 1 and which in late:
            if late[which].seq < event.seq:
                raise BundleError(f"custody.json: {which}: its later redaction commitment "
                                  "precedes the version")
            logged[which] = (late[which].seq, late[which].digests[0], False)
        else:
            raise BundleError(f"custody.json: {which}: not exactly one logged redaction commitment")
    return logged


# --- step 5: the redactions ------------------------------------------------------

def check_redaction(directory, record, logged):
    rid, version = record["id"], record["versions"][0]
    red = record["redaction"]
    data = read_capped(os.path.join(directory, red["file"]), MAX_BUNDLE_PROOF_BYTES, red["file"])
    try:
        parsed = parse(data)
        if logged is not None and parsed[1] != logged[1]:
            raise ProofError(f"its commitment is not the one the sender's log recorded for {rid} "
                             f"version {version['version']}")
        n, hidden, text = check_proof(parsed, parsed[1])
    except ProofError as e:
        raise BundleError(f"{red['file']}: {e}")
    with open(os.path.join(directory, version["file"]), "rb") as f:
        statement = f.read(len(text) + 1)
    if statement != text or hashlib.sha256(text).hexdigest() != version["sha256"]:
        raise BundleError(f"{version['file']}: not the redacted text that {red['file']} renders")
    if logged is None:
        where = "no custody claim (the proof is not tied to any log)"
    elif logged[2]:
        where = f"commitment logged at intake (seq {logged[0]})"
    else:
        where = f"commitment logged later, at its first redaction (seq {logged[0]})"
    return f"{rid} v{version['version']}: redacted {red['id']}, {hidden} of {n} tokens hidden, {where}"


# --- step 6: the time-stamps of version 3 (section 8.4) ----------------------------

def check_timestamps(directory, anchor, signer):
    """Section 8.4's steps 1 to 4 for each stamped size N, in order: [(N,
    token)]. The authority's signature of each token is not checked."""
    origin, size, root, stamps = anchor
    checked = []
    for n, consistency in stamps:
        note_name, response_name = f"timestamps/{n}.checkpoint.txt", f"timestamps/{n}.tsr"
        if n > size:
            raise BundleError(f"{note_name}: size {n} is beyond the custody checkpoint's ({size})")
        note = read_capped(os.path.join(directory, note_name), MAX_TIMESTAMP_NOTE_BYTES, note_name)
        try:
            text = note.decode("utf-8")
        except UnicodeDecodeError:
            raise BundleError(f"{note_name}: not UTF-8 text")
        stamped_size, stamped_root = open_checkpoint(text, origin, signer, note_name)
        if stamped_size != n:
            raise BundleError(f"{note_name}: a checkpoint of size {stamped_size}, not {n}")
        if not verify_consistency(n, size, stamped_root, root, consistency):
            raise BundleError(f"{note_name}: the consistency proof of custody.json does not lead from it "
                              "to the custody checkpoint")
        response = read_capped(os.path.join(directory, response_name), MAX_TIMESTAMP_RESPONSE_BYTES, response_name)
        try:
            token = read_timestamp_response(response)
        except DerError as e:
            raise BundleError(f"{response_name}: {e}")
        if token.imprint != hashlib.sha256(note).digest():
            raise BundleError(f"{response_name}: its token is not over {note_name} (another message imprint)")
        checked.append((n, token))
    return checked


def existed_by(seq, stamps):
    """Section 8.4: the earliest time among the tokens of sizes N > seq."""
    covering = [(token.time_unix_s, n, token.time) for n, token in stamps if n > seq]
    if not covering:
        return "no time-stamp covers it"
    _, n, time = min(covering)
    return f"existed by {time} (time-stamp of checkpoint {n})"


def timestamp_report(directory, stamps):
    """Per stamped size its stated time, and the commands that check what
    this script does not: the authorities' signatures (section 8.5)."""
    lines = []
    for n, token in stamps:
        who = shown(name_text(token.tsa)) if token.tsa else "an authority the token does not name"
        lines.append(f"checkpoint {n}: time-stamped {token.time}, as stated by {who} (not checked)")
    lines.append("time-stamping authorities: NOT checked by this script, which reads each token but does "
                 "not verify its signature; with the authority's CA certificate as tsa-ca.pem (from the "
                 f"authority, never from the bundle), run in {shown(directory)}:")
    lines += [f"    openssl ts -verify -data timestamps/{n}.checkpoint.txt -in timestamps/{n}.tsr "
              "-CAfile tsa-ca.pem" for n, _ in stamps]
    return lines


def verify_bundle(directory, signer_key):
    """The report lines of a bundle that verifies; raises BundleError."""
    signer = parse_public_key(signer_key)
    if not os.path.isdir(directory):
        raise BundleError(f"{shown(directory)} is not a directory")
    path = lambda name: os.path.join(directory, name)
    sums = read_capped(path("SHA256SUMS"), MAX_SUMS_BYTES, "SHA256SUMS")
    comment = parse_comment(check_minisig(read_capped(path("SHA256SUMS.minisig"), MAX_MINISIG_BYTES,
                                                      "SHA256SUMS.minisig"), sums, signer))
    bundle = Bundle(parse_sums(sums), None)
    bundle.sizes = check_files(directory, bundle.listed)
    if "manifest.json" not in bundle.listed:
        raise BundleError("manifest.json is not listed in SHA256SUMS")
    manifest = load_json(read_capped(path("manifest.json"), MAX_MANIFEST_BYTES, "manifest.json"),
                         "manifest.json")
    check_manifest(manifest, comment, signer, bundle)
    custody = load_json(read_capped(path("custody.json"), MAX_CUSTODY_BYTES, "custody.json"), "custody.json")
    logged, anchor = check_custody(custody, signer, manifest)
    versions = []  # (report line, seq of the event it relies on, or None)
    for record in manifest["records"]:
        if "redaction" in record:
            which = f"{record['id']}.v{record['versions'][0]['version']}"
            relied = logged[which] if logged is not None else None
            versions.append((check_redaction(directory, record, relied), relied[0] if relied else None))
            continue
        for v in record["versions"]:
            which = f"{record['id']}.v{v['version']}"
            if logged is None:
                versions.append((f"{record['id']} v{v['version']}: no custody claim", None))
            else:
                versions.append((f"{record['id']} v{v['version']}: statement logged (seq {logged[which][0]})",
                                 logged[which][0]))
    verdict = f"bundle {comment[0]}: verified"
    if comment[3] == 2 or anchor is None:
        return [line for line, _ in versions] + [verdict]
    stamps = check_timestamps(directory, anchor, signer)
    report = [f"{line}, {existed_by(seq, stamps)}" for line, seq in versions]
    if not stamps:
        return report + [verdict]
    return report + timestamp_report(directory, stamps) + \
        [verdict + ", but not the time-stamping authorities' signatures (see above)"]


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
    if args in (["--help"], ["-h"]):
        print(__doc__.strip())
        return
    if "--bundle" in args:
        options = dict(zip(args[::2], args[1::2]))
        if len(args) != 4 or set(options) != {"--bundle", "--signer-key"}:
            raise ProofError("usage: verify_redaction.py --bundle DIR --signer-key RW...")
        for line in verify_bundle(options["--bundle"], options["--signer-key"]):
            print(line)
        return
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
    except OSError as e:
        print(f"verify_redaction: error: cannot read {shown(e.filename)}: {e.strerror}", file=sys.stderr)
        sys.exit(1)
    except RecursionError:
        print("verify_redaction: error: the redaction proof is too deep to check", file=sys.stderr)
        sys.exit(1)
