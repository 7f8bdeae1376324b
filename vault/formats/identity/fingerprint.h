// Fingerprints (docs/bundle-format.md, section 6): 8 bytes of SHA-256 under a
// label, written "4F2A-9C1B-77E0-13D5".
#ifndef TVAULT_IDENTITY_FINGERPRINT_H_
#define TVAULT_IDENTITY_FINGERPRINT_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace tvault {

using Fingerprint = std::array<uint8_t, 8>;

// The custodian's (or a peer's) identity: both public keys.
Fingerprint IdentityFingerprint(std::span<const uint8_t> ed25519_public,
                                std::span<const uint8_t> x25519_public);
// Whoever can decrypt with this age recipient.
Fingerprint RecipientFingerprint(std::span<const uint8_t> x25519_public);
std::string FormatFingerprint(const Fingerprint& fp);

}  // namespace tvault

#endif  // TVAULT_IDENTITY_FINGERPRINT_H_
