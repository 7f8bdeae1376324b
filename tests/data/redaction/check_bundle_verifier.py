#!/usr/bin/env python3
"""Checks the bundle mode of tools/verify_redaction.py against bundles the
real `tvault export --redaction` wrote and against tampered copies of them:

    check_bundle_verifier.py TOOL DIR SIGNER_KEY T_ID R_ID SAME_VERSION_PROOF OTHER_PROOF
    check_bundle_verifier.py TOOL --late DIR PLAIN_DIR SIGNER_KEY T_ID R_ID LOG
    check_bundle_verifier.py TOOL --stamped DIR SIGNER_KEY

  DIR          an unpacked format-2 bundle (age -d | tar x) signed by
               SIGNER_KEY, carrying T_ID redacted by R_ID (version 1, its
               redaction commitment logged at intake) and a testimony with
               two versions; the genuine bundle must verify.
  SAME_VERSION_PROOF  tvault's proof of another redaction of that version
               (`redaction show --proof-out`); OTHER_PROOF a redaction of
               another testimony's version.

With --late, version 1 of T_ID was stored without a redaction commitment,
which its first redaction, R_ID, logged (testimony.redaction_commitment);
DIR carries it redacted, PLAIN_DIR whole, and LOG is the sender's whole
exported audit log (`tvault audit export`), from which the tampered copies
take events and compute their multi-leaf proofs.

With --stamped, DIR is a format-3 bundle (docs/bundle-format.md 8) whose
tokens the test TSA of tests/data/timestamp issued, with a stamped size
below its checkpoint's: it must verify, its report must give each token's
time as `openssl ts -reply -text` reads it, each version's existed-by time
(the earliest token of a size above its seq), the warning that authorities
are not checked, and `openssl ts -verify` commands that succeed with the
test CA; tampered copies (consistency proofs, stamped checkpoints, tokens,
the key sets and the two lists of stamped sizes, the format numbers) must
be refused, and the bundle without tokens, or without a custody claim,
verify. Re-signing (below) signs the stamped checkpoints with the test key
too and gets new tokens over them from the test TSA.

Tampering the files alone is caught by the sender's signature. To reach
every later check, most cases are re-signed with a test key (its Ed25519
signing is written here from RFC 8032 section 5.1.6 and checked against
section 7.1's first vector): SHA256SUMS, its trusted comment, the manifest's
exporter key and custody.json's checkpoint (the same note text, the vault's
real events and root) then all name the test key, and the re-signed bundle
verifies before any case tampers it, so each refusal is caused by that
case's change alone.

Each tampered copy must exit 1 with nothing on standard output and one line
"verify_redaction: error: ..." naming the expected failure. Prints the
genuine bundle's report, then "N cases refused", and exits 0; or names the
first disagreement and exits 1.
"""
import base64
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ beside the tool in the source tree
TOOL = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
TIMESTAMP_FIXTURES = os.path.join(HERE, "..", "timestamp")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vr = load("verify_redaction", TOOL)
# Its test TSA (openssl ts -reply with tests/data/timestamp) and request builder.
primitives = load("check_python_primitives", os.path.join(HERE, "check_python_primitives.py"))
TSA = None  # a primitives.Tsa, made by main in the scratch directory


def fail(message):
    print("check_bundle_verifier: " + message, file=sys.stderr)
    sys.exit(1)


# --- a test signer: Ed25519 signing (RFC 8032 section 5.1.6) -----------------

def encode_point(p):
    zi = pow(p[2], vr.ED_P - 2, vr.ED_P)
    x, y = p[0] * zi % vr.ED_P, p[1] * zi % vr.ED_P
    return (y | (x & 1) << 255).to_bytes(32, "little")


class TestKey:
    def __init__(self, seed, key_id):
        h = hashlib.sha512(seed).digest()
        self.a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
        self.prefix = h[32:]
        self.pk = encode_point(vr._ed_mul(self.a, vr.ED_B))
        self.key_id = key_id
        self.rw = base64.b64encode(b"Ed" + key_id + self.pk).decode()

    def sign(self, message):
        r = int.from_bytes(hashlib.sha512(self.prefix + message).digest(), "little") % vr.ED_L
        big_r = encode_point(vr._ed_mul(r, vr.ED_B))
        k = int.from_bytes(hashlib.sha512(big_r + self.pk + message).digest(), "little") % vr.ED_L
        return big_r + ((r + k * self.a) % vr.ED_L).to_bytes(32, "little")


rfc = TestKey(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), bytes(8))
if rfc.pk.hex() != "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a" or rfc.sign(b"").hex() != (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555f"
        "b8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"):
    fail("the test signer disagrees with RFC 8032 section 7.1, test 1")
