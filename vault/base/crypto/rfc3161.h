// RFC 3161 time-stamp requests and responses, over OpenSSL's TS API
// (docs/audit-format.md, section 10).
//
// A request carries a SHA-256 message imprint and a 64-bit nonce and asks
// for the authority's certificate. A response is accepted only when it
// answers that request (imprint, nonce, version), is granted, and its token's
// CMS signature verifies under a certificate that chains to one of the
// caller's CA certificates, is valid now, and is marked for time stamping.
//
// Nothing here is secret. Errors: kIntegrity for bytes that do not parse or
// do not verify (the message names the first failed check, in OpenSSL's
// words where it has them), kInvalidArgument for malformed CA input,
// kInternal when libcrypto cannot allocate. Thread-safe: no shared state.
#ifndef TVAULT_CRYPTO_RFC3161_H_
#define TVAULT_CRYPTO_RFC3161_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/hash.h"
#include "vault/result.h"

namespace tvault::crypto {

// Limits on what the vault accepts from outside.
inline constexpr std::size_t kMaxTimestampResponseBytes = 1 << 20;
inline constexpr std::size_t kMaxTimestampCaBytes = 1 << 20;

// DER TimeStampReq: version 1, SHA-256 imprint, the nonce, certReq TRUE.
Result<std::vector<uint8_t>> MakeTimestampRequest(const Sha256Digest& imprint, uint64_t nonce);

// What a parsed response's token says. Fields from outside (tsa, policy)
// are untrusted text for display; `tsa` is the token's TSA name when it has
// one, else the signer certificate's subject (RFC 2253), else empty.
struct TimestampToken {
  uint64_t nonce = 0;
  Sha256Digest imprint{};
  int64_t gen_time_unix_s = 0;
  std::string tsa;
  std::string serial_hex;
  std::string policy;
};

// Parses a DER TimeStampResp (nothing after it) that is granted and holds a
// token with a SHA-256 imprint and a nonce. It does NOT verify the
// signature: use VerifyTimestampResponse before trusting anything in it.
Result<TimestampToken> ReadTimestampResponse(std::span<const uint8_t> response_der);

// Verifies `response_der` against `request_der` (the request it must
// answer) and the PEM certificates in `ca_pem` (at least one), at the
// current time. Returns the token on success.
Result<TimestampToken> VerifyTimestampResponse(std::span<const uint8_t> response_der,
                                               std::span<const uint8_t> request_der,
                                               std::span<const uint8_t> ca_pem);

// Verifies a response the verifier did not request (a token carried in a
// bundle, docs/bundle-format.md section 8.4): its imprint is `imprint`, and
// its signature verifies under a certificate that chains to one of the PEM
// certificates in `ca_pem` and is marked for time stamping, all judged at
// the token's own time; a TSA name the token states must be the signer's.
// Returns the token on success, its `tsa` the verified signer
// certificate's subject (RFC 2253).
Result<TimestampToken> VerifyTimestampToken(std::span<const uint8_t> response_der,
                                            const Sha256Digest& imprint,
                                            std::span<const uint8_t> ca_pem);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_RFC3161_H_
