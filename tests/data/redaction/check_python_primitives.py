#!/usr/bin/env python3
"""Checks the primitives of tools/verify_redaction.py that the bundle
integration needs, against known answers:

    check_python_primitives.py TOOL DATA_DIR INCLUSION_CASES

  * Ed25519 (RFC 8032 5.1.7): DATA_DIR/vectors/ed25519_rfc8032.txt (RFC 8032
    section 7.1) must verify, and each Wycheproof case of
    DATA_DIR/vectors/ed25519_wycheproof.txt must get its stated result; the
    RFC vectors with one bit flipped in the message, R, S or the key must fail.
  * RFC 9162 inclusion: INCLUSION_CASES, lines "index size leaf root expect
    proof,proof,..." (hex; expect 1 or 0) written by tvault's C++ test from
    audit::InclusionProof, good and tampered.
  * RFC 9162 consistency (section 2.1.4.2): for every pair of sizes
    1 <= m <= n <= 20, the proof that section 2.1.4.1's definition gives
    (computed here, by brute force, from the trees' leaves) verifies, and
    tampered ones do not: each hash changed, one dropped or added, the
    hashes reordered, a root changed or the two swapped, the proof offered
    for other sizes (with their roots), the proof of a log whose first m
    leaves were rewritten, size 0. The expected verdict of each case is the
    definition's: the proof and both roots are those of the sizes given.
  * RFC 3161 responses (the DER reader): DATA_DIR/timestamp/good.tsr and
    responses that `openssl ts -reply` makes here with the test TSA of
    DATA_DIR/timestamp/ (its make.sh and ts.cnf) are read as `openssl ts
    -reply -text` reads them (imprint, nonce, serial, time, authority);
    openssl's own refusals and oddities (status rejection, a SHA-384 or
    absent nonce request) are refused; and broken encodings of good.tsr
    (every truncation, trailing bytes, indefinite or non-minimal lengths,
    wrong OIDs, a rejected status, a missing nonce, malformed times, ...)
    are refused with the expected reason; 5,000 random changes of it (and
    of it without a TSA name, whose authority is then the subject of the
    signer's certificate) are read or refused, never crash the reader.

Prints "ed25519 N ok, inclusion M ok, consistency C ok, timestamp T ok" and
exits 0, or names the first disagreement and exits 1.
"""
import hashlib
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ beside the tool in the source tree


