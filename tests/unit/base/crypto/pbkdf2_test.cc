// PBKDF2-HMAC-SHA256 (crypto/pbkdf2.h) against RFC 7914's vectors, and the
// short salts and outputs SLIP-39 needs (below OpenSSL's SP 800-132 bounds).
#include <gtest/gtest.h>

#include "crypto/pbkdf2.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

std::span<const uint8_t> Ascii(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Pbkdf2HmacSha256, Rfc7914Vectors) {
  auto blocks = ReadVectorFile("vectors/pbkdf2_hmac_sha256.txt");
  ASSERT_EQ(blocks.size(), 2u);
  for (auto& v : blocks) {
    auto dk = crypto::Pbkdf2HmacSha256(Ascii(v["password"]), Ascii(v["salt"]),
                                       std::stoul(v["iterations"]), std::stoul(v["length"]));
    ASSERT_TRUE(dk.ok()) << dk.error().message;
    EXPECT_EQ(Hex(dk->reveal()), v["dk"]) << v["name"];
  }
}

TEST(Pbkdf2HmacSha256, ShortOutputIsThePrefixOfTheFirstBlock) {
  // 8 bytes from a 4-byte salt: both under SP 800-132's lower bounds.
  auto dk = crypto::Pbkdf2HmacSha256(Ascii("passwd"), Ascii("salt"), 1, 8);
  ASSERT_TRUE(dk.ok()) << dk.error().message;
  EXPECT_EQ(Hex(dk->reveal()), "55ac046e56e3089f");
}

TEST(Pbkdf2HmacSha256, EmptyPasswordAndSaltAreAllowed) {
  auto a = crypto::Pbkdf2HmacSha256({}, {}, 2, 16);
  auto b = crypto::Pbkdf2HmacSha256({}, Ascii("x"), 2, 16);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->Equals(*b));
}

TEST(Pbkdf2HmacSha256, RefusesZeroIterationsOrLength) {
  EXPECT_EQ(crypto::Pbkdf2HmacSha256(Ascii("p"), Ascii("s"), 0, 8).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(crypto::Pbkdf2HmacSha256(Ascii("p"), Ascii("s"), 1, 0).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tvault::testing
