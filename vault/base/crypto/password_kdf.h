// Argon2id (RFC 9106, version 0x13) for passphrases, through libsodium's
// crypto_pwhash: one lane, 16-byte salt. Debian's libargon2 is the portable
// reference build and 2.5-4x slower here; the test suite checks that both
// libraries agree at the same parameters.
#ifndef TVAULT_CRYPTO_PASSWORD_KDF_H_
#define TVAULT_CRYPTO_PASSWORD_KDF_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kArgon2SaltBytes = 16;

struct Argon2idParams {
  uint32_t memory_kib = 0;
  uint32_t passes = 0;
};

// Derives `out_bytes` from `passphrase`. kInternal if memory cannot be had,
// kInvalidArgument if the parameters are outside libsodium's range.
Result<SecretBytes> Argon2id(const SecretBytes& passphrase,
                             std::span<const uint8_t> salt,
                             const Argon2idParams& params, std::size_t out_bytes);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_PASSWORD_KDF_H_
