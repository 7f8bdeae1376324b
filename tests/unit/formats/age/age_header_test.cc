// The age header: canonical parsing and serialization, caps, and the stanza
// rules UnwrapFileKey enforces before anything is decrypted.
#include <gtest/gtest.h>

#include "age/age.h"
#include "formats/age/age_test_support.h"
#include "crypto/encoding.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

namespace in = age::internal;
using crypto::Base64Variant;

std::string B64(std::span<const uint8_t> b) { return crypto::Base64Encode(b, Base64Variant::kUnpadded); }

// A syntactically valid header (its MAC is not checked by ParseHeader).
const std::string kShare = B64(TestPlaintext(32, 7));
const std::string kBody = B64(TestPlaintext(32, 8));
const std::string kMac = B64(TestPlaintext(32, 9));
std::string ValidHeader() {
  return "age-encryption.org/v1\n-> X25519 " + kShare + "\n" + kBody + "\n--- " + kMac + "\n";
}

Result<in::ParsedHeader> Parse(const std::string& text) { return in::ParseHeader(AsSpan(text)); }

TEST(AgeHeader, ValidHeaderParsesAndReserializesIdentically) {
  const std::string text = ValidHeader();
  auto parsed = Parse(text + "payload bytes");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->size, text.size());
  EXPECT_EQ(parsed->mac_input_bytes, text.size() - 1 - kMac.size() - 1);
  ASSERT_EQ(parsed->header.stanzas.size(), 1u);
  const in::Stanza& s = parsed->header.stanzas[0];
  EXPECT_EQ(s.type, "X25519");
  ASSERT_EQ(s.args.size(), 1u);
  EXPECT_EQ(s.args[0], kShare);
  EXPECT_EQ(s.body, TestPlaintext(32, 8));
  std::vector<uint8_t> again = in::SerializeHeader(parsed->header);
  EXPECT_EQ(std::string(again.begin(), again.end()), text);
}

TEST(AgeHeader, BodiesWrapAt64ColumnsAndEndWithAShortLine) {
  for (std::size_t n : {0u, 1u, 2u, 47u, 48u, 49u, 95u, 96u, 97u, 1000u}) {
    in::Header h;
    h.stanzas.push_back({"some-type", {"a", "b=c"}, TestPlaintext(n, static_cast<uint32_t>(n))});
    std::vector<uint8_t> bytes = in::SerializeHeader(h);
    std::string text(bytes.begin(), bytes.end());
    // Every body line is 64 columns except the last, which is shorter.
    std::size_t body_start = text.find('\n', text.find("-> ")) + 1;
    std::size_t footer = text.find("\n---") + 1;
    std::string body = text.substr(body_start, footer - body_start);
    std::size_t lines = 0, pos = 0;
    while (pos < body.size()) {
      std::size_t lf = body.find('\n', pos);
      std::size_t len = lf - pos;
      ++lines;
      if (lf + 1 < body.size()) EXPECT_EQ(len, 64u) << n;
      else EXPECT_LT(len, 64u) << n;
      pos = lf + 1;
    }
    EXPECT_EQ(lines, n / 48 + 1) << n;
    auto parsed = in::ParseHeader(bytes);
    ASSERT_TRUE(parsed.ok()) << n << ": " << parsed.error().message;
    EXPECT_EQ(parsed->header.stanzas[0].body, h.stanzas[0].body);
    EXPECT_EQ(in::SerializeHeader(parsed->header), bytes);
  }
}

