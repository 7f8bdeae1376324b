// age key encodings: recipients, identities and identity files.
#include <gtest/gtest.h>

#include "age/age.h"
#include "formats/age/age_test_support.h"
#include "age/bech32.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

std::string Str(const PlainString& s) { return std::string(s.begin(), s.end()); }

TEST(AgeKeys, RoundTripAndShape) {
  for (int i = 0; i < 20; ++i) {
    SecretBytes id = age::GenerateIdentity();
    PlainString id_text = age::EncodeIdentity(id);
    ASSERT_EQ(id_text.size(), 74u);
    EXPECT_EQ(Str(id_text).substr(0, 16), "AGE-SECRET-KEY-1");
    auto back = age::ParseIdentity(Str(id_text));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->Equals(id));

    std::string r = age::EncodeRecipient(age::RecipientOf(id));
    ASSERT_EQ(r.size(), 62u);
    EXPECT_EQ(r.substr(0, 4), "age1");
    auto parsed = age::ParseRecipient(r);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, age::RecipientOf(id));
  }
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(AgeKeys, ParseRecipientIsStrict) {
  SecretBytes id = age::GenerateIdentity();
  const std::string good = age::EncodeRecipient(age::RecipientOf(id));
  std::string flipped = good;
  flipped[10] = flipped[10] == 'q' ? 'p' : 'q';  // one substituted character
  std::string mixed = good;
  std::size_t letter = mixed.find_first_of("abcdefghijklmnopqrstuvwxyz", 4);
  mixed[letter] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[letter])));
  age::X25519Public key = age::RecipientOf(id);
  auto data5 = bech32::ConvertBits(std::span(key).first(31), 8, 5, true);
  PlainString short_key = bech32::Encode("age", *data5);
  PlainString other_hrp = bech32::Encode("agf", *bech32::ConvertBits(key, 8, 5, true));

  const std::vector<std::string> bad = {
      "",
      "age1",
      Upper(good),                            // recipients are lowercase
      mixed,                                  // mixed case
      flipped,                                // checksum
      good + "q",                             // checksum
      " " + good,                             // stray space
      good + "\n",                            // stray newline
      Str(short_key),                         // 31-byte key
      Str(other_hrp),                         // wrong type
      Lower(Str(age::EncodeIdentity(id))),    // an identity is not a recipient
  };
  for (const std::string& text : bad) {
    auto r = age::ParseRecipient(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
  }
}

TEST(AgeKeys, ParseIdentityIsStrictAndNeverEchoesTheKey) {
  SecretBytes id = age::GenerateIdentity();
  const std::string good = Str(age::EncodeIdentity(id));
  std::string flipped = good;
  flipped[40] = flipped[40] == 'Q' ? 'P' : 'Q';
  const std::vector<std::string> bad = {
      Lower(good),                                         // identities are uppercase
      flipped,                                             // checksum
      good.substr(0, 73),                                  // truncated
      good + " ",                                          // stray space
      Upper(age::EncodeRecipient(age::RecipientOf(id))),   // a recipient is not an identity
  };
  for (const std::string& text : bad) {
    auto r = age::ParseIdentity(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.find(good.substr(16, 20)), std::string::npos);
    EXPECT_EQ(Lower(r.error().message).find(Lower(good.substr(16, 20))), std::string::npos);
  }
}

TEST(AgeKeys, IdentityFile) {
  SecretBytes a = age::GenerateIdentity(), b = age::GenerateIdentity();
  std::string file = "# created: 2026-01-01\n# public key: " +
                     age::EncodeRecipient(age::RecipientOf(a)) + "\n" + Str(age::EncodeIdentity(a)) +
                     "\r\n\n#another\n" + Str(age::EncodeIdentity(b));  // no final newline
  auto ids = age::ParseIdentityFile(AsSpan(file));
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_TRUE((*ids)[0].Equals(a));
  EXPECT_TRUE((*ids)[1].Equals(b));

  auto none = age::ParseIdentityFile(AsSpan(std::string("# nothing here\n\n")));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);

  std::string bad_line = Str(age::EncodeIdentity(a)) + "\n\n  " + Str(age::EncodeIdentity(b)) + "\n";
  auto bad = age::ParseIdentityFile(AsSpan(bad_line));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace tvault::testing
