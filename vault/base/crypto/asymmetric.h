// Ed25519 signatures (RFC 8032) and X25519 (RFC 7748) over libsodium.
#ifndef TVAULT_CRYPTO_ASYMMETRIC_H_
#define TVAULT_CRYPTO_ASYMMETRIC_H_

#include <array>
#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kEd25519PublicBytes = 32;
inline constexpr std::size_t kEd25519SecretBytes = 64;  // seed || public key
inline constexpr std::size_t kEd25519SignatureBytes = 64;
inline constexpr std::size_t kX25519Bytes = 32;

using Ed25519PublicKey = std::array<uint8_t, kEd25519PublicBytes>;
using Ed25519Signature = std::array<uint8_t, kEd25519SignatureBytes>;
using X25519PublicKey = std::array<uint8_t, kX25519Bytes>;

struct Ed25519KeyPair {
  Ed25519PublicKey public_key;
  SecretBytes secret_key;  // 64 bytes
};
struct X25519KeyPair {
  X25519PublicKey public_key;
  SecretBytes secret_key;  // 32 bytes
};

Ed25519KeyPair GenerateEd25519();
// The key pair RFC 8032 derives from a 32-byte seed (the RFC's "secret key").
// Aborts unless seed.size() == 32. Deterministic: for known-answer tests and
// for keys whose seed is stored elsewhere.
Ed25519KeyPair Ed25519KeyPairFromSeed(const SecretBytes& seed);
// True if `public_key` is the canonical encoding of a point of the prime-order
// subgroup other than the identity (libsodium's crypto_core_ed25519_is_valid_point):
// refuses small-order and non-canonical keys, which no honest signer produces.
bool Ed25519IsValidPublicKey(std::span<const uint8_t> public_key);
X25519KeyPair GenerateX25519();

Ed25519Signature Ed25519Sign(const SecretBytes& secret_key, std::span<const uint8_t> message);
bool Ed25519Verify(std::span<const uint8_t> public_key, std::span<const uint8_t> signature,
                   std::span<const uint8_t> message);

// X25519(scalar, basepoint).
X25519PublicKey X25519Base(const SecretBytes& scalar);
// X25519(scalar, point) into guarded memory. kIntegrity if the result is the
// all-zero point (a low-order input).
Result<SecretBytes> X25519(const SecretBytes& scalar, std::span<const uint8_t> point);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_ASYMMETRIC_H_