KEY = TestKey(b"tvault test signer of tampered bundles", bytes.fromhex("0102030405060708"))
OTHER_KEY = TestKey(b"another sender", bytes.fromhex("1112131415161718"))


# --- bundle files ----------------------------------------------------------------

def read(d, name):
    with open(os.path.join(d, name), "rb") as f:
        return f.read()


def write(d, name, data):
    os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read_json(d, name):
    return json.loads(read(d, name))


def write_json(d, name, value):
    write(d, name, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode())


def flip(data, at):
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def trusted_comment(d):
    return read(d, "SHA256SUMS.minisig").split(b"\n")[2][len(b"trusted comment: "):]


def sign_note(note, key):
    """The checkpoint's note text signed by `key` alone (docs/audit-format.md 5)."""
    text = note[:note.rfind("\n\n") + 1]
    name = "tvault-" + vr.key_id_text(key.key_id)
    note_key_id = hashlib.sha256(name.encode() + b"\n\x01" + key.pk).digest()[:4]
    sig = base64.b64encode(note_key_id + key.sign(text.encode())).decode()
    return f"{text}\n\u2014 {name} {sig}\n"


def resign(d, key=KEY, comment=None, custody_key=KEY):
    """SHA256SUMS of what d holds, signed by `key` with d's trusted comment
    (or `comment`); the manifest's exporter key made `key`, and custody.json's
    signer key and checkpoint signature, and those of the stamped
    checkpoints (format 3), `custody_key`'s (None: kept). A stamped
    checkpoint whose bytes that changes gets a new token over them from the
    test TSA; one signed so already keeps its token."""
    manifest = read_json(d, "manifest.json")
    manifest["exporter"]["minisign_public_key"] = key.rw
    write_json(d, "manifest.json", manifest)
    c = read_json(d, "custody.json")
    if custody_key is not None and "checkpoint" in c:
        c["signer_key"] = custody_key.rw
        c["checkpoint"] = sign_note(c["checkpoint"], custody_key)
        write_json(d, "custody.json", c)
        for name in sorted(vr.files_in(d)):
            if name.startswith("timestamps/") and name.endswith(".checkpoint.txt"):
                note = read(d, name)
                signed = sign_note(note.decode(), custody_key).encode()
                if signed != note:
                    write(d, name, signed)
                    write(d, name[:-len(".checkpoint.txt")] + ".tsr", TSA.reply(primitives.request(signed, nonce=7)))
    comment = comment if comment is not None else trusted_comment(d)
    names = sorted((n for n in vr.files_in(d) if n not in vr.SIGNATURE_FILES), key=str.encode)
    sums = "".join(f"{vr.sha256_file(os.path.join(d, n))}  {n}\n" for n in names).encode()
    sig = key.sign(hashlib.blake2b(sums).digest())
    blob = base64.b64encode(b"ED" + key.key_id + sig)
    global_sig = base64.b64encode(key.sign(sig + comment))
    write(d, "SHA256SUMS", sums)
    write(d, "SHA256SUMS.minisig", b"untrusted comment: test\n" + blob + b"\ntrusted comment: " + comment
          + b"\n" + global_sig + b"\n")


def record(manifest, testimony_id):
    return next(r for r in manifest["records"] if r["id"] == testimony_id)


def set_file(d, manifest_version, name, data):
    """Writes a statement or proof file and states its size and hash."""
    write(d, name, data)
    manifest_version["size_bytes"] = len(data)
    manifest_version["sha256"] = hashlib.sha256(data).hexdigest()


# --- the sender's log and multi-leaf proofs (docs/bundle-format.md 7.4) -----

def read_log(path):
    """The entries of an exported audit log (docs/audit-format.md section 8)."""
    r = vr.Reader(open(path, "rb").read())
    if r.take(8, "log") != b"TVAUDLOG" or r.u16("log") != 1:
        fail(f"{path} is not an exported audit log")
    r.take(16, "log")
    for _ in range(r.u32("log")):
        r.take(r.u32("log"), "log")
    return [r.take(r.u32("log"), "log") for _ in range(struct.unpack(">Q", r.take(8, "log"))[0])]


def log_proof(size, entries, keep):
    """Section 7.4's proof P(0, size) of the entries at the seqs `keep`, in
    the tree of the first `size` entries of a whole log."""
    leaves = [hashlib.sha256(b"\x00" + e).digest() for e in entries[:size]]

    def mth(lo, hi):
        if hi - lo == 1:
            return leaves[lo]
        k = vr.largest_power_of_two_below(hi - lo)
        return hashlib.sha256(b"\x01" + mth(lo, lo + k) + mth(lo + k, hi)).digest()

    def p(lo, hi, inside):
        if not inside:
            return [mth(lo, hi)]
        if hi - lo == 1:
            return []
        k = vr.largest_power_of_two_below(hi - lo)
        return p(lo, lo + k, [s for s in inside if s < lo + k]) + p(lo + k, hi, [s for s in inside if s >= lo + k])

    return p(0, size, sorted(keep))


