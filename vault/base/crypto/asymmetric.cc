#include "crypto/asymmetric.h"

#include <sodium.h>

#include <cstdlib>

namespace tvault::crypto {

static_assert(kEd25519PublicBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kEd25519SecretBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kEd25519SignatureBytes == crypto_sign_BYTES);
static_assert(kX25519Bytes == crypto_scalarmult_BYTES);

Ed25519KeyPair GenerateEd25519() {
  Ed25519KeyPair kp{{}, SecretBytes(kEd25519SecretBytes)};
  crypto_sign_keypair(kp.public_key.data(), kp.secret_key.reveal().data());
  return kp;
}

Ed25519KeyPair Ed25519KeyPairFromSeed(const SecretBytes& seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) std::abort();
  Ed25519KeyPair kp{{}, SecretBytes(kEd25519SecretBytes)};
  crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.reveal().data(),
                           seed.reveal().data());
  return kp;
}

bool Ed25519IsValidPublicKey(std::span<const uint8_t> public_key) {
  return public_key.size() == kEd25519PublicBytes &&
         crypto_core_ed25519_is_valid_point(public_key.data()) == 1;
}

X25519KeyPair GenerateX25519() {
  X25519KeyPair kp{{}, SecretBytes::Random(kX25519Bytes)};
  kp.public_key = X25519Base(kp.secret_key);
  return kp;
}

Ed25519Signature Ed25519Sign(const SecretBytes& secret_key, std::span<const uint8_t> message) {
  if (secret_key.size() != kEd25519SecretBytes) std::abort();
  Ed25519Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                       secret_key.reveal().data());
  return sig;
}

bool Ed25519Verify(std::span<const uint8_t> public_key, std::span<const uint8_t> signature,
                   std::span<const uint8_t> message) {
  if (public_key.size() != kEd25519PublicBytes || signature.size() != kEd25519SignatureBytes)
    return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

X25519PublicKey X25519Base(const SecretBytes& scalar) {
  if (scalar.size() != kX25519Bytes) std::abort();
  X25519PublicKey out;
  crypto_scalarmult_base(out.data(), scalar.reveal().data());
  return out;
}

Result<SecretBytes> X25519(const SecretBytes& scalar, std::span<const uint8_t> point) {
  if (scalar.size() != kX25519Bytes || point.size() != kX25519Bytes) std::abort();
  SecretBytes out(kX25519Bytes);
  // crypto_scalarmult returns -1 when the shared point is all zeros.
  if (crypto_scalarmult(out.reveal().data(), scalar.reveal().data(), point.data()) != 0) {
    return MakeError(ErrorCode::kIntegrity, "X25519 produced the all-zero shared secret");
  }
  return out;
}

}  // namespace tvault::crypto
