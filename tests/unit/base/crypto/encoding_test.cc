#include <gtest/gtest.h>

#include "crypto/encoding.h"

namespace tvault::crypto {
namespace {

TEST(Base64, RoundTripsAndRefusesNonCanonical) {
  const std::vector<uint8_t> data = {0xde, 0xad, 0xbe, 0xef, 0x01};
  const std::string padded = Base64Encode(data, Base64Variant::kPadded);
  const std::string bare = Base64Encode(data, Base64Variant::kUnpadded);
  EXPECT_EQ(padded, "3q2+7wE=");
  EXPECT_EQ(bare, "3q2+7wE");
  EXPECT_EQ(Base64Decode(padded, Base64Variant::kPadded).value(), data);
  EXPECT_EQ(Base64Decode(bare, Base64Variant::kUnpadded).value(), data);

  EXPECT_FALSE(Base64Decode("3q2+7wE", Base64Variant::kPadded));   // padding missing
  EXPECT_FALSE(Base64Decode("3q2+7wE=", Base64Variant::kUnpadded)); // padding present
  EXPECT_FALSE(Base64Decode("3q2+7wF=", Base64Variant::kPadded));  // non-zero trailing bits
  EXPECT_FALSE(Base64Decode("3q2-7wE=", Base64Variant::kPadded));  // URL alphabet
  EXPECT_FALSE(Base64Decode("3q2+ 7wE=", Base64Variant::kPadded)); // whitespace
  EXPECT_FALSE(Base64Decode("3q2+7wE=\n", Base64Variant::kPadded));
  EXPECT_FALSE(Base64Decode("A", Base64Variant::kUnpadded));
  EXPECT_TRUE(Base64Decode("", Base64Variant::kUnpadded).value().empty());
}

TEST(Hex, StrictDecode) {
  EXPECT_EQ(HexDecode("00ff").value(), (std::vector<uint8_t>{0x00, 0xff}));
  EXPECT_EQ(HexDecode("00FF").value(), (std::vector<uint8_t>{0x00, 0xff}));
  EXPECT_FALSE(HexDecode("0"));
  EXPECT_FALSE(HexDecode("0g"));
  EXPECT_FALSE(HexDecode("00 ff"));
}

// Every pair of bytes: accepted exactly when both are lowercase hex digits,
// and then decoded to the byte HexEncode writes that way.
TEST(Hex, DecodeLowerHexAcceptsExactlyTheLowercaseDigits) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const char text[2] = {static_cast<char>(a), static_cast<char>(b)};
      const std::string_view hex(text, 2);
      uint8_t out[1] = {0};
      const bool ok = DecodeLowerHex(hex, out);
      const bool digits = std::string_view("0123456789abcdef").find(text[0]) != std::string_view::npos &&
                          std::string_view("0123456789abcdef").find(text[1]) != std::string_view::npos;
      ASSERT_EQ(ok, digits) << a << " " << b;
      if (ok) {
        ASSERT_EQ(HexEncode(out), hex);
      }
    }
  }
  uint8_t two[2];
  EXPECT_TRUE(DecodeLowerHex("00ff", two));
  EXPECT_EQ(two[1], 0xff);
  EXPECT_FALSE(DecodeLowerHex("00f", two));    // odd length
  EXPECT_FALSE(DecodeLowerHex("00ff00", two)); // too long for the output
  EXPECT_FALSE(DecodeLowerHex("00FF", two));   // upper case is not canonical
  EXPECT_TRUE(DecodeLowerHex("", std::span<uint8_t>()));
}

}  // namespace
}  // namespace tvault::crypto