# --- proofs (docs/redaction-format.md 4.1) ------------------------------------------

def render(proof):
    parsed = vr.parse(proof)
    return vr.check_proof(parsed, parsed[1])[2]


def serialize(n, commitment, runs):
    out = [vr.MAGIC, struct.pack(">HI", 1, n), commitment, struct.pack(">I", len(runs))]
    for kind, _, count, items in runs:
        out.append(struct.pack(">BI", kind, count))
        for item in items:
            out.append(item if kind == 2 else item[0] + struct.pack(">I", len(item[1])) + item[1])
    return b"".join(out)


def edit_proof(d, rid, edit):
    """Applies `edit` to the parsed proof (n, commitment, runs) of rid, and
    writes the proof and the text it now renders, as a careless or hostile
    sender would: consistent files, a wrong proof."""
    manifest = read_json(d, "manifest.json")
    rec = next(r for r in manifest["records"] if r.get("redaction", {}).get("id") == rid)
    n, commitment, runs = vr.parse(read(d, rec["redaction"]["file"]))
    n, commitment, runs = edit(n, commitment, [list(r[:3]) + [list(r[3])] for r in runs])
    data = serialize(n, commitment, runs)
    set_file(d, rec["redaction"], rec["redaction"]["file"], data)
    text = []
    for kind, first, count, items in runs:
        text += [t for _, t in items] if kind == 1 else [vr.MARK.encode() + (b" " if first + count < n else b"")]
    set_file(d, rec["versions"][0], rec["versions"][0]["file"], b"".join(text))
    write_json(d, "manifest.json", manifest)


def changed_token(n, commitment, runs):
    run = next(r for r in runs if r[0] == 1)
    salt, token = run[3][0]
    run[3][0] = (salt, token.replace(token[:1], b"X" if token[:1] != b"X" else b"Y", 1))
    return n, commitment, runs


def changed_cover(n, commitment, runs):
    run = next(r for r in runs if r[0] == 2)
    run[3][0] = flip(run[3][0], 0)
    return n, commitment, runs


def moved_run(n, commitment, runs):
    """The first hidden run (after a revealed one) moved one token right: the
    revealed token after it is shown in its place, the cover hashes kept."""
    i = next(i for i, r in enumerate(runs) if r[0] == 2 and 0 < i < len(runs) - 1)
    before, hidden, after = runs[i - 1], runs[i], runs[i + 1]
    before[2] += 1
    before[3].append(after[3].pop(0))
    hidden[1] += 1
    after[1] += 1
    after[2] -= 1
    return n, commitment, [r for r in runs if r[2] > 0]


# --- the cases ------------------------------------------------------------------

def run_tool(d, key):
    return subprocess.run([sys.executable, TOOL, "--bundle", d, "--signer-key", key],
                          capture_output=True, text=True)


def expect_verified(d, key, what):
    r = run_tool(d, key)
    verdict = r.stdout.splitlines()[-1] if r.stdout else ""
    if r.returncode != 0 or r.stderr or not verdict.startswith("bundle B-") or ": verified" not in verdict:
        fail(f"{what}: does not verify: {r.stdout}{r.stderr}")
    return r.stdout


class Cases:
    """Tampered copies in a scratch directory, each refused as expected."""

    def __init__(self):
        self.scratch = tempfile.mkdtemp(prefix="bundle-verifier-")
        self.count = 0

    def copy(self, base, name, change=None):
        d = os.path.join(self.scratch, name)
        shutil.copytree(base, d)
        if change is not None:
            change(d)
        return d

    def refused(self, base, what, expected, tamper, key=None):
        d = self.copy(base, f"case{self.count}", tamper)
        r = run_tool(d, key or KEY.rw)
        lines = r.stderr.splitlines()
        if r.returncode != 1 or r.stdout or len(lines) != 1 or not r.stderr.endswith("\n") \
                or not lines[0].startswith("verify_redaction: error: ") or expected not in lines[0]:
            fail(f"{what}: exit {r.returncode}, stdout {r.stdout!r}, stderr {r.stderr!r}, expected {expected!r}")
        print(f"refused: {what}: {lines[0]}")
        self.count += 1
        shutil.rmtree(d)

    def resigned(self, base, what, expected, edit):
        self.refused(base, what + " (re-signed)", expected, lambda d: (edit(d), resign(d)))


def edit_json(name, edit):
    def apply(d):
        value = read_json(d, name)
        edit(value)
        write_json(d, name, value)
    return apply


