#include "crypto/pbkdf2.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace tvault::crypto {

// Over libsodium's HMAC-SHA256 rather than libcrypto's PBKDF2, which copies
// the salt into ordinary heap memory and frees it unwiped: SLIP-39's salt
// holds half of the master secret. Here every intermediate is on this stack
// frame and wiped before returning.
Result<SecretBytes> Pbkdf2HmacSha256(std::span<const uint8_t> password,
                                     std::span<const uint8_t> salt, uint32_t iterations,
                                     std::size_t out_bytes) {
  if (iterations == 0 || out_bytes == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "PBKDF2 needs at least one iteration and one output byte");
  }
  if (out_bytes / crypto_auth_hmacsha256_BYTES >= 0xFFFFFFFFu) {
    return MakeError(ErrorCode::kInvalidArgument, "PBKDF2 output too long");
  }
  // libsodium's arguments are declared non-null, even for zero lengths; an
  // empty span may have a null data().
  static const uint8_t kNothing = 0;
  const uint8_t* const pass = password.empty() ? &kNothing : password.data();
  const uint8_t* const salt_bytes = salt.empty() ? &kNothing : salt.data();
  // HMAC keyed with the password once; each PRF call starts from a copy.
  crypto_auth_hmacsha256_state keyed, st;
  crypto_auth_hmacsha256_init(&keyed, pass, password.size());
  uint8_t u[crypto_auth_hmacsha256_BYTES], t[crypto_auth_hmacsha256_BYTES];
  SecretBytes out(out_bytes);
  auto o = out.reveal();
  std::size_t done = 0;
  for (uint32_t block = 1; done < out_bytes; ++block) {
    const uint8_t index[4] = {static_cast<uint8_t>(block >> 24), static_cast<uint8_t>(block >> 16),
                              static_cast<uint8_t>(block >> 8), static_cast<uint8_t>(block)};
    std::memcpy(&st, &keyed, sizeof st);
    crypto_auth_hmacsha256_update(&st, salt_bytes, salt.size());
    crypto_auth_hmacsha256_update(&st, index, sizeof index);
    crypto_auth_hmacsha256_final(&st, u);
    std::memcpy(t, u, sizeof t);
    for (uint32_t i = 1; i < iterations; ++i) {
      std::memcpy(&st, &keyed, sizeof st);
      crypto_auth_hmacsha256_update(&st, u, sizeof u);
      crypto_auth_hmacsha256_final(&st, u);
      for (std::size_t k = 0; k < sizeof t; ++k) t[k] ^= u[k];
    }
    const std::size_t n = std::min(out_bytes - done, sizeof t);
    std::memcpy(o.data() + done, t, n);
    done += n;
  }
  sodium_memzero(&keyed, sizeof keyed);
  sodium_memzero(&st, sizeof st);
  sodium_memzero(u, sizeof u);
  sodium_memzero(t, sizeof t);
  return out;
}

}  // namespace tvault::crypto
