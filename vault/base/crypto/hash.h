// SHA-256 (FIPS 180-4, over OpenSSL's libcrypto for speed), HMAC-SHA-256 /
// HKDF-SHA-256 (RFC 2104, RFC 5869) and BLAKE2b (over libsodium).
#ifndef TVAULT_CRYPTO_HASH_H_
#define TVAULT_CRYPTO_HASH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<uint8_t, kSha256Bytes>;

Sha256Digest Sha256(std::span<const uint8_t> data);

// Incremental SHA-256. Not copyable (holds a libcrypto digest context).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::span<const uint8_t> data);
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX
};

Sha256Digest HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data);

// HKDF-SHA-256 (RFC 5869): Extract(salt, ikm) then Expand(info, length).
// length <= 255 * 32. An empty salt means 32 zero bytes, as the RFC says.
SecretBytes HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                       std::span<const uint8_t> info, std::size_t length);

inline std::span<const uint8_t> LabelBytes(std::string_view label) {
  return {reinterpret_cast<const uint8_t*>(label.data()), label.size()};
}

// BLAKE2b with an output of 16..64 bytes, optionally keyed.
void Blake2b(std::span<uint8_t> out, std::span<const uint8_t> data,
             std::span<const uint8_t> key = {});

// Incremental BLAKE2b-512, unkeyed (minisign's prehash).
class Blake2b512Hasher {
 public:
  Blake2b512Hasher();
  ~Blake2b512Hasher();
  Blake2b512Hasher(const Blake2b512Hasher&) = delete;
  Blake2b512Hasher& operator=(const Blake2b512Hasher&) = delete;
  void Update(std::span<const uint8_t> data);
  std::array<uint8_t, 64> Finish();

 private:
  alignas(64) uint8_t state_[384];
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_HASH_H_
