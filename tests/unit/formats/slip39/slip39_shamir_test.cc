// GF(256) against the AES field (FIPS-197 section 4.2 and a table-driven
// reference), and Shamir sharing with the digest share (slip39/shamir.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <vector>

#include "slip39/gf256.h"
#include "slip39/shamir.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using slip39::gf256::Inverse;
using slip39::gf256::Mul;

TEST(Slip39Gf256, Fips197Products) {
  // FIPS-197 section 4.2 and 4.2.1.
  EXPECT_EQ(Mul(0x57, 0x83), 0xC1);
  EXPECT_EQ(Mul(0x57, 0x13), 0xFE);
  EXPECT_EQ(Mul(0x57, 0x02), 0xAE);
  EXPECT_EQ(Mul(0x57, 0x04), 0x47);
  EXPECT_EQ(Mul(0x57, 0x08), 0x8E);
  EXPECT_EQ(Mul(0x57, 0x10), 0x07);
  // The AES S-box is built on inverses: {53}^-1 = {CA} (FIPS-197 5.1.1's example input).
  EXPECT_EQ(Inverse(0x53), 0xCA);
  EXPECT_EQ(Inverse(0x01), 0x01);
  EXPECT_EQ(Inverse(0x00), 0x00);
}

TEST(Slip39Gf256, EveryInverseAndEveryProductAgreeWithLogTables) {
  // A table-driven reference (generator 3, as the reference implementation
  // builds its tables), for the test only.
  std::array<uint8_t, 255> exp{};
  std::array<int, 256> log{};
  uint8_t p = 1;
  for (int i = 0; i < 255; ++i) {
    exp[i] = p;
    log[p] = i;
    p = static_cast<uint8_t>(p ^ (p << 1) ^ ((p & 0x80) ? 0x1B : 0));
  }
  for (int a = 0; a < 256; ++a) {
    if (a != 0) {
      EXPECT_EQ(Mul(static_cast<uint8_t>(a), Inverse(static_cast<uint8_t>(a))), 1) << a;
    }
    for (int b = 0; b < 256; ++b) {
      const uint8_t want = (a == 0 || b == 0) ? 0 : exp[(log[a] + log[b]) % 255];
      ASSERT_EQ(Mul(static_cast<uint8_t>(a), static_cast<uint8_t>(b)), want) << a << "*" << b;
    }
  }
}

std::vector<slip39::Point> Points(const std::vector<slip39::RawShare>& shares,
                                  const std::vector<std::size_t>& pick) {
  std::vector<slip39::Point> out;
  for (std::size_t i : pick) out.push_back({shares[i].x, shares[i].y.reveal()});
  return out;
}

TEST(Slip39Shamir, AnyThresholdRecoversAndOneFewerFailsTheDigest) {
  const SecretBytes secret = SecretBytes::Random(32);
  for (uint8_t t = 2; t <= 5; ++t) {
    const uint8_t n = 6;
    auto shares = slip39::SplitSecret(t, n, secret);
    ASSERT_EQ(shares.size(), n);
    for (uint8_t i = 0; i < n; ++i) EXPECT_EQ(shares[i].x, i);
    // Every subset of size t and t - 1, by bitmask.
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
      std::vector<std::size_t> pick;
      for (std::size_t i = 0; i < n; ++i)
        if (mask & (1u << i)) pick.push_back(i);
      if (pick.size() == t) {
        std::reverse(pick.begin(), pick.end());  // order does not matter
        auto got = slip39::RecoverSecret(t, Points(shares, pick));
        ASSERT_TRUE(got.ok()) << int(t) << " mask " << mask;
        EXPECT_TRUE(got->Equals(secret));
      } else if (pick.size() + 1 == t) {
        auto got = slip39::RecoverSecret(t, Points(shares, pick));
        ASSERT_FALSE(got.ok()) << "t - 1 shares passed the digest, mask " << mask;
        EXPECT_EQ(got.error().code, ErrorCode::kIntegrity);
      }
    }
  }
}

TEST(Slip39Shamir, ThresholdOneCopiesTheSecret) {
  const SecretBytes secret = SecretBytes::Random(16);
  auto shares = slip39::SplitSecret(1, 1, secret);
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_TRUE(shares[0].y.Equals(secret));
  auto got = slip39::RecoverSecret(1, Points(shares, {0}));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->Equals(secret));
}

TEST(Slip39Shamir, ADamagedShareFailsTheDigest) {
  const SecretBytes secret = SecretBytes::Random(16);
  auto shares = slip39::SplitSecret(3, 5, secret);
  shares[1].y.reveal()[7] ^= 0x01;
  auto got = slip39::RecoverSecret(3, Points(shares, {0, 1, 2}));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kIntegrity);
}

TEST(Slip39Shamir, InterpolationAtAKnownPointGivesItsValue) {
  const SecretBytes secret = SecretBytes::Random(20);
  auto shares = slip39::SplitSecret(3, 4, secret);
  auto pts = Points(shares, {0, 2, 3});
  EXPECT_TRUE(slip39::Interpolate(pts, 2).Equals(shares[2].y));
  EXPECT_TRUE(slip39::Interpolate(pts, 1).Equals(shares[1].y));
  EXPECT_TRUE(slip39::Interpolate(pts, slip39::kSecretIndex).Equals(secret));
}

}  // namespace
}  // namespace tvault::testing
