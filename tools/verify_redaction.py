#!/usr/bin/env python3
"""Checks a tvault redaction proof against the commitment a sender's signed
audit log recorded, or a whole unpacked export bundle, with nothing but
Python 3's standard library.

    python3 verify_redaction.py PROOF_FILE EXPECTED_COMMITMENT_HEX [--out FILE]
    python3 verify_redaction.py --bundle DIR --signer-key RW...

With a proof, on success it writes the redacted text (the revealed words,
each hidden run shown as a mark of fixed width) and exits 0. It trusts the
expected commitment it is given.

With --bundle, DIR is a directory where a format-2 bundle was unpacked
(`age -d -i KEY bundle.tvb | tar x`); RW... is the sender's minisign public
key, obtained from the sender over a channel you trust. It checks the
signature, every file's SHA-256, the manifest, the custody proof that ties
each statement version (and each redaction's commitment) to the sender's
signed audit log, and every redaction proof; it prints one line per
statement version and "bundle B-...: verified", and exits 0.

On any failure it prints one line "verify_redaction: error: ..." on standard
error and exits 1.

Written from docs/redaction-format.md (format 1) and docs/bundle-format.md
(format 2) of the tvault repository, independently of tvault's own C++
verifier, so that a recipient can check with a program the sender did not
choose.
"""
import base64
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


# ---------------------------------------------------------------------------
# Bundle mode (docs/bundle-format.md sections 2 to 4 and 7, docs/minisign-notes.md,
# docs/audit-format.md sections 2, 4 and 5): checks a format-2 bundle unpacked
# into a directory, from the sender's minisign public key down to every
# redaction proof, stopping at the first failure. The checks, in order:
#   1. SHA256SUMS.minisig is the sender's signature of SHA256SUMS, and its
#      trusted comment has the form of section 7.5;
#   2. SHA256SUMS lists every file of the directory (but the two signature
#      files) with its SHA-256;
#   3. manifest.json agrees with the comment and names every listed file with
#      its size and SHA-256;
#   4. custody.json: a checkpoint signed by the sender, the events that created
#      the bundle's versions proven in it, and each version's commitment;
#   5. each redaction proof rebuilds the commitment the log recorded, and the
#      statement file is exactly the redacted text it renders.

SIGNATURE_FILES = ("SHA256SUMS", "SHA256SUMS.minisig")
MAX_MINISIG_BYTES = 9404
MAX_SUMS_BYTES = 167 * 1000000
MAX_MANIFEST_BYTES = 16 << 20
MAX_CUSTODY_BYTES = 32 << 20
MAX_BUNDLE_PROOF_BYTES = 32 << 20
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
    """Section 7.5: (bundle id, recipient fingerprints, created)."""
    fields = comment.decode("ascii", "replace").split(" ")
    if not fields[0].startswith("tvault-bundle:"):
        raise BundleError("the trusted comment is not a tvault bundle's")
    if fields[0] != "tvault-bundle:2":
        raise BundleError(f"bundle format {shown(fields[0][14:])} is not the one this verifier reads (2)")
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
    return bundle_id, recipients, created


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
    bundle_id, recipients, created = comment
    if manifest.get("format") != "tvault-bundle" or not is_count(manifest.get("version")) \
            or manifest["version"] != 2:
        raise BundleError("manifest.json: not a version 2 tvault bundle manifest")
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
    for name in sorted(set(bundle.listed) - bundle.named):
        raise BundleError(f"{shown(name)} is listed in SHA256SUMS but not named by the manifest")
    for name in ("HOW_TO_VERIFY.txt", "custody.json"):
        if name not in bundle.listed:
            raise BundleError(f"{name} is not listed in SHA256SUMS")


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


def open_checkpoint(note, origin, signer):
    """The (size, root) of a checkpoint signed by the signer's key
    (docs/audit-format.md section 5, C2SP signed-note and tlog-checkpoint)."""
    if not isinstance(note, str) or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise BundleError("custody.json: checkpoint: not text without control characters")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise BundleError("custody.json: checkpoint: not a signed note")
    text, signature_lines = note[:split + 1], note[split + 2:-1].split("\n")
    key_id, pk = signer
    name = "tvault-" + key_id_text(key_id)
    note_key_id = hashlib.sha256(name.encode() + b"\n\x01" + pk).digest()[:4]
    verified = False
    for line in signature_lines:
        if not line.startswith(NOTE_SIGNATURE_PREFIX) or line.count(" ") != 2:
            raise BundleError("custody.json: checkpoint: a signature line is malformed")
        line_name, b64 = line[2:].split(" ")
        raw = b64_canonical(b64)
        if raw is None or len(raw) <= 4:
            raise BundleError("custody.json: checkpoint: a signature is not canonical base64")
        if line_name == name and raw[:4] == note_key_id:
            if not ed25519_verify(pk, text.encode("utf-8", "surrogatepass"), raw[4:]):
                raise BundleError("custody.json: checkpoint: the sender's signature does not verify")
            verified = True
    if not verified:
        raise BundleError("custody.json: checkpoint: not signed by the key that signed the bundle")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or lines[0] != origin:
        raise BundleError("custody.json: checkpoint: not a checkpoint of the stated origin")
    size, root = lines[1], b64_canonical(lines[2], 32)
    if not size.isdigit() or not size.isascii() or (size[0] == "0" and size != "0") or root is None:
        raise BundleError("custody.json: checkpoint: its size or root is malformed")
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
    """Per version "T-....vN": (seq, statement commitment or None, logged
    redaction commitment or None, whether that was logged at intake), or
    None for the "no custody claim" form."""
    if custody.get("format") != "tvault-custody" or not is_count(custody.get("version")) \
            or custody["version"] != 2:
        raise BundleError("custody.json: not a version 2 custody file")
    if set(custody) == {"format", "version", "events"} and custody["events"] == []:
        return None
    if set(custody) != {"format", "version", "origin", "signer_key", "checkpoint", "checkpoint_size",
                        "events", "proof", "commitment_salts"}:
        raise BundleError("custody.json: its keys are not those of section 7.3")
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
    return logged_versions(events, salts, manifest)


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


# --- step 5: the redactions, and the report -------------------------------------

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
    logged = check_custody(custody, signer, manifest)
    report = []
    for record in manifest["records"]:
        if "redaction" in record:
            which = f"{record['id']}.v{record['versions'][0]['version']}"
            report.append(check_redaction(directory, record, logged and logged[which]))
            continue
        for v in record["versions"]:
            which = f"{record['id']}.v{v['version']}"
            report.append(f"{record['id']} v{v['version']}: " + (
                f"statement logged (seq {logged[which][0]})" if logged else "no custody claim"))
    return report + [f"bundle {comment[0]}: verified"]


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
