// PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2), over libsodium's HMAC-SHA256,
// with every intermediate (keyed HMAC states, U and T blocks) wiped: the
// inputs may be secret (SLIP-39's salt holds half of the master secret).
//
// Only for formats that mandate it (SLIP-39's Feistel round function): new
// passphrase hashing uses Argon2id (password_kdf.h). No lower bounds on salt,
// iterations or output (SLIP-39 derives 8-byte halves from 8-byte salts).
//
// Errors: kInvalidArgument for zero iterations, an empty output, or one
// longer than (2^32 - 1) blocks.
// Thread-safety: reentrant.
#ifndef TVAULT_CRYPTO_PBKDF2_H_
#define TVAULT_CRYPTO_PBKDF2_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

// `out_bytes` bytes of PBKDF2 with HMAC-SHA256 as the PRF. The password and
// the salt may be empty.
Result<SecretBytes> Pbkdf2HmacSha256(std::span<const uint8_t> password,
                                     std::span<const uint8_t> salt, uint32_t iterations,
                                     std::size_t out_bytes);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_PBKDF2_H_
