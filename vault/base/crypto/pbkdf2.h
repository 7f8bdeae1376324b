// PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2), over OpenSSL's libcrypto in
// tvault's own library context (libcrypto_context.h).
//
// Only for formats that mandate it (SLIP-39's Feistel round function): new
// passphrase hashing uses Argon2id (password_kdf.h). OpenSSL's SP 800-132
// lower bounds (salt >= 16 bytes, >= 1000 iterations, key >= 14 bytes) are
// switched off, since SLIP-39 derives 8-byte halves from 8-byte salts.
//
// Errors: kInvalidArgument for zero iterations or an empty output; kInternal
// if libcrypto cannot derive (no PBKDF2 in the provider, out of memory).
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