def with_events(log, seqs):
    """custody.json carrying the log's events at `seqs`, with their proof."""
    def apply(c):
        c["events"] = [base64.b64encode(log[s]).decode() for s in sorted(seqs)]
        c["proof"] = [base64.b64encode(h).decode() for h in log_proof(c["checkpoint_size"], log, seqs)]
    return edit_json("custody.json", apply)


def custody_seqs(d):
    return [vr.Event(base64.b64decode(e)).seq for e in read_json(d, "custody.json")["events"]]


def genuine_cases(cases, src, signer):
    """The files as tvault signed them: anything changed breaks the chain."""
    manifest = read_json(src, "manifest.json")
    statement = next(r for r in manifest["records"] if len(r["versions"]) == 2)["versions"][1]["file"]
    raw = lambda name, at: lambda d: write(d, name, flip(read(d, name), at))
    cases.refused(src, "a wrong signer key", "not by the expected key", None, OTHER_KEY.rw)
    cases.refused(src, "a byte of a statement", f"{statement}: its SHA-256", raw(statement, 3), signer)
    cases.refused(src, "a byte of custody.json", "custody.json: its SHA-256", raw("custody.json", 40), signer)
    cases.refused(src, "a byte of the manifest", "manifest.json: its SHA-256", raw("manifest.json", 30), signer)
    cases.refused(src, "the trusted comment", "signature of the trusted comment",
                  lambda d: write(d, "SHA256SUMS.minisig", read(d, "SHA256SUMS.minisig").replace(
                      b" recipients:", b"  recipients:")), signer)
    cases.refused(src, "a file added", "notes.txt is not listed",
                  lambda d: write(d, "statements/notes.txt", b"x"), signer)
    cases.refused(src, "a link added", "is not a regular file",
                  lambda d: os.symlink("/etc/passwd", os.path.join(d, "statements", "link")), signer)
    cases.refused(src, "a listed file removed", "listed in SHA256SUMS but missing",
                  lambda d: os.remove(os.path.join(d, statement)), signer)


