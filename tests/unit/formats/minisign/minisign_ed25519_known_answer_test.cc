// The Ed25519 primitive under minisign signatures (vault/base/crypto/asymmetric.h),
// against published vectors: RFC 8032 7.1 for signing (deterministic, so the
// signature bytes must match) and Wycheproof for verification edge cases.
#include <gtest/gtest.h>

#include "crypto/asymmetric.h"
#include "minisign_test_support.h"

namespace tvault::testing {
namespace {

TEST(MinisignEd25519KnownAnswer, Rfc8032SectionSevenOne) {
  auto blocks = ReadVectorFile("vectors/ed25519_rfc8032.txt");
  ASSERT_EQ(blocks.size(), 4u);
  ASSERT_EQ(HexBytes(blocks[3]["message"]).size(), 1023u) << "TEST 1024 is a 1023-byte message";
  for (auto& v : blocks) {
    SCOPED_TRACE(v["name"]);
    auto pair = crypto::Ed25519KeyPairFromSeed(SecretBytes::CopyOf(HexBytes(v["secret_key"])));
    EXPECT_EQ(Hex(pair.public_key), v["public_key"]);
    const std::vector<uint8_t> message = HexBytes(v["message"]);
    EXPECT_EQ(Hex(crypto::Ed25519Sign(pair.secret_key, message)), v["signature"]);
    EXPECT_TRUE(crypto::Ed25519Verify(pair.public_key, HexBytes(v["signature"]), message));
    std::vector<uint8_t> longer = message;
    longer.push_back(0);
    EXPECT_FALSE(crypto::Ed25519Verify(pair.public_key, HexBytes(v["signature"]), longer));
  }
}

TEST(MinisignEd25519KnownAnswer, WycheproofVerification) {
  auto blocks = ReadVectorFile("vectors/ed25519_wycheproof.txt");
  ASSERT_EQ(blocks.size(), 151u) << "numberOfTests in the source file";
  int valid = 0, invalid = 0;
  for (auto& v : blocks) {
    SCOPED_TRACE("tcId " + v["tcId"] + " [" + v["flags"] + "] " + v["comment"]);
    ASSERT_TRUE(v["result"] == "valid" || v["result"] == "invalid");
    const bool expected = v["result"] == "valid";
    (expected ? valid : invalid)++;
    EXPECT_EQ(crypto::Ed25519Verify(HexBytes(v["pk"]), HexBytes(v["sig"]), HexBytes(v["msg"])),
              expected);
  }
  EXPECT_EQ(valid, 88);
  EXPECT_EQ(invalid, 63);
}

TEST(MinisignEd25519KnownAnswer, PublicKeyValidity) {
  // Every Wycheproof key (RFC 8032's among them) is an honest key.
  for (auto& v : ReadVectorFile("vectors/ed25519_wycheproof.txt")) {
    EXPECT_TRUE(crypto::Ed25519IsValidPublicKey(HexBytes(v["pk"]))) << v["tcId"];
  }
  // The identity (y = 1), a point of order 4 (y = 0), a non-canonical y = p
  // (2^255 - 19, little-endian) and a wrong length are refused.
  std::vector<uint8_t> identity(32, 0), order_four(32, 0), y_equals_p(32, 0xff);
  identity[0] = 1;
  y_equals_p[0] = 0xed;
  y_equals_p[31] = 0x7f;
  EXPECT_FALSE(crypto::Ed25519IsValidPublicKey(identity));
  EXPECT_FALSE(crypto::Ed25519IsValidPublicKey(order_four));
  EXPECT_FALSE(crypto::Ed25519IsValidPublicKey(y_equals_p));
  EXPECT_FALSE(crypto::Ed25519IsValidPublicKey(std::vector<uint8_t>(31, 1)));
  EXPECT_TRUE(crypto::Ed25519IsValidPublicKey(crypto::GenerateEd25519().public_key));
}

}  // namespace
}  // namespace tvault::testing
