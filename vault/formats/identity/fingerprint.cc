#include "identity/fingerprint.h"

#include "crypto/hash.h"
#include "util/byte_io.h"

namespace tvault {
namespace {
Fingerprint Truncate(const crypto::Sha256Digest& d) {
  Fingerprint fp;
  std::copy(d.begin(), d.begin() + fp.size(), fp.begin());
  return fp;
}
}  // namespace

Fingerprint IdentityFingerprint(std::span<const uint8_t> ed25519_public,
                                std::span<const uint8_t> x25519_public) {
  std::vector<uint8_t> in;
  ByteWriter w(in);
  w.Raw("tvault/v1/fingerprint");
  w.Raw(ed25519_public);
  w.Raw(x25519_public);
  return Truncate(crypto::Sha256(in));
}

Fingerprint RecipientFingerprint(std::span<const uint8_t> x25519_public) {
  std::vector<uint8_t> in;
  ByteWriter w(in);
  w.Raw("tvault/v1/age-recipient");
  w.Raw(x25519_public);
  return Truncate(crypto::Sha256(in));
}

std::string FormatFingerprint(const Fingerprint& fp) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < fp.size(); ++i) {
    if (i > 0 && i % 2 == 0) out.push_back('-');
    out.push_back(kHex[fp[i] >> 4]);
    out.push_back(kHex[fp[i] & 0xf]);
  }
  return out;
}

}  // namespace tvault