def redacted_cases(cases, red, tid, rid, same_version_proof, other_proof):
    manifest = read_json(red, "manifest.json")
    plain = next(r for r in manifest["records"] if len(r["versions"]) == 2)
    plain_salt = f"{plain['id']}.v2"

    def plain_statement(d):
        m = read_json(d, "manifest.json")
        v = record(m, plain["id"])["versions"][1]
        set_file(d, v, v["file"], flip(read(d, v["file"]), 3))
        write_json(d, "manifest.json", m)

    def redacted_text(d):
        m = read_json(d, "manifest.json")
        v = record(m, tid)["versions"][0]
        set_file(d, v, v["file"], read(d, v["file"]) + b" ")
        write_json(d, "manifest.json", m)

    def swap_proof(data, rerender):
        def apply(d):
            m = read_json(d, "manifest.json")
            r = record(m, tid)
            set_file(d, r["redaction"], r["redaction"]["file"], data)
            if rerender:
                set_file(d, r["versions"][0], r["versions"][0]["file"], render(data))
            write_json(d, "manifest.json", m)
        return apply

    def first_event(edit):
        def apply(c):
            entry = bytearray(base64.b64decode(c["events"][0]))
            edit(entry)
            c["events"][0] = base64.b64encode(bytes(entry)).decode()
        return apply

    def b64_flip(text, at):
        return base64.b64encode(flip(base64.b64decode(text), at)).decode()

    proof_file = f"redactions/{rid}.proof"
    logged_for = "is not the one the sender's log recorded for " + tid
    for what, expected, edit in [
        ("a statement and its stated hash", f"{plain_salt}: its commitment differs", plain_statement),
        ("the redacted text and its stated hash", "not the redacted text", redacted_text),
        ("a revealed token of the proof", "does not match the commitment", lambda d: edit_proof(d, rid, changed_token)),
        ("a cover hash of the proof", "does not match the commitment", lambda d: edit_proof(d, rid, changed_cover)),
        ("a hidden run moved", "does not match the commitment", lambda d: edit_proof(d, rid, moved_run)),
        ("the proof's commitment", logged_for, lambda d: edit_proof(d, rid, lambda n, c, runs: (n, flip(c, 5), runs))),
        ("a proof of another redaction of the version", "not the redacted text", swap_proof(same_version_proof, False)),
        ("a proof of another testimony's redaction, text and all", logged_for, swap_proof(other_proof, True)),
        ("a proof byte and its stated hash", proof_file + ": ", lambda d: edit_json("manifest.json", lambda m: set_file(
            d, record(m, tid)["redaction"], proof_file, flip(read(d, proof_file), 60)))(d)),
        ("an event's time", "not in the signed checkpoint",
         edit_json("custody.json", first_event(lambda e: e.__setitem__(15, e[15] ^ 1)))),
        ("an event's seq one lower", "not in the signed checkpoint",
         edit_json("custody.json", first_event(lambda e: e.__setitem__(slice(1, 9), struct.pack(
             ">Q", struct.unpack(">Q", e[1:9])[0] - 1))))),
        ("a proof hash of custody.json", "not in the signed checkpoint",
         edit_json("custody.json", lambda c: c["proof"].__setitem__(0, b64_flip(c["proof"][0], 7)))),
        ("a commitment salt", "its commitment differs from the logged one",
         edit_json("custody.json", lambda c: c["commitment_salts"].__setitem__(
             plain_salt, b64_flip(c["commitment_salts"][plain_salt], 0)))),
        ("an event dropped", "custody.json: the events are not in the signed checkpoint",
         edit_json("custody.json", lambda c: c["events"].pop())),
        ("the checkpoint's size", "checkpoint_size disagrees",
         edit_json("custody.json", lambda c: c.__setitem__("checkpoint_size", c["checkpoint_size"] + 1))),
        ("a salt added for the redacted version", "one salt per plain version",
         edit_json("custody.json", lambda c: c["commitment_salts"].__setitem__(
             f"{tid}.v1", c["commitment_salts"][plain_salt]))),
        ("events without a checkpoint", "its keys are not those of section 7.3",
         edit_json("custody.json", lambda c: c.pop("checkpoint"))),
        ("a key added to custody.json", "its keys are not those of section 7.3",
         edit_json("custody.json", lambda c: c.__setitem__("note", ""))),
    ]:
        cases.resigned(red, what, expected, edit)

    cases.refused(red, "the checkpoint's size, its signature kept", "the sender's signature does not verify",
                  lambda d: (resign(d), edit_json("custody.json", lambda c: c.__setitem__(
                      "checkpoint", c["checkpoint"].replace("\n", "\n1", 1)))(d), resign(d, custody_key=None)))
    cases.refused(red, "the checkpoint signed by another key", "not signed by the key that signed the bundle",
                  lambda d: (edit_json("custody.json", lambda c: c.__setitem__(
                      "checkpoint", sign_note(c["checkpoint"], OTHER_KEY)))(d), resign(d, custody_key=None)))
    cases.refused(red, "custody.json signed by another key than the bundle", "signed by another key than the bundle",
                  lambda d: resign(d, custody_key=OTHER_KEY))
    comment = trusted_comment(red)
    for what, expected, changed in [
        ("another bundle id", "bundle_id is not the signed comment's",
         comment.replace(comment.split(b" ")[1], b"id:B-0123456789AB")),
        ("a recipient added", "recipients are not those", comment.replace(b" created:", b",0000-0000-0000-0000 created:")),
        ("format 1", "not one this verifier reads (2 and 3)", comment.replace(b"tvault-bundle:2", b"tvault-bundle:1")),
    ]:
        cases.refused(red, what + " in the re-signed comment", expected, lambda d: resign(d, comment=changed))

    # A sender may make no custody claim: accepted, and said.
    unclaimed = cases.copy(red, "unclaimed", lambda d: (write_json(d, "custody.json", {
        "format": "tvault-custody", "version": 2, "events": []}), resign(d)))
    out = expect_verified(unclaimed, KEY.rw, "the bundle without a custody claim")
    if "no custody claim (the proof is not tied to any log)" not in out or "logged" in out:
        fail(f"the report without a custody claim: {out}")


def main_intake(cases, src, signer, tid, rid, same_version_proof, other_proof):
    out = expect_verified(src, signer, "the genuine bundle")
    if f"{tid} v1: redacted {rid}, " not in out or "commitment logged at intake (seq " not in out:
        fail(f"the genuine bundle's report: {out}")
    print(out, end="")
    genuine_cases(cases, src, signer)
    red = cases.copy(src, "resigned", resign)
    expect_verified(red, KEY.rw, "the bundle re-signed by the test key")
    redacted_cases(cases, red, tid, rid, same_version_proof, other_proof)


def main_late(cases, src, plain, signer, tid, rid, log):
    """A version stored before redaction commitments: its commitment is the
    one testimony.redaction_commitment logged at its first redaction."""
    late = [s for s, e in enumerate(log) if vr.Event(e).action == vr.ACTION_REDACTION_COMMITMENT
            and vr.Event(e).object_id == tid]
    if len(late) != 1:
        fail(f"the log has {len(late)} redaction commitments of {tid}")
    out = expect_verified(src, signer, "the genuine bundle with a later commitment")
    if f"{tid} v1: redacted {rid}, " not in out or \
            f"commitment logged later, at its first redaction (seq {late[0]})" not in out:
        fail(f"the report of a later commitment: {out}")
    print(out, end="")
    expect_verified(plain, signer, "the genuine bundle without redaction")
    red = cases.copy(src, "late", resign)
    seqs = custody_seqs(red)
    cases.resigned(red, "the later commitment's event dropped", "not exactly one logged redaction commitment",
                   with_events(log, [s for s in seqs if s != late[0]]))
    cases.resigned(plain, "a later commitment of a version shown whole",
                   "a redaction commitment of no carried redaction",
                   lambda d: with_events(log, custody_seqs(d) + late)(d))
    cases.resigned(red, "the later commitment's digest", "not in the signed checkpoint",
                   edit_json("custody.json", lambda c: c["events"].__setitem__(
                       seqs.index(late[0]), base64.b64encode(flip(log[late[0]], len(log[late[0]]) - 20)).decode())))