TEST(AgeHeader, RejectsEveryNonCanonicalForm) {
  const std::string v = "age-encryption.org/v1\n";
  const std::string st = "-> X25519 " + kShare + "\n" + kBody + "\n";
  const std::string ft = "--- " + kMac + "\n";
  std::string noncanon_body = kBody;
  noncanon_body.back() = noncanon_body.back() == 'A' ? 'B' : 'A';  // trailing bits
  if (crypto::Base64Decode(noncanon_body, Base64Variant::kUnpadded)) noncanon_body.back() = 'B';
  std::string noncanon_mac = kMac;
  noncanon_mac.back() = noncanon_mac.back() == 'A' ? 'B' : 'A';
  if (crypto::Base64Decode(noncanon_mac, Base64Variant::kUnpadded)) noncanon_mac.back() = 'B';
  const std::string full_line(64, 'A');
  struct Case { const char* name; std::string text; };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"version v2", "age-encryption.org/v2\n" + st + ft},
      {"version trailing space", "age-encryption.org/v1 \n" + st + ft},
      {"version CRLF", "age-encryption.org/v1\r\n" + st + ft},
      {"blank line after version", v + "\n" + st + ft},
      {"all CRLF", "age-encryption.org/v1\r\n-> X25519 " + kShare + "\r\n" + kBody + "\r\n--- " + kMac + "\r\n"},
      {"stanza CR", v + "-> X25519 " + kShare + "\r\n" + kBody + "\n" + ft},
      {"body CR", v + "-> X25519 " + kShare + "\n" + kBody + "\r\n" + ft},
      {"no space after arrow", v + "->X25519 " + kShare + "\n" + kBody + "\n" + ft},
      {"arrow alone", v + "->\n" + kBody + "\n" + ft},
      {"arrow space", v + "-> \n" + kBody + "\n" + ft},
      {"double space", v + "-> X25519  " + kShare + "\n" + kBody + "\n" + ft},
      {"trailing space", v + "-> X25519 " + kShare + " \n" + kBody + "\n" + ft},
      {"tab in arg", v + "-> X25519\t" + kShare + "\n" + kBody + "\n" + ft},
      {"DEL in arg", v + "-> X25519 a\x7f" "b\n" + kBody + "\n" + ft},
      {"non-ASCII arg", v + "-> X25519 \xc3\xa9\n" + kBody + "\n" + ft},
      {"not a stanza", v + "-- X25519 " + kShare + "\n" + kBody + "\n" + ft},
      {"body padded", v + "-> X25519 " + kShare + "\n" + kBody + "=\n" + ft},
      {"body non-canonical", v + "-> X25519 " + kShare + "\n" + noncanon_body + "\n" + ft},
      {"body bad char", v + "-> X25519 " + kShare + "\n" + kBody.substr(0, 10) + "-" + kBody.substr(11) + "\n" + ft},
      {"body line too long", v + "-> t\n" + full_line + "AAAA\n" + ft},
      {"body without short line", v + "-> t\n" + full_line + "\n" + ft},
      {"body length 1 mod 4", v + "-> t\nAAAAA\n" + ft},
      {"missing body", v + "-> X25519 " + kShare + "\n" + ft},
      {"blank line between stanza and footer", v + st + "\n" + ft},
      {"footer without MAC", v + st + "---\n"},
      {"footer two spaces", v + st + "---  " + kMac + "\n"},
      {"footer trailing space", v + st + "--- " + kMac + " \n"},
      {"MAC padded", v + st + "--- " + kMac + "=\n"},
      {"MAC short", v + st + "--- " + kMac.substr(1) + "\n"},
      {"MAC long", v + st + "--- " + kMac + "A\n"},
      {"MAC non-canonical", v + st + "--- " + noncanon_mac + "\n"},
      {"MAC line CRLF", v + st + "--- " + kMac + "\r\n"},
      {"no LF after MAC", v + st + "--- " + kMac},
      {"four dashes", v + st + "---- " + kMac + "\n"},
      {"truncated in stanza", v + "-> X25519 " + kShare},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.text);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.error().code, ErrorCode::kIntegrity) << c.name;
  }
  // The same pieces, assembled correctly, parse: the cases fail for the
  // stated reason only.
  EXPECT_TRUE(Parse(v + st + ft).ok());
  EXPECT_TRUE(Parse(v + "-> t\n" + full_line + "\n\n" + ft).ok());
  EXPECT_TRUE(Parse(v + "-> a\n\n-> b c d\nAAAA\n" + ft).ok());
}

TEST(AgeHeader, CapsStanzaCountAndHeaderSize) {
  auto header_with = [](std::size_t stanzas, std::size_t body_bytes) {
    in::Header h;
    for (std::size_t i = 0; i < stanzas; ++i) h.stanzas.push_back({"x", {}, std::vector<uint8_t>(body_bytes, 1)});
    return in::SerializeHeader(h);
  };
  EXPECT_TRUE(in::ParseHeader(header_with(in::kMaxStanzas, 0)).ok());
  auto too_many = in::ParseHeader(header_with(in::kMaxStanzas + 1, 0));
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("too many stanzas"), std::string::npos);

  // One stanza whose body alone is over 1 MiB.
  auto huge = in::ParseHeader(header_with(1, in::kMaxHeaderBytes));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kIntegrity);
}

// --------------------------------------------------------------- stanzas

