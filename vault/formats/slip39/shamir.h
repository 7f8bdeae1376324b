// Shamir's secret sharing over GF(256) as SLIP-39 specifies it: byte-wise
// polynomials whose value at x = 255 is the shared secret and at x = 254 a
// digest share (4 bytes of HMAC-SHA256(key = R, msg = secret) followed by the
// n - 4 random bytes R), so that a wrong set of shares is detected with
// probability 1 - 2^-32. Threshold 1 shares are copies of the secret.
//
// Every value lives in SecretBytes; the arithmetic is constant time (gf256.h).
// Callers validate the parameters (share.h, slip39.h say which); these
// functions only compute. Thread-safety: reentrant.
#ifndef TVAULT_SLIP39_SHAMIR_H_
#define TVAULT_SLIP39_SHAMIR_H_

#include <cstdint>
#include <span>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::slip39 {

inline constexpr uint8_t kDigestIndex = 254;
inline constexpr uint8_t kSecretIndex = 255;
inline constexpr std::size_t kDigestBytes = 4;

// A point (x, y) of the byte-wise polynomials; y is borrowed.
struct Point {
  uint8_t x = 0;
  std::span<const uint8_t> y;
};

// An owned share value at index x.
struct RawShare {
  uint8_t x = 0;
  SecretBytes y;
};

// f(x) by Lagrange interpolation through `points`. Requires at least one
// point, pairwise distinct x and equal lengths of y.
SecretBytes Interpolate(std::span<const Point> points, uint8_t x);

// `count` shares at x = 0 .. count-1 of which any `threshold` give `secret`.
// Requires 1 <= threshold <= count <= 16 and secret.size() > kDigestBytes.
std::vector<RawShare> SplitSecret(uint8_t threshold, uint8_t count, const SecretBytes& secret);

// The secret from exactly `threshold` shares (distinct x, equal lengths).
// kIntegrity if the digest share does not match: the shares are not `threshold`
// points of one split (a forged, damaged or foreign share, or too few).
Result<SecretBytes> RecoverSecret(uint8_t threshold, std::span<const Point> shares);

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_SHAMIR_H_