# --- format 3: time-stamps (docs/bundle-format.md 8) --------------------------------

def b64_flip(text, at):
    return base64.b64encode(flip(base64.b64decode(text), at)).decode()


def check_stamped_report(out, d, scratch):
    """The report of a format-3 bundle that verified, against what openssl
    reads in its tokens: each stamped size's time, each version's existed-by
    time (the earliest token of a size above the seq its line names), the
    warning, and openssl ts -verify commands that succeed in d with the test
    TSA's CA (tests/data/timestamp/ca.pem)."""
    sizes = read_json(d, "manifest.json")["timestamps"]
    times = {n: primitives.openssl_text(read(d, f"timestamps/{n}.tsr"), scratch)["time"] for n in sizes}
    lines = out.splitlines()
    for line in lines:
        if line.startswith("T-"):
            seq = int(line[line.index("(seq ") + 5:].split(")")[0])
            covering = sorted((times[n], n) for n in sizes if n > seq)
            tail = (f", existed by {covering[0][0]} (time-stamp of checkpoint {covering[0][1]})" if covering
                    else ", no time-stamp covers it")
            if not line.endswith(tail):
                fail(f"the line {line!r} does not end with {tail!r}")
    for n in sizes:
        if not any(l.startswith(f"checkpoint {n}: time-stamped {times[n]}, as stated by ") for l in lines):
            fail(f"the report does not give checkpoint {n}'s time {times[n]}: {out}")
        command = f"openssl ts -verify -data timestamps/{n}.checkpoint.txt -in timestamps/{n}.tsr -CAfile tsa-ca.pem"
        if "    " + command not in lines:
            fail(f"the report does not print {command!r}: {out}")
        r = subprocess.run(command.replace("tsa-ca.pem", os.path.join(TIMESTAMP_FIXTURES, "ca.pem")).split(),
                           cwd=d, capture_output=True, text=True)
        if r.returncode != 0 or "Verification: OK" not in r.stdout:
            fail(f"{command} in {d}: {r.stdout}{r.stderr}")
    warned = "time-stamping authorities: NOT checked by this script" in out
    verdict = ": verified, but not the time-stamping authorities' signatures (see above)\n"
    if not sizes or not warned or not out.endswith(verdict):
        fail(f"the report of a stamped bundle lacks the warning or its verdict: {out}")


def stamps(edit):
    """edit(manifest, custody) on d's two files."""
    def apply(d):
        m, c = read_json(d, "manifest.json"), read_json(d, "custody.json")
        edit(m, c)
        write_json(d, "manifest.json", m)
        write_json(d, "custody.json", c)
    return apply


def unstamped(custody):
    """d without its time-stamps, custody.json made `custody` (None: kept
    with an empty timestamps list)."""
    def apply(d):
        shutil.rmtree(os.path.join(d, "timestamps"))
        stamps(lambda m, c: (m.__setitem__("timestamps", []), c.__setitem__("timestamps", [])))(d)
        if custody is not None:
            write_json(d, "custody.json", custody)
    return apply


def moved_stamp(n, new):
    """The stamp of size n (the last) named and listed as size new."""
    def apply(d):
        for suffix in (".checkpoint.txt", ".tsr"):
            os.rename(os.path.join(d, f"timestamps/{n}{suffix}"), os.path.join(d, f"timestamps/{new}{suffix}"))
        stamps(lambda m, c: (m["timestamps"].__setitem__(-1, new),
                             c["timestamps"][-1].__setitem__("checkpoint_size", new)))(d)
    return apply


