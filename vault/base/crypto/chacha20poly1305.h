// ChaCha20-Poly1305 as specified by RFC 8439 (the "IETF" construction with a
// 12-byte nonce), over OpenSSL's libcrypto (faster here than libsodium's;
// see the .cc).
//
// Unlike aead.h (XChaCha20-Poly1305, random nonces), the caller owns the
// nonce here: it exists for formats that fix their own nonce schedule, such
// as age's STREAM (a chunk counter) and its key-wrapping stanzas (a zero nonce
// under a single-use key). Reusing a (key, nonce) pair destroys both
// confidentiality and integrity; only call this with a nonce schedule that
// rules that out.
//
// Thread-safe (one libcrypto context per thread, reset after each call).
// Sealed form: ciphertext || tag[16].
#ifndef TVAULT_CRYPTO_CHACHA20POLY1305_H_
#define TVAULT_CRYPTO_CHACHA20POLY1305_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kChaChaKeyBytes = 32;
inline constexpr std::size_t kChaChaNonceBytes = 12;
inline constexpr std::size_t kChaChaTagBytes = 16;

// Writes plaintext.size() + 16 bytes to `sealed`, which must be exactly that
// long. kInvalidArgument if the key is not 32 bytes, the nonce not 12 bytes
// or `sealed` has the wrong size; nothing is written then. kInternal (and
// `sealed` zeroed) if libcrypto fails.
Status ChaCha20Poly1305Seal(std::span<uint8_t> sealed, const SecretBytes& key,
                            std::span<const uint8_t> nonce,
                            std::span<const uint8_t> plaintext,
                            std::span<const uint8_t> associated_data);

// Verifies the tag, then writes sealed.size() - 16 bytes to `plaintext`,
// which must be exactly that long. Returns false (and leaves `plaintext`
// zeroed) on a bad tag or on any wrong size, so callers can release
// `plaintext` only on true.
[[nodiscard]] bool ChaCha20Poly1305Open(std::span<uint8_t> plaintext, const SecretBytes& key,
                                        std::span<const uint8_t> nonce,
                                        std::span<const uint8_t> sealed,
                                        std::span<const uint8_t> associated_data);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_CHACHA20POLY1305_H_
