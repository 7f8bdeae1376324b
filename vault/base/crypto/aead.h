// XChaCha20-Poly1305 (IETF) authenticated encryption with a random nonce.
//
// Sealed form: nonce[24] || ciphertext || tag[16]. Random 192-bit nonces are
// safe to draw per message. Every failure to open is the same kIntegrity
// error: callers learn nothing about why.
#ifndef TVAULT_CRYPTO_AEAD_H_
#define TVAULT_CRYPTO_AEAD_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;
inline constexpr std::size_t kAeadOverheadBytes = kAeadNonceBytes + kAeadTagBytes;

// Encrypts `plaintext` bound to `associated_data`. `key` must be 32 bytes.
std::vector<uint8_t> AeadSeal(const SecretBytes& key,
                              std::span<const uint8_t> plaintext,
                              std::span<const uint8_t> associated_data);

// Appends the sealed form of `plaintext` to `out` (saves a copy for large
// messages that follow a prefix).
void AeadSealAppend(std::vector<uint8_t>& out, const SecretBytes& key,
                    std::span<const uint8_t> plaintext,
                    std::span<const uint8_t> associated_data);

// Same, with a caller-chosen nonce (known-answer tests only need this).
std::vector<uint8_t> AeadSealWithNonce(const SecretBytes& key,
                                       std::span<const uint8_t> nonce,
                                       std::span<const uint8_t> plaintext,
                                       std::span<const uint8_t> associated_data);

// Decrypts a sealed message into wiping memory. kIntegrity on any failure.
Result<PlainBytes> AeadOpen(const SecretBytes& key, std::span<const uint8_t> sealed,
                            std::span<const uint8_t> associated_data);

// Decrypts a sealed key directly into guarded memory.
Result<SecretBytes> AeadOpenKey(const SecretBytes& key,
                                std::span<const uint8_t> sealed,
                                std::span<const uint8_t> associated_data);
// Same, into an existing guarded buffer of exactly the plaintext's size
// (loops over many records reuse one allocation). kIntegrity on failure,
// and `out` is then wiped.
Status AeadOpenKeyInto(const SecretBytes& key, std::span<const uint8_t> sealed,
                       std::span<const uint8_t> associated_data, SecretBytes& out);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_AEAD_H_
