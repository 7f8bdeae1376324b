#!/usr/bin/env bash
# Regenerates the RFC 3161 test fixtures in this folder with the openssl
# command-line tool (OpenSSL 3.0, Debian 12). Test-only keys: nothing here
# protects anything. Validity runs to 2126, except tsa-expired.pem (2020).
#   ca.pem / ca.key            a test root CA (EC P-256)
#   tsa.pem / tsa.key          a time-stamping certificate it issued
#                              (critical extendedKeyUsage timeStamping)
#   tsa-expired.pem            the same key, certified for January 2020 only
#   other-ca.pem               an unrelated root CA
#   ts.cnf                     `openssl ts -reply` configuration
#   good.tsq / good.tsr        a request (SHA-256 of "tvault rfc3161 test",
#                              nonce 0x0102030405060708) and its response
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
days=36500
cat > "$work/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[tsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days $days -subj "/O=tvault tests/CN=tvault test root CA" \
  -config "$work/ext.cnf" -extensions ca -out ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out "$work/other.key"
openssl req -x509 -new -key "$work/other.key" -sha256 -days $days \
  -subj "/O=tvault tests/CN=unrelated root CA" -config "$work/ext.cnf" -extensions ca -out other-ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out tsa.key
openssl req -new -key tsa.key -subj "/O=tvault tests/CN=tvault test TSA" -out "$work/tsa.csr"
openssl x509 -req -in "$work/tsa.csr" -CA ca.pem -CAkey ca.key -set_serial 2 -sha256 -days $days \
  -extfile "$work/ext.cnf" -extensions tsa -out tsa.pem
# A certificate valid only in January 2020: `openssl ca` is the one tool of
# OpenSSL 3.0 that takes explicit dates.
mkdir -p "$work/ca/new"; : > "$work/ca/index.txt"; echo 04 > "$work/ca/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = anything
copy_extensions = none
[anything]
O = optional
CN = supplied
CNF
openssl ca -batch -config "$work/ca.cnf" -cert ca.pem -keyfile ca.key -in "$work/tsa.csr" \
  -startdate 20200101000000Z -enddate 20200201000000Z -extfile "$work/ext.cnf" -extensions tsa \
  -notext -out tsa-expired.pem 2>/dev/null
cat > ts.cnf <<'CNF'
# openssl ts -reply -config ts.cnf -section tsa_config ... (run where ./serial may be written)
[tsa_config]
serial = ./tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
printf 'tvault rfc3161 test' > "$work/data"
digest="$(sha256sum "$work/data" | cut -d' ' -f1)"
# openssl ts -query always draws its own nonce; this request is written by
# the same DER a test builds with a fixed nonce (tests/unit/.../rfc3161_test.cc
# checks that MakeTimestampRequest reproduces it byte for byte).
python3 - "$digest" > good.tsq <<'PY'
import sys
d = bytes.fromhex(sys.argv[1])
def tlv(tag, body):
    n = len(body)
    ln = bytes([n]) if n < 128 else bytes([0x81, n])
    return bytes([tag]) + ln + body
alg = tlv(0x30, tlv(0x06, bytes.fromhex("608648016503040201")) + tlv(0x05, b""))
imprint = tlv(0x30, alg + tlv(0x04, d))
req = tlv(0x30, tlv(0x02, b"\x01") + imprint + tlv(0x02, bytes.fromhex("0102030405060708")) + tlv(0x01, b"\xff"))
sys.stdout.buffer.write(req)
PY
openssl ts -query -in good.tsq -text > /dev/null  # openssl parses it
echo 01 > "$work/tsaserial"
cp ts.cnf "$work/"
(cd "$work" && openssl ts -reply -config ts.cnf -section tsa_config -queryfile "$OLDPWD/good.tsq" \
  -signer "$OLDPWD/tsa.pem" -inkey "$OLDPWD/tsa.key" -out "$OLDPWD/good.tsr" 2>/dev/null)
openssl ts -verify -queryfile good.tsq -in good.tsr -CAfile ca.pem