class AgeStanzaRules : public ::testing::Test {
 protected:
  AgeStanzaRules() {
    identities_.push_back(age::GenerateIdentity());
    auto s = in::WrapX25519(file_key_, age::RecipientOf(identities_[0]));
    EXPECT_TRUE(s.ok());
    good_ = std::move(s).value();
  }
  Result<SecretBytes> Unwrap(std::vector<in::Stanza> stanzas) {
    in::Header h{std::move(stanzas), {}};
    failure_ = age::Failure::kNone;
    return in::UnwrapFileKey(h, identities_, failure_);
  }
  void ExpectHeaderFailure(std::vector<in::Stanza> stanzas, const char* what) {
    auto r = Unwrap(std::move(stanzas));
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << what;
    EXPECT_EQ(failure_, age::Failure::kHeader) << what;
  }

  SecretBytes file_key_ = SecretBytes::Random(16);
  std::vector<SecretBytes> identities_;
  in::Stanza good_;
  age::Failure failure_ = age::Failure::kNone;
};

TEST_F(AgeStanzaRules, ValidStanzaYieldsTheFileKey) {
  auto key = Unwrap({good_});
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_TRUE(key->Equals(file_key_));
  // Unknown stanzas around it are ignored; an X25519 stanza for someone else
  // is tried and skipped.
  auto other = in::WrapX25519(file_key_, age::RecipientOf(age::GenerateIdentity()));
  ASSERT_TRUE(other.ok());
  key = Unwrap({{"unknown", {"x"}, {1, 2, 3}}, *other, good_, {"ssh-ed25519", {"a", "b"}, {}}});
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_TRUE(key->Equals(file_key_));
  // Several identities: the matching one need not be first.
  identities_.insert(identities_.begin(), age::GenerateIdentity());
  EXPECT_TRUE(Unwrap({good_}).ok());
}

TEST_F(AgeStanzaRules, MalformedX25519StanzasAreHeaderFailures) {
  in::Stanza s = good_;
  s.args.push_back("extra");
  ExpectHeaderFailure({s}, "two arguments");
  s = good_;
  s.args.clear();
  ExpectHeaderFailure({s}, "no argument");
  for (std::size_t n : {0u, 31u, 33u}) {
    s = good_;
    s.args[0] = B64(TestPlaintext(n));
    ExpectHeaderFailure({s}, "share length");
  }
  s = good_;
  s.args[0] = s.args[0] + "=";
  ExpectHeaderFailure({s}, "padded share");
  for (std::size_t n : {0u, 16u, 31u, 33u, 48u}) {
    s = good_;
    s.body.resize(n);
    ExpectHeaderFailure({s}, "body length");
  }
  // Checked for every stanza up front, even after the one that matches.
  s = good_;
  s.body.resize(33);
  ExpectHeaderFailure({good_, s}, "malformed stanza after the match");
}

TEST_F(AgeStanzaRules, LowOrderShareAborts) {
  in::Stanza s = good_;
  s.args[0] = B64(std::vector<uint8_t>(32, 0));
  ExpectHeaderFailure({s}, "all-zero share");
  std::vector<uint8_t> one(32, 0);
  one[0] = 1;
  s.args[0] = B64(one);
  ExpectHeaderFailure({s}, "share = 1");
}

TEST_F(AgeStanzaRules, ScryptMustStandAlone) {
  in::Stanza scrypt{"scrypt", {B64(TestPlaintext(16)), "10"}, TestPlaintext(32)};
  ExpectHeaderFailure({scrypt, good_}, "scrypt before X25519");
  ExpectHeaderFailure({good_, scrypt}, "scrypt after X25519");
  auto alone = Unwrap({scrypt});
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(failure_, age::Failure::kNoMatch);
}

TEST_F(AgeStanzaRules, NoMatchIsDistinct) {
  std::vector<SecretBytes> strangers;
  strangers.push_back(age::GenerateIdentity());
  identities_ = std::move(strangers);
  for (auto stanzas : {std::vector<in::Stanza>{good_}, std::vector<in::Stanza>{{"unknown", {}, {}}}}) {
    auto r = Unwrap(stanzas);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(failure_, age::Failure::kNoMatch);
    EXPECT_NE(r.error().message.find("not addressed to you"), std::string::npos);
  }
  ExpectHeaderFailure({}, "no stanza at all");
}

}  // namespace
}  // namespace tvault::testing
