#include "slip39/shamir.h"

#include <cstring>

#include "crypto/hash.h"
#include "slip39/gf256.h"

namespace tvault::slip39 {
namespace {

// The first kDigestBytes of HMAC-SHA256(key = random_part, msg = secret).
void WriteDigest(std::span<const uint8_t> random_part, const SecretBytes& secret,
                 std::span<uint8_t> out) {
  crypto::Sha256Digest mac = crypto::HmacSha256(random_part, secret.reveal());
  std::memcpy(out.data(), mac.data(), kDigestBytes);
  SecureWipe(mac.data(), mac.size());
}

}  // namespace

SecretBytes Interpolate(std::span<const Point> points, uint8_t x) {
  const std::size_t n = points.front().y.size();
  SecretBytes result(n);
  auto out = result.reveal();
  for (const Point& pi : points) {
    // The Lagrange basis polynomial of pi at x: prod (x - xj) / (xi - xj).
    // Subtraction in GF(2^8) is XOR. When x is one of the points' own x,
    // the factor (x - x) = 0 makes every other basis 0 and this one 1.
    uint8_t basis = 1;
    for (const Point& pj : points) {
      if (&pj == &pi) continue;
      basis = gf256::Mul(basis, gf256::Mul(x ^ pj.x, gf256::Inverse(pi.x ^ pj.x)));
    }
    for (std::size_t k = 0; k < n; ++k) out[k] ^= gf256::Mul(pi.y[k], basis);
  }
  return result;
}

std::vector<RawShare> SplitSecret(uint8_t threshold, uint8_t count, const SecretBytes& secret) {
  std::vector<RawShare> shares;
  shares.reserve(count);
  if (threshold == 1) {
    // The digest is not used: every share is the secret itself (the spec).
    for (uint8_t i = 0; i < count; ++i)
      shares.push_back({i, SecretBytes::CopyOf(secret.reveal())});
    return shares;
  }
  const std::size_t n = secret.size();
  // threshold - 2 random shares, the digest share and the secret fix the
  // polynomials (degree threshold - 1); the other shares are their values.
  for (uint8_t i = 0; i + 2 < threshold; ++i) shares.push_back({i, SecretBytes::Random(n)});
  SecretBytes digest_share(n);
  {
    SecretBytes random_part = SecretBytes::Random(n - kDigestBytes);
    auto d = digest_share.reveal();
    WriteDigest(random_part.reveal(), secret, d.first(kDigestBytes));
    std::memcpy(d.data() + kDigestBytes, random_part.reveal().data(), random_part.size());
  }
  std::vector<Point> base;
  for (const RawShare& s : shares) base.push_back({s.x, s.y.reveal()});
  base.push_back({kDigestIndex, digest_share.reveal()});
  base.push_back({kSecretIndex, secret.reveal()});
  for (uint8_t i = threshold - 2; i < count; ++i) {
    SecretBytes y = Interpolate(base, i);
    shares.push_back({i, std::move(y)});
  }
  return shares;
}

Result<SecretBytes> RecoverSecret(uint8_t threshold, std::span<const Point> shares) {
  if (threshold == 1) return SecretBytes::CopyOf(shares.front().y);
  SecretBytes secret = Interpolate(shares, kSecretIndex);
  SecretBytes digest_share = Interpolate(shares, kDigestIndex);
  auto d = digest_share.reveal();
  uint8_t expected[kDigestBytes];
  WriteDigest(d.subspan(kDigestBytes), secret, expected);
  const bool match = ConstantTimeEqual(expected, d.first(kDigestBytes));
  SecureWipe(expected, sizeof expected);
  if (!match) {
    return MakeError(ErrorCode::kIntegrity, "digest mismatch");
  }
  return secret;
}

}  // namespace tvault::slip39