def stamped_cases(cases, red, comment):
    sizes = read_json(red, "manifest.json")["timestamps"]
    size = read_json(red, "custody.json")["checkpoint_size"]
    n, last = sizes[0], sizes[-1]
    note_name, tsr_name = f"timestamps/{n}.checkpoint.txt", f"timestamps/{n}.tsr"
    not_consistent = f"{note_name}: the consistency proof of custody.json does not lead from it"
    first_proof = lambda edit: edit_json("custody.json", lambda c: edit(c["timestamps"][0]["consistency"]))
    as_version = lambda v: stamps(lambda m, c: (m.__setitem__("version", v), c.__setitem__("version", v)))

    def root_changed(d):
        lines = read(d, note_name).decode().split("\n")
        lines[2] = ("B" if lines[2][0] != "B" else "C") + lines[2][1:]
        write(d, note_name, "\n".join(lines).encode())

    for what, expected, edit in [
        ("a consistency hash changed", not_consistent, first_proof(lambda p: p.__setitem__(0, b64_flip(p[0], 3)))),
        ("a consistency hash dropped", not_consistent, first_proof(lambda p: p.pop())),
        ("a consistency hash added", not_consistent, first_proof(lambda p: p.append(p[0]))),
        ("a consistency hash not base64", "consistency hash for size", first_proof(lambda p: p.__setitem__(0, "x"))),
        ("the checkpoint member of another size (the custody checkpoint's)", f"{note_name}: a checkpoint of size "
         f"{size}, not {n}", lambda d: write(d, note_name, read_json(d, "custody.json")["checkpoint"].encode())),
        ("a stamped checkpoint of another origin", f"{note_name}: not a checkpoint of the stated origin",
         lambda d: write(d, note_name, sign_note(read(d, note_name).decode().replace(
             "tvault/v1/audit/", "tvault/v1/audit/0", 1), KEY).encode())),
        ("a token over other bytes", f"{tsr_name}: its token is not over {note_name}",
         lambda d: write(d, tsr_name, TSA.reply(primitives.request(read(d, note_name) + b"\n", nonce=9)))),
        ("a token with a byte after it", f"{tsr_name}: not DER",
         lambda d: write(d, tsr_name, read(d, tsr_name) + b"\0")),
        ("a token over SHA-384", f"{tsr_name}: the time-stamp token is not over a SHA-256 hash",
         lambda d: write(d, tsr_name, TSA.reply(primitives.request(read(d, note_name), "sha384", 9)))),
        ("the manifest without timestamps", "its keys are not those of a version 3 manifest",
         edit_json("manifest.json", lambda m: m.pop("timestamps"))),
        ("a key added to the manifest", "its keys are not those of a version 3 manifest",
         edit_json("manifest.json", lambda m: m.__setitem__("timestamp", []))),
        ("custody.json without timestamps", "its keys are not those of section 8.3",
         edit_json("custody.json", lambda c: c.pop("timestamps"))),
        ("a key added to a timestamps entry", "keys are not checkpoint_size and consistency",
         edit_json("custody.json", lambda c: c["timestamps"][0].__setitem__("time", 0))),
        ("a timestamps entry without its consistency", "keys are not checkpoint_size and consistency",
         edit_json("custody.json", lambda c: c["timestamps"][0].pop("consistency"))),
        ("custody.json's entry naming another size than the manifest's",
         f"the timestamps entry for size {n} (the manifest's) names another size",
         edit_json("custody.json", lambda c: c["timestamps"][0].__setitem__("checkpoint_size", n + 1))),
        ("custody.json's list one entry short", "does not have one entry per size the manifest lists",
         edit_json("custody.json", lambda c: c["timestamps"].pop())),
        ("custody.json's list one entry long", "does not have one entry per size the manifest lists",
         edit_json("custody.json", lambda c: c["timestamps"].append(c["timestamps"][-1]))),
        ("the manifest's list one entry short", "is listed in SHA256SUMS but not named by the manifest",
         edit_json("manifest.json", lambda m: m["timestamps"].pop())),
        ("the manifest listing a size it does not carry", f"timestamps/{size + 1}.checkpoint.txt is not listed",
         stamps(lambda m, c: (m["timestamps"].append(size + 1), c["timestamps"].append(
             {"checkpoint_size": size + 1, "consistency": []})))),
        ("the manifest's size as a string", "timestamps is not a strictly increasing list",
         edit_json("manifest.json", lambda m: m["timestamps"].__setitem__(0, str(n)))),
        ("a stamped size beyond the custody checkpoint", f"timestamps/{size + 1}.checkpoint.txt: size {size + 1} "
         f"is beyond the custody checkpoint's ({size})", moved_stamp(last, size + 1)),
        ("format 3 in the comment, 2 in the manifest and custody.json", "disagree on the format version",
         as_version(2)),
        ("custody.json of version 2", "not a version 3 custody file",
         edit_json("custody.json", lambda c: c.__setitem__("version", 2))),
        ("no custody claim beside time-stamps", "makes no custody claim, but the manifest lists time-stamps",
         lambda d: write_json(d, "custody.json", {"format": "tvault-custody", "version": 3, "events": []})),
    ]:
        cases.resigned(red, what, expected, edit)
    if len(sizes) > 1:
        cases.resigned(red, "the sizes in decreasing order", "timestamps is not a strictly increasing list",
                       stamps(lambda m, c: (m["timestamps"].reverse(), c["timestamps"].reverse())))
        cases.resigned(red, "the tokens of two sizes swapped", f"{tsr_name}: its token is not over {note_name}",
                       lambda d: (os.rename(os.path.join(d, tsr_name), os.path.join(d, "t")),
                                  os.rename(os.path.join(d, f"timestamps/{last}.tsr"), os.path.join(d, tsr_name)),
                                  os.rename(os.path.join(d, "t"), os.path.join(d, f"timestamps/{last}.tsr"))))
    # resign(custody_key=None) keeps the stamped checkpoints as edited.
    cases.refused(red, "a stamped checkpoint signed by another key", f"{note_name}: not signed by the key that "
                  "signed the bundle", lambda d: (write(d, note_name, sign_note(read(d, note_name).decode(),
                                                                               OTHER_KEY).encode()),
                                                  resign(d, custody_key=None)))
    cases.refused(red, "a stamped checkpoint's root changed, its signature kept",
                  f"{note_name}: the sender's signature does not verify",
                  lambda d: (root_changed(d), resign(d, custody_key=None)))
    as_2 = comment.replace(b"tvault-bundle:3", b"tvault-bundle:2")
    cases.refused(red, "format 2 with the manifest's timestamps", "its keys are not those of a version 2 manifest",
                  lambda d: (as_version(2)(d), edit_json("custody.json", lambda c: c.pop("timestamps"))(d),
                             resign(d, comment=as_2)))
    cases.refused(red, "format 2 in the comment, 3 in the manifest", "disagree on the format version",
                  lambda d: resign(d, comment=as_2))

    # Accepted: no token (every version said uncovered), and no custody claim.
    bare = cases.copy(red, "unstamped", lambda d: (unstamped(None)(d), resign(d)))
    out = expect_verified(bare, KEY.rw, "the format-3 bundle without tokens")
    versions = [l for l in out.splitlines() if l.startswith("T-")]
    if not versions or not all(l.endswith(", no time-stamp covers it") for l in versions) \
            or not out.endswith(": verified\n") or "openssl" in out:
        fail(f"the report of a format-3 bundle without tokens: {out}")
    unclaimed = cases.copy(red, "unclaimed3", lambda d: (unstamped(
        {"format": "tvault-custody", "version": 3, "events": []})(d), resign(d)))
    out = expect_verified(unclaimed, KEY.rw, "the format-3 bundle without a custody claim")
    if "no custody claim" not in out or "logged" in out or "time-stamp" in out:
        fail(f"the report of a format-3 bundle without a custody claim: {out}")


