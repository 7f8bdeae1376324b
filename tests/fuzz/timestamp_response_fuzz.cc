// Fuzzes the RFC 3161 response reader and verifier (crypto/rfc3161.h), which
// read a file a time-stamping authority (or anyone on the way) sent.
// Properties: no crash or sanitizer report on any input; what verifies
// against the fixed request and CA reads back the same facts unverified; the
// error queue of libcrypto is left empty.
#include <openssl/err.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/rfc3161.h"
#include "vault/crypto_init.h"

namespace {

// tests/data/timestamp/ca.pem: the seeds' responses chain to it.
constexpr std::string_view kCaPem =
#include "timestamp_ca.inc"
    ;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault::crypto;
  static const bool ready = tvault::InitCrypto();
  if (!ready) std::abort();
  // tests/data/timestamp/good.tsq: SHA-256("tvault rfc3161 test"), nonce 0x0102030405060708.
  static const std::vector<uint8_t> request = [] {
    constexpr std::string_view data = "tvault rfc3161 test";
    return MakeTimestampRequest(Sha256({reinterpret_cast<const uint8_t*>(data.data()), data.size()}),
                                0x0102030405060708)
        .value();
  }();
  const std::span<const uint8_t> ca(reinterpret_cast<const uint8_t*>(kCaPem.data()), kCaPem.size());

  auto read = ReadTimestampResponse({data, size});
  auto verified = VerifyTimestampResponse({data, size}, request, ca);
  if (verified.ok()) {
    if (!read.ok() || read->nonce != verified->nonce || read->imprint != verified->imprint ||
        read->gen_time_unix_s != verified->gen_time_unix_s) {
      std::abort();
    }
  }
  if (ERR_peek_error() != 0) std::abort();  // a leftover error would mislead a later call
  return 0;
}
