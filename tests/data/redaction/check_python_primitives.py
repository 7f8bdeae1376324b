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

Prints "ed25519 N ok, inclusion M ok" and exits 0, or names the first
disagreement and exits 1.
"""
import importlib.util
import os
import sys


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


def main(tool, data_dir, inclusion_cases):
    spec = importlib.util.spec_from_file_location("verify_redaction", tool)
    v = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(v)
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
    inc = 0
    with open(inclusion_cases) as f:
        for line in f:
            index, size, leaf, root, expect, *proof = line.split()
            hashes = [bytes.fromhex(h) for h in proof[0].split(",")] if proof else []
            got = v.verify_inclusion(int(index), int(size), bytes.fromhex(leaf), hashes, bytes.fromhex(root))
            if got != (expect == "1"):
                sys.exit(f"inclusion: {line.strip()[:60]}... gives {got}")
            inc += 1
    print(f"ed25519 {ed} ok, inclusion {inc} ok")


if __name__ == "__main__":
    main(*sys.argv[1:4])