def main_stamped(cases, src, signer):
    """A format-3 bundle: the genuine one verifies and reports what openssl
    reads in its tokens; tampered copies are refused."""
    manifest, custody = read_json(src, "manifest.json"), read_json(src, "custody.json")
    sizes = manifest.get("timestamps") or []
    if manifest.get("version") != 3 or not sizes or sizes[0] >= custody.get("checkpoint_size", 0):
        fail("the bundle is not of format 3 with a stamped size below its checkpoint's")
    out = expect_verified(src, signer, "the genuine format-3 bundle")
    check_stamped_report(out, src, cases.scratch)
    print(out, end="")
    n = sizes[0]
    cases.refused(src, "a byte of a time-stamp response", f"timestamps/{n}.tsr: its SHA-256",
                  lambda d: write(d, f"timestamps/{n}.tsr", flip(read(d, f"timestamps/{n}.tsr"), 50)), signer)
    cases.refused(src, "a stamped checkpoint removed", f"timestamps/{n}.checkpoint.txt is listed in SHA256SUMS "
                  "but missing", lambda d: os.remove(os.path.join(d, f"timestamps/{n}.checkpoint.txt")), signer)
    red = cases.copy(src, "stamped", resign)
    check_stamped_report(expect_verified(red, KEY.rw, "the format-3 bundle re-signed by the test key"),
                         red, cases.scratch)
    stamped_cases(cases, red, trusted_comment(src))


def main():
    global TSA
    cases = Cases()
    TSA = primitives.Tsa(os.path.abspath(TIMESTAMP_FIXTURES), cases.scratch)
    try:
        if sys.argv[2] == "--stamped":
            src, signer = sys.argv[3:5]
            main_stamped(cases, src, signer)
        elif sys.argv[2] == "--late":
            src, plain, signer, tid, rid, log = sys.argv[3:9]
            main_late(cases, src, plain, signer, tid, rid, read_log(log))
        else:
            src, signer, tid, rid = sys.argv[2:6]
            main_intake(cases, src, signer, tid, rid, *(open(p, "rb").read() for p in sys.argv[6:8]))
    finally:
        shutil.rmtree(cases.scratch)
    print(f"{cases.count} cases refused")


main()
