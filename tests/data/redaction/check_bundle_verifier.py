#!/usr/bin/env python3
"""Checks the bundle mode of tools/verify_redaction.py against bundles the
real `tvault export --redaction` wrote and against tampered copies of them:

    check_bundle_verifier.py TOOL DIR SIGNER_KEY T_ID R_ID SAME_VERSION_PROOF OTHER_PROOF
    check_bundle_verifier.py TOOL --late DIR PLAIN_DIR SIGNER_KEY T_ID R_ID LOG

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
spec = importlib.util.spec_from_file_location("verify_redaction", TOOL)
vr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vr)


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
    signer key and checkpoint signature `custody_key`'s (None: kept)."""
    manifest = read_json(d, "manifest.json")
    manifest["exporter"]["minisign_public_key"] = key.rw
    write_json(d, "manifest.json", manifest)
    c = read_json(d, "custody.json")
    if custody_key is not None and "checkpoint" in c:
        c["signer_key"] = custody_key.rw
        c["checkpoint"] = sign_note(c["checkpoint"], custody_key)
        write_json(d, "custody.json", c)
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
    if r.returncode != 0 or r.stderr or not r.stdout.endswith(": verified\n"):
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


def main():
    cases = Cases()
    try:
        if sys.argv[2] == "--late":
            src, plain, signer, tid, rid, log = sys.argv[3:9]
            main_late(cases, src, plain, signer, tid, rid, read_log(log))
        else:
            src, signer, tid, rid = sys.argv[2:6]
            main_intake(cases, src, signer, tid, rid, *(open(p, "rb").read() for p in sys.argv[6:8]))
    finally:
        shutil.rmtree(cases.scratch)
    print(f"{cases.count} cases refused")


main()
