#include "crypto/aead.h"

#include "crypto/random.h"

#include <sodium.h>

#include <cstdlib>

namespace tvault::crypto {
namespace {

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

Error OpenFailed() {
  return MakeError(ErrorCode::kIntegrity, "decryption failed");
}

// Decrypts into `out`, which must hold sealed.size() - overhead bytes.
bool OpenInto(const SecretBytes& key, std::span<const uint8_t> sealed,
              std::span<const uint8_t> ad, uint8_t* out) {
  if (key.size() != kAeadKeyBytes || sealed.size() < kAeadOverheadBytes) return false;
  unsigned long long out_len = 0;
  const uint8_t* nonce = sealed.data();
  return crypto_aead_xchacha20poly1305_ietf_decrypt(
             out, &out_len, nullptr, sealed.data() + kAeadNonceBytes,
             sealed.size() - kAeadNonceBytes, ad.data(), ad.size(), nonce,
             key.reveal().data()) == 0;
}

}  // namespace

namespace {
void SealAppendWithNonce(std::vector<uint8_t>& out, const SecretBytes& key,
                         std::span<const uint8_t> nonce, std::span<const uint8_t> plaintext,
                         std::span<const uint8_t> associated_data) {
  // A wrong key or nonce size is a programming error, never input-dependent.
  if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) std::abort();
  const std::size_t start = out.size();
  out.resize(start + kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  std::copy(nonce.begin(), nonce.end(), out.begin() + static_cast<std::ptrdiff_t>(start));
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + start + kAeadNonceBytes, &ct_len, plaintext.data(), plaintext.size(),
      associated_data.data(), associated_data.size(), nullptr, nonce.data(),
      key.reveal().data());
}
}  // namespace

std::vector<uint8_t> AeadSealWithNonce(const SecretBytes& key,
                                       std::span<const uint8_t> nonce,
                                       std::span<const uint8_t> plaintext,
                                       std::span<const uint8_t> associated_data) {
  std::vector<uint8_t> out;
  SealAppendWithNonce(out, key, nonce, plaintext, associated_data);
  return out;
}

void AeadSealAppend(std::vector<uint8_t>& out, const SecretBytes& key,
                    std::span<const uint8_t> plaintext,
                    std::span<const uint8_t> associated_data) {
  uint8_t nonce[kAeadNonceBytes];
  RandomBytes(nonce);
  SealAppendWithNonce(out, key, nonce, plaintext, associated_data);
}

std::vector<uint8_t> AeadSeal(const SecretBytes& key,
                              std::span<const uint8_t> plaintext,
                              std::span<const uint8_t> associated_data) {
  std::vector<uint8_t> out;
  AeadSealAppend(out, key, plaintext, associated_data);
  return out;
}

Result<PlainBytes> AeadOpen(const SecretBytes& key, std::span<const uint8_t> sealed,
                            std::span<const uint8_t> associated_data) {
  if (sealed.size() < kAeadOverheadBytes) return OpenFailed();
  PlainBytes out(sealed.size() - kAeadOverheadBytes);
  if (!OpenInto(key, sealed, associated_data, out.data())) return OpenFailed();
  return out;
}

Result<SecretBytes> AeadOpenKey(const SecretBytes& key,
                                std::span<const uint8_t> sealed,
                                std::span<const uint8_t> associated_data) {
  if (sealed.size() < kAeadOverheadBytes) return OpenFailed();
  SecretBytes out(sealed.size() - kAeadOverheadBytes);
  if (!OpenInto(key, sealed, associated_data, out.reveal().data())) return OpenFailed();
  return out;
}

Status AeadOpenKeyInto(const SecretBytes& key, std::span<const uint8_t> sealed,
                       std::span<const uint8_t> associated_data, SecretBytes& out) {
  if (sealed.size() != out.size() + kAeadOverheadBytes ||
      !OpenInto(key, sealed, associated_data, out.reveal().data())) {
    SecureWipe(out.reveal().data(), out.size());
    return OpenFailed();
  }
  return OkStatus();
}

}  // namespace tvault::crypto
