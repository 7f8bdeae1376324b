#include "crypto/chacha20poly1305.h"

#include <sodium.h>

namespace tvault::crypto {

static_assert(kChaChaKeyBytes == crypto_aead_chacha20poly1305_ietf_KEYBYTES);
static_assert(kChaChaNonceBytes == crypto_aead_chacha20poly1305_ietf_NPUBBYTES);
static_assert(kChaChaTagBytes == crypto_aead_chacha20poly1305_ietf_ABYTES);

Status ChaCha20Poly1305Seal(std::span<uint8_t> sealed, const SecretBytes& key,
                            std::span<const uint8_t> nonce,
                            std::span<const uint8_t> plaintext,
                            std::span<const uint8_t> associated_data) {
  if (key.size() != kChaChaKeyBytes || nonce.size() != kChaChaNonceBytes ||
      sealed.size() != plaintext.size() + kChaChaTagBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "ChaCha20-Poly1305: wrong key, nonce or buffer size");
  }
  unsigned long long sealed_len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(sealed.data(), &sealed_len, plaintext.data(),
                                            plaintext.size(), associated_data.data(),
                                            associated_data.size(), nullptr, nonce.data(),
                                            key.reveal().data());
  return OkStatus();
}

bool ChaCha20Poly1305Open(std::span<uint8_t> plaintext, const SecretBytes& key,
                          std::span<const uint8_t> nonce, std::span<const uint8_t> sealed,
                          std::span<const uint8_t> associated_data) {
  if (key.size() != kChaChaKeyBytes || nonce.size() != kChaChaNonceBytes ||
      sealed.size() < kChaChaTagBytes || plaintext.size() != sealed.size() - kChaChaTagBytes) {
    if (!plaintext.empty()) sodium_memzero(plaintext.data(), plaintext.size());
    return false;
  }
  // libsodium checks the tag before it decrypts, so unauthenticated plaintext
  // is never produced; the wipe below keeps that true whatever the version.
  unsigned long long plaintext_len = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(
          plaintext.data(), &plaintext_len, nullptr, sealed.data(), sealed.size(),
          associated_data.data(), associated_data.size(), nonce.data(),
          key.reveal().data()) != 0) {
    if (!plaintext.empty()) sodium_memzero(plaintext.data(), plaintext.size());
    return false;
  }
  return true;
}

}  // namespace tvault::crypto