def blocks(path):
    out, cur = [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                continue
            if not line:
                if cur:
                    out.append(cur)
                cur = {}
                continue
            key, _, value = line.partition("=")
            cur[key.strip()] = value.strip()
    if cur:
        out.append(cur)
    return out


def flip(b, bit):
    b = bytearray(b)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def check_ed25519(v, data_dir):
    ed = 0
    for b in blocks(os.path.join(data_dir, "vectors", "ed25519_rfc8032.txt")):
        pk, msg, sig = (bytes.fromhex(b[k]) for k in ("public_key", "message", "signature"))
        if not v.ed25519_verify(pk, msg, sig):
            sys.exit(f"ed25519: {b['name']} does not verify")
        forged = [(pk, msg + b"x", sig), (pk, msg, flip(sig, 3)), (pk, msg, flip(sig, 300)),
                  (flip(pk, 9), msg, sig)]
        if any(v.ed25519_verify(*f) for f in forged):
            sys.exit(f"ed25519: a forgery of {b['name']} verifies")
        ed += 1 + len(forged)
    for b in blocks(os.path.join(data_dir, "vectors", "ed25519_wycheproof.txt")):
        got = v.ed25519_verify(bytes.fromhex(b["pk"]), bytes.fromhex(b["msg"]), bytes.fromhex(b["sig"]))
        if got != (b["result"] == "valid"):
            sys.exit(f"ed25519: Wycheproof tcId {b['tcId']} ({b['comment']}) gives {got}")
        ed += 1
    return ed


def check_inclusion(v, inclusion_cases):
    inc = 0
    with open(inclusion_cases) as f:
        for line in f:
            index, size, leaf, root, expect, *proof = line.split()
            hashes = [bytes.fromhex(h) for h in proof[0].split(",")] if proof else []
            got = v.verify_inclusion(int(index), int(size), bytes.fromhex(leaf), hashes, bytes.fromhex(root))
            if got != (expect == "1"):
                sys.exit(f"inclusion: {line.strip()[:60]}... gives {got}")
            inc += 1
    return inc


# --- RFC 9162 section 2.1.1 and 2.1.4.1, by their definitions -------------------

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    """MTH(D[n]) of leaf hashes (section 2.1.1; n >= 1 here)."""
    if len(leaves) == 1:
        return leaves[0]
    k = largest_power_of_two_below(len(leaves))
    return node(mth(leaves[:k]), mth(leaves[k:]))


def subproof(m, leaves, b):
    """SUBPROOF(m, D[n], b) of section 2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def check_consistency(v):
    max_n = 20
    leaves = [hashlib.sha256(b"\x00" + b"event %d" % i).digest() for i in range(max_n + 1)]
    roots = {n: mth(leaves[:n]) for n in range(1, max_n + 1)}
    proofs = {(m, n): subproof(m, leaves[:n], True) for n in range(1, max_n + 1) for m in range(1, n + 1)}
    counts = {True: 0, False: 0}

    def case(what, m, n, r1, r2, proof):
        want = 0 < m <= n <= max_n and r1 == roots[m] and r2 == roots[n] and proof == proofs[(m, n)]
        got = v.verify_consistency(m, n, r1, r2, proof)
        if got is not want:
            sys.exit(f"consistency: {what} of ({m}, {n}) gives {got}, the definition {want}")
        counts[want] += 1

    for (m, n), proof in proofs.items():
        r1, r2 = roots[m], roots[n]
        case("the proof", m, n, r1, r2, proof)
        for i in range(len(proof)):
            case(f"hash {i} changed", m, n, r1, r2, proof[:i] + [flip(proof[i], 8 * i + 5)] + proof[i + 1:])
        if proof:
            case("the last hash dropped", m, n, r1, r2, proof[:-1])
            case("the first hash dropped", m, n, r1, r2, proof[1:])
        if len(proof) > 1:
            case("the hashes reversed", m, n, r1, r2, proof[::-1])
        case("a hash added", m, n, r1, r2, proof + [r2])
        case("the first root added", m, n, r1, r2, [r1] + proof)
        case("the old root changed", m, n, flip(r1, 0), r2, proof)
        case("the new root changed", m, n, r1, flip(r2, 255), proof)
        if m < n:
            case("the roots swapped", m, n, r2, r1, proof)
        # The proof offered for other sizes, with those sizes' roots: a
        # verifier binds a size to its root only through the checkpoint
        # signed over both, so a size changed alone is no test (the proof of
        # (1, 3) does rebuild the 3-leaf root when told the size is 4: hash
        # values do not say whether they are a leaf or a node).
        for m2, n2 in [(m + 1, n), (m, n - 1), (m - 1, n), (m, n + 1), (m + 1, n + 1), (m - 1, n - 1)]:
            if 0 < m2 <= n2 <= max_n:
                case(f"the proof offered for ({m2}, {n2})", m2, n2, roots[m2], roots[n2], proof)
        case("the old size 0", 0, n, hashlib.sha256(b"").digest(), r2, proof)
        # The log rewritten below m: its new tree, with its own genuine proof,
        # does not extend the old root.
        for j in sorted({0, m - 1}):
            forged = leaves[:j] + [hashlib.sha256(b"\x00forged").digest()] + leaves[j + 1:n]
            case(f"leaf {j} rewritten", m, n, r1, mth(forged), subproof(m, forged, True))
    # Every pair's own proof was accepted, and the cases of other sizes with
    # equal proofs (the empty proof of equal sizes): nothing else.
    if len(proofs) != max_n * (max_n + 1) // 2 or counts[True] != len(proofs) + 2 * (max_n - 1) \
            or counts[False] < 10 * len(proofs):
        sys.exit(f"consistency: {counts[True]} accepted, {counts[False]} refused")
    return counts[True] + counts[False]


# --- RFC 3161 responses -----------------------------------------------------------
#
# A small DER codec of this test's own, to build requests and to take good
# responses apart and put them together broken: an element is (tag, bytes)
# for a primitive, (tag, [elements]) for a constructed one, or ("raw",
# bytes) written as is.

def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(element):
    tag, value = element
    if tag == "raw":
        return value
    body = b"".join(encode(e) for e in value) if isinstance(value, list) else value
    return bytes([tag]) + der_length(len(body)) + body


def decode(data):
    """The one element of `data` (well-formed DER, as openssl writes it)."""
    element, end = decode_at(data, 0)
    assert end == len(data)
    return element


def decode_at(data, pos):
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        length = int.from_bytes(data[pos:pos + (first & 0x7F)], "big")
        pos += first & 0x7F
    body = data[pos:pos + length]
    if not tag & 0x20:
        return (tag, body), pos + length
    children, at = [], 0
    while at < len(body):
        child, at = decode_at(body, at)
        children.append(child)
    return (tag, children), pos + length


def integer(n):
    return (0x02, n.to_bytes(n.bit_length() // 8 + 1, "big", signed=True))


OID_BYTES = {"sha256": bytes.fromhex("608648016503040201"), "sha384": bytes.fromhex("608648016503040202"),
             "sha1": bytes.fromhex("2b0e03021a"), "data": bytes.fromhex("2a864886f70d010701")}
HASHES = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha1": hashlib.sha1}


def request(data, algorithm="sha256", nonce=None):
    """A DER TimeStampReq (RFC 3161 section 2.4.1) over `data`, certReq TRUE."""
    imprint = (0x30, [(0x30, [(0x06, OID_BYTES[algorithm]), (0x05, b"")]),
                      (0x04, HASHES[algorithm](data).digest())])
    fields = [integer(1), imprint] + ([integer(nonce)] if nonce is not None else []) + [(0x01, b"\xff")]
    return encode((0x30, fields))


class Tsa:
    """`openssl ts -reply` with the test TSA of DATA_DIR/timestamp (as
    tests/unit/support/local_tsa.cc runs it)."""

    def __init__(self, fixtures, scratch, extra_config=""):
        self.fixtures, self.dir = fixtures, tempfile.mkdtemp(dir=scratch)
        with open(os.path.join(fixtures, "ts.cnf")) as f:
            config = f.read()
        with open(os.path.join(self.dir, "ts.cnf"), "w") as f:
            f.write(config + extra_config)
        with open(os.path.join(self.dir, "tsaserial"), "w") as f:
            f.write("01\n")
        self.count = 0

    def reply(self, request_der):
        self.count += 1
        query, out = (os.path.join(self.dir, f"{k}-{self.count}") for k in ("query", "response"))
        with open(query, "wb") as f:
            f.write(request_der)
        run(["openssl", "ts", "-reply", "-config", "ts.cnf", "-section", "tsa_config", "-queryfile", query,
             "-signer", os.path.join(self.fixtures, "tsa.pem"), "-inkey", os.path.join(self.fixtures, "tsa.key"),
             "-out", out], cwd=self.dir)
        with open(out, "rb") as f:
            return f.read()


def run(argv, cwd=None):
    try:
        r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit(f"timestamp: {argv[0]} is missing (scripts/setup --test installs it)")
    if r.returncode != 0:
        sys.exit(f"timestamp: {' '.join(argv[:3])} failed: {r.stderr}")
    return r.stdout


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def openssl_text(response, scratch):
    """What `openssl ts -reply -text` reads in a token: {field: value}."""
    path = os.path.join(scratch, "shown.tsr")
    with open(path, "wb") as f:
        f.write(response)
    fields = {}
    for line in run(["openssl", "ts", "-reply", "-in", path, "-text"]).splitlines():
        key, sep, value = line.partition(": ")
        if sep and not line.startswith(" "):
            fields[key] = value
    month, day, clock, year, zone = fields["Time stamp"].split()
    assert zone == "GMT", fields["Time stamp"]
    fields["time"] = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}T{clock[:8]}Z"
    return fields


class TimestampCases:
    def __init__(self, v):
        self.v, self.count = v, 0

    def read(self, what, response):
        try:
            token = self.v.read_timestamp_response(response)
        except self.v.ProofError as e:
            sys.exit(f"timestamp: {what}: refused: {e}")
        self.count += 1
        return token

    def refused(self, what, response, expected):
        try:
            self.v.read_timestamp_response(response)
        except self.v.DerError as e:
            if expected not in str(e):
                sys.exit(f"timestamp: {what}: refused with {str(e)!r}, expected {expected!r}")
            self.count += 1
            return
        except Exception as e:  # anything but DerError is a bug of the reader
            sys.exit(f"timestamp: {what}: raised {type(e).__name__}: {e}")
        sys.exit(f"timestamp: {what}: accepted, expected {expected!r}")

    def agrees(self, what, response, scratch, data, nonce, signer_subject):
        """The token says what openssl's text says, over SHA-256 of data;
        without a TSA name (openssl: unspecified), the authority is the
        signer certificate's subject, `signer_subject` (RFC 4514)."""
        token, shown = self.read(what, response), openssl_text(response, scratch)
        tsa = token.tsa and self.v.name_text(token.tsa)
        if shown["TSA"] == "unspecified":
            tsa = "unspecified" if tsa == signer_subject else tsa
        elif token.tsa:
            tsa = "DirName:" + "".join(f"/{a}={v}" for rdn in token.tsa for a, v in rdn)
        got = (token.imprint, token.nonce, token.serial, token.time, token.policy, tsa)
        want = (hashlib.sha256(data).digest(), nonce, int(shown["Serial number"], 16), shown["time"],
                shown["Policy OID"], shown["TSA"])
        if shown["Status"] != "Granted." or shown["Hash Algorithm"] != "sha256" \
                or int(shown["Nonce"], 16) != nonce or got != want:
            sys.exit(f"timestamp: {what}: read as {got}, openssl shows {shown}")
        return token


# The fields (children lists) of a decoded TimeStampResp's parts.
def token_fields(resp):
    return resp[1][1][1]  # timeStampToken: contentType, [0] content


def signed_data(resp):
    return token_fields(resp)[1][1][0][1]  # version, digestAlgorithms, encapContentInfo, [0] certs, signerInfos


def econtent(resp):
    return signed_data(resp)[2][1][1][1]  # [0] eContent: the OCTET STRING holding the TSTInfo


def signer_fields(resp):
    return signed_data(resp)[4][1][0][1]  # the first SignerInfo: version, sid, digestAlgorithm, ...


def tbs_fields(resp):
    return signed_data(resp)[3][1][0][1][0][1]  # the first certificate's tbsCertificate


def subject_key_identifier(resp):
    """The first certificate's (RFC 5280 4.2.1.2; extensions are [3], field 8)."""
    extensions = tbs_fields(resp)[7][1][0][1]
    value = next(e[1][-1][1] for e in extensions if e[1][0][1] == bytes.fromhex("551d0e"))
    return decode(value)[1]


def with_resp(response, edit):
    """response decoded, edited by edit(resp), encoded again."""
    resp = decode(response)
    edit(resp)
    return encode(resp)


def with_tst(response, edit):
    """response with its TSTInfo edited: edit(fields) changes the list."""
    def apply(resp):
        tst = decode(econtent(resp)[0][1])
        edit(tst[1])
        econtent(resp)[0] = (0x04, encode(tst))
    return with_resp(response, apply)


def nested(depth):
    element = (0x02, b"\x01")
    for _ in range(depth):
        element = (0x30, [element])
    return element


def mutations(v, good, count=2500):
    """Random changes of a response (bits, bytes, cuts, insertions; seeded,
    so the same each run): each is read or refused with DerError, never an
    exception of another kind."""
    rng = random.Random(3161)
    for _ in range(count):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            at, op = rng.randrange(len(data)), rng.randrange(4)
            if op == 0:
                data[at] ^= 1 << rng.randrange(8)
            elif op == 1:
                data[at] = rng.randrange(256)
            elif op == 2:
                del data[at:at + rng.randint(1, 8)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        try:
            v.read_timestamp_response(bytes(data))
        except v.DerError:
            pass
        except Exception as e:
            sys.exit(f"timestamp: a random change of good.tsr ({bytes(data).hex()}) raised "
                     f"{type(e).__name__}: {e}")


def check_timestamps(v, data_dir):
    fixtures = os.path.abspath(os.path.join(data_dir, "timestamp"))
    scratch = tempfile.mkdtemp(prefix="timestamp-primitives-")
    cases = TimestampCases(v)
    try:
        with open(os.path.join(fixtures, "good.tsr"), "rb") as f:
            good = f.read()
        subject = run(["openssl", "x509", "-in", os.path.join(fixtures, "tsa.pem"), "-noout", "-subject",
                       "-nameopt", "RFC2253"]).strip().removeprefix("subject=")
        cases.agrees("good.tsr", good, scratch, b"tvault rfc3161 test", 0x0102030405060708, subject)

        # Responses openssl makes now, over a checkpoint note's bytes.
        note = ("tvault/v1/audit/00112233445566778899aabbccddeeff\n40\n" + "A" * 43 + "=\n\n"
                "\u2014 tvault-0102030405060708 AAAA\n").encode()
        tsa, precise = Tsa(fixtures, scratch), Tsa(fixtures, scratch, "clock_precision_digits = 3\n")
        for what, nonce in [("a fresh response", 0xFEDCBA9876543210), ("a short nonce", 1),
                            ("the largest nonce", (1 << 64) - 1)]:
            cases.agrees(what, tsa.reply(request(note, nonce=nonce)), scratch, note, nonce, subject)
        fraction = precise.reply(request(note, nonce=77))
        cases.agrees("a time with milliseconds", fraction, scratch, note, 77, subject)
        unnamed = Tsa(fixtures, scratch, "tsa_name = no\n").reply(request(note, nonce=78))
        cases.agrees("a token without a TSA name", unnamed, scratch, note, 78, subject)
        cases.refused("openssl's answer to a SHA-384 request", tsa.reply(request(note, "sha384", 5)),
                      "not over a SHA-256 hash")
        cases.refused("openssl's rejection of a SHA-1 request", tsa.reply(request(note, "sha1", 5)),
                      "refused the request (status 2)")
        cases.refused("openssl's answer to a request without a nonce", tsa.reply(request(note)),
                      "no 64-bit nonce")
        cases.refused("openssl's answer to a 72-bit nonce", tsa.reply(request(note, nonce=1 << 64)),
                      "no 64-bit nonce")

        for n in range(len(good)):  # one case: its count does not depend on the fixture's length
            cases.refused(f"good.tsr cut to {n} bytes", good[:n], "not DER")
            cases.count -= 1
        cases.count += 1
        cases.refused("a byte after the response", good + b"\x00", "not DER: bytes after its end")
        cases.refused("a response twice", good + good, "not DER: bytes after its end")
        body = good[4:]  # good.tsr starts 30 82 xx xx
        assert good[:2] == b"\x30\x82" and len(body) == int.from_bytes(good[2:4], "big")
        cases.refused("an indefinite length", b"\x30\x80" + body + b"\x00\x00", "indefinite length")
        cases.refused("a length in 3 bytes", b"\x30\x83\x00" + good[2:], "not in its shortest form")
        cases.refused("a length in 5 bytes", b"\x30\x85\x00\x00\x00" + good[2:], "more than 4 bytes")
        cases.refused("a length 1 too large", b"\x30\x82" + (len(body) + 1).to_bytes(2, "big") + body, "truncated")
        cases.refused("a length 1 too small", b"\x30\x82" + (len(body) - 1).to_bytes(2, "big") + body,
                      "bytes after its end")
        cases.refused("a short length in the long form", with_resp(good, lambda r: r[1].insert(
            0, ("raw", b"\x02\x81\x01\x00"))), "not in its shortest form")
        cases.refused("an indefinite length inside", with_resp(good, lambda r: r[1].__setitem__(0, (
            "raw", b"\x30\x80" + encode(r[1][0])[2:] + b"\x00\x00"))), "indefinite length")
        cases.refused("a high tag number", with_resp(good, lambda r: r[1].append(("raw", b"\x1f\x81\x00\x00"))),
                      "high-tag-number form")
        cases.refused("the TSTInfo in a constructed OCTET STRING (BER)", with_resp(good, lambda r: econtent(
            r).__setitem__(0, (0x24, [econtent(r)[0]]))), "constructed form")
        # The certificates are the response's 5th level (SEQUENCE, SEQUENCE,
        # [0], SEQUENCE, [0]): 59 levels more are 64 in all.
        cases.read("64 levels (in a certificate, which is not read)", with_resp(
            good, lambda r: signed_data(r).__setitem__(3, (0xA0, [nested(59)]))))
        cases.refused("65 levels (in a certificate, which is not read)", with_resp(
            good, lambda r: signed_data(r).__setitem__(3, (0xA0, [nested(60)]))), "nested more than 64 deep")
        cases.refused("an unread certificate with end-of-contents octets", with_resp(
            good, lambda r: signed_data(r).__setitem__(3, (0xA0, [("raw", b"\x00\x00")]))), "end-of-contents")
        cases.refused("an unread certificate holding a BER string", with_resp(
            good, lambda r: signed_data(r).__setitem__(3, (0xA0, [(0x24, [(0x04, b"x")])]))), "constructed form")

        status = lambda s, *more: with_resp(good, lambda r: r[1].__setitem__(0, (0x30, [integer(s)] + list(more))))
        for s in (2, 3, 4, 5, -1, 256):
            cases.refused(f"status {s}", status(s), f"refused the request (status {s})")
        cases.refused("status rejection (2) without its token", with_resp(good, lambda r: (
            r[1].__setitem__(0, (0x30, [integer(2)])), r[1].pop())), "(status 2)")
        cases.read("status grantedWithMods (1)", status(1))
        cases.read("a status string and failure info", status(0, (0x30, [(0x0C, b"ok")]), (0x03, b"\x00")))
        cases.refused("a status as a non-minimal INTEGER", with_resp(good, lambda r: r[1].__setitem__(
            0, (0x30, [(0x02, b"\x00\x00")]))), "not a DER INTEGER")
        cases.refused("no token", with_resp(good, lambda r: r[1].pop()), "holds no token")
        cases.refused("something after the token", with_resp(good, lambda r: r[1].append(integer(0))),
                      "follows its last field")
        cases.refused("contentType id-data", with_resp(good, lambda r: r[1][1][1].__setitem__(
            0, (0x06, OID_BYTES["data"]))), "not CMS SignedData")
        cases.refused("eContentType id-data", with_resp(good, lambda r: signed_data(r)[2][1].__setitem__(
            0, (0x06, OID_BYTES["data"]))), "content is not a TSTInfo")
        cases.refused("a contentType OID padded with 0x80", with_resp(good, lambda r: r[1][1][1].__setitem__(
            0, (0x06, b"\x2a\x80\x86\x48\x86\xf7\x0d\x01\x07\x02"))), "not a DER OBJECT IDENTIFIER")
        cases.refused("no signer", with_resp(good, lambda r: signed_data(r).__setitem__(4, (0x31, []))),
                      "has no signer")
        cases.read("no certificates", with_resp(good, lambda r: signed_data(r).pop(3)))
        cases.refused("the certificates after the signers", with_resp(good, lambda r: signed_data(r).append(
            signed_data(r).pop(3))), "follows its last field")

        tst = lambda edit: with_tst(good, edit)
        # TSTInfo: version, policy, messageImprint, serialNumber, genTime,
        # accuracy, nonce, tsa (good.tsr has no ordering nor extensions).
        cases.refused("TSTInfo version 2", tst(lambda f: f.__setitem__(0, integer(2))), "version 2, not 1")
        cases.refused("the imprint's algorithm SHA-384", tst(lambda f: f[2][1][0][1].__setitem__(
            0, (0x06, OID_BYTES["sha384"]))), "not over a SHA-256 hash")
        cases.refused("the imprint 31 bytes", tst(lambda f: f[2][1].__setitem__(1, (0x04, b"\x01" * 31))),
                      "not over a SHA-256 hash")
        cases.read("the imprint's algorithm without parameters", tst(lambda f: f[2][1][0][1].pop()))
        cases.refused("the imprint's parameters not NULL", tst(lambda f: f[2][1][0][1].__setitem__(
            1, (0x05, b"\x00"))), "not NULL")
        cases.refused("no nonce", tst(lambda f: f.pop(6)), "no 64-bit nonce")
        cases.refused("a negative nonce", tst(lambda f: f.__setitem__(6, integer(-5))), "no 64-bit nonce")
        cases.refused("a nonce of 2^64", tst(lambda f: f.__setitem__(6, integer(1 << 64))), "no 64-bit nonce")
        cases.refused("a nonce with a leading zero byte", tst(lambda f: f.__setitem__(6, (0x02, b"\x00\x05"))),
                      "not a DER INTEGER")
        cases.refused("an empty nonce", tst(lambda f: f.__setitem__(6, (0x02, b""))), "not a DER INTEGER")
        cases.refused("the nonce before the accuracy", tst(lambda f: f.insert(5, f.pop(6))),
                      "follows its last field")
        cases.refused("an unknown field at the end", tst(lambda f: f.append((0x82, b"x"))), "follows its last field")
        cases.read("ordering TRUE and extensions", tst(lambda f: (f.insert(6, (0x01, b"\xff")), f.append(
            (0xA1, [(0x30, [(0x06, b"\x2a\x03"), (0x04, b"")])])))))
        cases.refused("ordering as 0x01", tst(lambda f: f.insert(6, (0x01, b"\x01"))), "not a DER BOOLEAN")
        # Without a directory name in the TSTInfo, the authority is the
        # subject of the certificate the SignerInfo names.
        def authority(what, response, name):
            token = cases.read(what, response)
            got = v.name_text(token.tsa) if token.tsa else None
            if got != name:
                sys.exit(f"timestamp: {what}: the authority reads {got!r}, not {name!r}")

        no_tsa, ski = tst(lambda f: f.pop(7)), subject_key_identifier(decode(good))
        authority("the tsa as a URI", tst(lambda f: f.__setitem__(7, (0xA0, [(0x86, b"https://tsa.example")]))),
                  subject)
        authority("no tsa", no_tsa, subject)
        authority("no tsa, the signer named by its key identifier", with_resp(
            no_tsa, lambda r: signer_fields(r).__setitem__(1, (0x80, ski))), subject)
        authority("no tsa nor certificates", with_resp(no_tsa, lambda r: signed_data(r).pop(3)), None)
        authority("no tsa, the signer named by another serial number", with_resp(
            no_tsa, lambda r: signer_fields(r)[1][1].__setitem__(1, integer(3))), None)
        authority("no tsa, the signer named by another key identifier", with_resp(
            no_tsa, lambda r: signer_fields(r).__setitem__(1, (0x80, ski[:-1] + b"\0"))), None)
        authority("a tsa, and a certificate that is not read", with_resp(
            good, lambda r: tbs_fields(r).__setitem__(1, (0x06, b"\x2a"))), subject)
        cases.refused("no tsa, and the certificate without its serial number", with_resp(
            no_tsa, lambda r: tbs_fields(r).__setitem__(1, (0x06, b"\x2a"))), "serialNumber is missing")
        cases.refused("an empty relative distinguished name in the tsa", tst(lambda f: f[7][1][0][1][0][1].append(
            (0x31, []))), "is empty")
        escaped = cases.read("a tsa name to escape", tst(lambda f: f.__setitem__(7, (0xA0, [(0xA4, [(0x30, [
            (0x31, [(0x30, [(0x06, b"\x55\x04\x06"), (0x13, b"XX")])]),
            (0x31, [(0x30, [(0x06, b"\x55\x04\x0a"), (0x0C, b"#1, A+B <x>")]),
                    (0x30, [(0x06, b"\x2a\x03"), (0x04, b"\x01")])]),
            (0x31, [(0x30, [(0x06, b"\x55\x04\x03"), (0x1E, "T\u00dcV ".encode("utf-16-be"))])])])])]))))
        if v.name_text(escaped.tsa) != "CN=T\u00dcV\\ ,O=\\#1\\, A\\+B \\<x\\>+1.2.3=#040101,C=XX":
            sys.exit(f"timestamp: a tsa name to escape reads {v.name_text(escaped.tsa)!r}")

        times = [("20261207124922Z", "2026-12-07T12:49:22Z"), ("20261207124922.5Z", "2026-12-07T12:49:22Z"),
                 ("20240229235959.999Z", "2024-02-29T23:59:59Z"), ("00010101000000Z", "0001-01-01T00:00:00Z")]
        for text, iso in times:
            token = cases.read(f"genTime {text}", tst(lambda f: f.__setitem__(4, (0x18, text.encode()))))
            if token.time != iso:
                sys.exit(f"timestamp: genTime {text} reads as {token.time}")
        for text, reason in [("20261307124922Z", "not a real instant"), ("20230229000000Z", "not a real instant"),
                             ("20261207235960Z", "not a real instant"), ("00000101000000Z", "not a real instant"),
                             ("20261207124922", "not a DER GeneralizedTime"),
                             ("202612071249Z", "not a DER GeneralizedTime"),
                             ("20261207124922.50Z", "not a DER GeneralizedTime"),
                             ("20261207124922.Z", "not a DER GeneralizedTime"),
                             ("20261207124922,5Z", "not a DER GeneralizedTime"),
                             ("20261207124922+0100", "not a DER GeneralizedTime"),
                             ("2026120712492 Z", "not a DER GeneralizedTime")]:
            cases.refused(f"genTime {text}", tst(lambda f: f.__setitem__(4, (0x18, text.encode()))), reason)
        cases.refused("genTime as a UTCTime", tst(lambda f: f.__setitem__(4, (0x17, b"261207124922Z"))),
                      "genTime is missing")
        mutations(v, good)
        mutations(v, no_tsa)  # its authority is read from the signer's certificate
        cases.count += 1
        cases.refused("a byte after the TSTInfo", with_resp(good, lambda r: econtent(r).__setitem__(
            0, (0x04, econtent(r)[0][1] + b"\x00"))), "not DER: bytes after its end")
    finally:
        shutil.rmtree(scratch)
    return cases.count


def main(tool, data_dir, inclusion_cases):
    spec = importlib.util.spec_from_file_location("verify_redaction", tool)
    v = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(v)
    ed = check_ed25519(v, data_dir)
    inc = check_inclusion(v, inclusion_cases)
    con = check_consistency(v)
    ts = check_timestamps(v, data_dir)
    print(f"ed25519 {ed} ok, inclusion {inc} ok, consistency {con} ok, timestamp {ts} ok")


if __name__ == "__main__":
    main(*sys.argv[1:4])
