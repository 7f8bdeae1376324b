// minisign public keys, signature files, signing and verification, against
// fixtures written by minisign 0.11 (tests/data/minisign/README.md) and the
// documented error paths of bundle/minisign.h.
#include <gtest/gtest.h>

#include <algorithm>

#include "minisign/minisign.h"
#include "crypto/asymmetric.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "minisign_test_support.h"

namespace tvault::testing {
namespace {

using minisign::KeyId;

// The bare line of tests/data/minisign/fixture.pub, made by `minisign -G`.
constexpr std::string_view kFixtureKeyLine =
    "RWQNuN5/jYg7j4NmnUeBA/ec+7M3gDFkAB/vm78D+71z+N6zEZW/lAfi";
constexpr std::string_view kFixtureKeyId = "8F3B888D7FDEB80D";  // as minisign printed it

// RFC 8032 7.1 TEST 1 key, with an arbitrary key id.
struct TestSigner {
  crypto::Ed25519KeyPair pair = crypto::Ed25519KeyPairFromSeed(SecretBytes::CopyOf(
      Unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
  KeyId key_id{0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe};
  minisign::PublicKey public_key() const { return {key_id, pair.public_key}; }
  minisign::Signature Sign(std::string_view message, std::string_view trusted = "t",
                           std::string_view untrusted = "u") const {
    return Must(
        minisign::SignPrehashed(pair.secret_key, key_id, DigestOf(message), trusted, untrusted));
  }
};

std::string EncodeBlob(std::string_view algorithm, std::span<const uint8_t> rest) {
  std::vector<uint8_t> blob(algorithm.begin(), algorithm.end());
  blob.insert(blob.end(), rest.begin(), rest.end());
  return crypto::Base64Encode(blob, crypto::Base64Variant::kPadded);
}

TEST(MinisignKeyId, PrintedAsMinisignPrintsIt) {
  EXPECT_EQ(minisign::KeyIdText({0xAD, 0xAA, 0x45, 0xE0, 0x6A, 0x97, 0xBD, 0x37}),
            "37BD976AE045AAAD");
  // %PRIX64: no zero padding.
  EXPECT_EQ(minisign::KeyIdText({0x01, 0, 0, 0, 0, 0, 0, 0}), "1");
  EXPECT_EQ(minisign::KeyIdText({0, 0, 0, 0, 0, 0, 0, 0}), "0");
  EXPECT_EQ(minisign::KeyIdText({0xAB, 0x0C, 0, 0, 0, 0, 0, 0}), "CAB");
  EXPECT_EQ(minisign::KeyIdText({0, 0, 0, 0, 0, 0, 0, 0xF0}), "F000000000000000");
  EXPECT_EQ(minisign::KeyIdText({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}),
            "FFFFFFFFFFFFFFFF");
}

TEST(MinisignPublicKey, ParsesMinisignPubFileAndBareLineAlike) {
  const std::string file = ReadText(MinisignData("fixture.pub"));
  auto from_file = Must(minisign::ParsePublicKey(file));
  auto from_line = Must(minisign::ParsePublicKey(kFixtureKeyLine));
  EXPECT_EQ(from_file.key_id, from_line.key_id);
  EXPECT_EQ(from_file.ed25519, from_line.ed25519);
  EXPECT_EQ(minisign::KeyIdText(from_line.key_id), kFixtureKeyId);
  EXPECT_EQ(minisign::EncodePublicKey(from_line), kFixtureKeyLine);
  // minisign's own .pub file is exactly what we would write.
  EXPECT_EQ(minisign::FormatPublicKeyFile(from_line), file);
}

TEST(MinisignPublicKey, AnyUntrustedCommentInAPubFile) {
  const std::string line(kFixtureKeyLine);
  auto key = Must(minisign::ParsePublicKey("untrusted comment: \n" + line + "\n"));
  EXPECT_EQ(minisign::EncodePublicKey(key), line);
  Must(minisign::ParsePublicKey("untrusted comment: " + std::string(1003, 'c') + "\n" + line +
                                "\n"));
}

TEST(MinisignPublicKey, RefusesAnythingElseAsInvalidArgument) {
  const std::string line(kFixtureKeyLine);
  const auto blob = crypto::Base64Decode(line, crypto::Base64Variant::kPadded).value();
  const std::span<const uint8_t> after_algorithm = std::span(blob).subspan(2);
  std::vector<uint8_t> small_order(after_algorithm.begin(), after_algorithm.begin() + 8);
  small_order.resize(8 + 32, 0);  // y = 0: a point of order 4
  std::string url_alphabet = line;
  std::replace(url_alphabet.begin(), url_alphabet.end(), '/', '_');
  ASSERT_NE(url_alphabet, line);

  const struct {
    std::string text;
    std::string fragment;
  } cases[] = {
      {"", "got 0 characters"},
      {line + "\n", "trailing whitespace or newline"},
      {line + " ", "trailing whitespace or newline"},
      {" " + line, "got 57 characters"},
      {line.substr(0, 55), "got 55 characters"},
      {url_alphabet, "not canonical base64"},
      {EncodeBlob("ED", after_algorithm), "unsupported algorithm"},
      {EncodeBlob("Ed", small_order), "not a valid Ed25519 public key"},
      {"untrusted comment: x\n" + line, "exactly two lines"},
      {"untrusted comment: x\n" + line + "\n\n", "exactly two lines"},
      {"untrusted comment: x\n" + line + "\r\n", "got 57 characters"},
      {"untrusted comment: x\r\n" + line + "\n", "contains CR, LF or NUL"},
      {"untrusted comment: " + std::string(1004, 'c') + "\n" + line + "\n", "1004 bytes"},
      {"comment: x\n" + line + "\n", "characters"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 80));
    ExpectError(minisign::ParsePublicKey(c.text), ErrorCode::kInvalidArgument, c.fragment);
  }
}

TEST(MinisignSignatureFile, MinisignOutputParsesAndFormatsBackByteForByte) {
  const std::vector<uint8_t> bytes = ReadBytes(MinisignData("Good.minisig"));
  auto sig = Must(minisign::ParseSignatureFile(bytes));
  EXPECT_EQ(sig.untrusted_comment, "signature from tvault test fixture key");
  EXPECT_EQ(sig.trusted_comment, "tvault test fixture: good signature");
  EXPECT_EQ(minisign::KeyIdText(sig.key_id), kFixtureKeyId);
  EXPECT_EQ(Must(minisign::FormatSignatureFile(sig)), std::string(bytes.begin(), bytes.end()));
}

TEST(MinisignSignatureFile, CommentLengthsUpToWhatMinisignReadsBack) {
  TestSigner signer;
  const std::string longest_untrusted(minisign::kMaxUntrustedCommentBytes, 'u');
  const std::string longest_trusted(minisign::kMaxTrustedCommentBytes, 't');
  auto sig = signer.Sign("m", longest_trusted, longest_untrusted);
  const std::string file = Must(minisign::FormatSignatureFile(sig));
  EXPECT_EQ(file.size(), minisign::kMaxSignatureFileBytes);
  auto parsed = Must(minisign::ParseSignatureFile(AsSpan(file)));
  EXPECT_EQ(parsed.trusted_comment, longest_trusted);
  EXPECT_EQ(parsed.untrusted_comment, longest_untrusted);
  MustOk(minisign::Verify(signer.public_key(), parsed, DigestOf("m")));

  // One byte more than the largest file is refused by the size cap alone...
  std::string oversized = file;
  oversized.insert(oversized.find("trusted comment: t") + 17, "t");
  ExpectError(minisign::ParseSignatureFile(AsSpan(oversized)), ErrorCode::kIntegrity,
              "file is 9405 bytes");
  // ...and one byte more in either comment by the comment check, which names it.
  std::string trusted_too_long =
      Must(minisign::FormatSignatureFile(signer.Sign("m", longest_trusted, "")));
  trusted_too_long.insert(trusted_too_long.find("trusted comment: t") + 17, "t");
  ExpectError(minisign::ParseSignatureFile(AsSpan(trusted_too_long)), ErrorCode::kIntegrity,
              "trusted comment is 8174 bytes");
  std::string untrusted_too_long =
      Must(minisign::FormatSignatureFile(signer.Sign("m", "", longest_untrusted)));
  untrusted_too_long.insert(minisign::kUntrustedPrefix.size(), "u");
  ExpectError(minisign::ParseSignatureFile(AsSpan(untrusted_too_long)), ErrorCode::kIntegrity,
              "untrusted comment is 1004 bytes");
}

TEST(MinisignSignatureFile, FormatRefusesCommentsTheFormatCannotCarry) {
  TestSigner signer;
  for (const std::string& bad :
       {std::string("a\nb"), std::string("a\rb"), std::string("a\0b", 3)}) {
    auto sig = signer.Sign("m");
    sig.trusted_comment = bad;
    ExpectError(minisign::FormatSignatureFile(sig), ErrorCode::kInvalidArgument,
                "trusted comment contains CR, LF or NUL");
    sig = signer.Sign("m");
    sig.untrusted_comment = bad;
    ExpectError(minisign::FormatSignatureFile(sig), ErrorCode::kInvalidArgument,
                "untrusted comment contains CR, LF or NUL");
  }
}

TEST(MinisignSign, RoundTripsThroughTheFileFormat) {
  TestSigner signer;
  auto sig = signer.Sign("contents of SHA256SUMS", "bundle 42\thashed", "tvault export");
  MustOk(minisign::Verify(signer.public_key(), sig, DigestOf("contents of SHA256SUMS")));
  const std::string file = Must(minisign::FormatSignatureFile(sig));
  EXPECT_EQ(file.substr(0, 34), "untrusted comment: tvault export\nR");
  EXPECT_NE(file.find("\ntrusted comment: bundle 42\thashed\n"), std::string::npos);
  auto parsed = Must(minisign::ParseSignatureFile(AsSpan(file)));
  EXPECT_EQ(parsed.key_id, signer.key_id);
  EXPECT_EQ(parsed.signature, sig.signature);
  EXPECT_EQ(parsed.global_signature, sig.global_signature);
  MustOk(minisign::Verify(signer.public_key(), parsed, DigestOf("contents of SHA256SUMS")));
  // Empty comments are legal.
  MustOk(minisign::Verify(signer.public_key(), signer.Sign("x", "", ""), DigestOf("x")));
}

TEST(MinisignSign, RefusesCommentsAndKeysItCannotUse) {
  TestSigner signer;
  const auto digest = DigestOf("m");
  auto sign = [&](std::string_view trusted, std::string_view untrusted) {
    return minisign::SignPrehashed(signer.pair.secret_key, signer.key_id, digest, trusted,
                                   untrusted);
  };
  ExpectError(sign("a\nb", ""), ErrorCode::kInvalidArgument, "trusted comment contains");
  ExpectError(sign("a\rb", ""), ErrorCode::kInvalidArgument, "trusted comment contains");
  ExpectError(sign(std::string_view("a\0b", 3), ""), ErrorCode::kInvalidArgument,
              "trusted comment contains");
  ExpectError(sign("", "a\nb"), ErrorCode::kInvalidArgument, "untrusted comment contains");
  ExpectError(sign(std::string(minisign::kMaxTrustedCommentBytes + 1, 't'), ""),
              ErrorCode::kInvalidArgument, "trusted comment is 8174 bytes");
  ExpectError(sign("", std::string(minisign::kMaxUntrustedCommentBytes + 1, 'u')),
              ErrorCode::kInvalidArgument, "untrusted comment is 1004 bytes");
  ExpectError(minisign::SignPrehashed(SecretBytes::Random(32), signer.key_id, digest, "", ""),
              ErrorCode::kInvalidArgument, "must be 64 bytes");
}

TEST(MinisignSign, ACorruptedSecretKeyIsCaughtBeforeAnyoneSeesTheSignature) {
  TestSigner signer;
  for (std::size_t byte : {0u, 31u, 32u, 63u}) {
    SecretBytes corrupted = SecretBytes::CopyOf(signer.pair.secret_key.reveal());
    corrupted.reveal()[byte] ^= 0x01;
    ExpectError(minisign::SignPrehashed(corrupted, signer.key_id, DigestOf("m"), "t", "u"),
                ErrorCode::kInternal, "does not verify under its own key");
  }
}

TEST(MinisignVerify, EachFailureHasItsOwnMessage) {
  TestSigner signer;
  const auto pub = signer.public_key();
  const auto digest = DigestOf("the file");
  const auto good = signer.Sign("the file", "trusted text");
  MustOk(minisign::Verify(pub, good, digest));

  auto other_key_id = good;
  other_key_id.key_id[0] ^= 0x01;
  ExpectError(minisign::Verify(pub, other_key_id, digest), ErrorCode::kIntegrity,
              "made by key FEDCBA9876543211, not by the expected key FEDCBA9876543210");

  ExpectError(minisign::Verify(pub, good, DigestOf("another file")), ErrorCode::kIntegrity,
              "signature does not match the file");
  auto flipped_signature = good;
  flipped_signature.signature[5] ^= 0x01;
  ExpectError(minisign::Verify(pub, flipped_signature, digest), ErrorCode::kIntegrity,
              "signature does not match the file");

  auto edited_comment = good;
  edited_comment.trusted_comment = "trusted text!";
  ExpectError(minisign::Verify(pub, edited_comment, digest), ErrorCode::kIntegrity,
              "trusted comment signature verification failed");
  auto flipped_global = good;
  flipped_global.global_signature[60] ^= 0x80;
  ExpectError(minisign::Verify(pub, flipped_global, digest), ErrorCode::kIntegrity,
              "trusted comment signature verification failed");

  // A different key that claims the same key id: the signature decides.
  auto impostor = crypto::GenerateEd25519();
  minisign::PublicKey impostor_key{signer.key_id, impostor.public_key};
  ExpectError(minisign::Verify(impostor_key, good, digest), ErrorCode::kIntegrity,
              "signature does not match the file");
}

TEST(MinisignVerify, TheUntrustedCommentIsNotSigned) {
  TestSigner signer;
  auto sig = signer.Sign("f", "t", "original");
  sig.untrusted_comment = "anything at all: an attacker may write here";
  MustOk(minisign::Verify(signer.public_key(), sig, DigestOf("f")));
}

TEST(MinisignVerify, RefusesACommentMinisignWouldReadDifferently) {
  // Correctly signed, but a trusted comment with LF would be split by any
  // reader of the file, so Verify does not vouch for it.
  TestSigner signer;
  auto sig = signer.Sign("f");
  sig.trusted_comment = "line one\nline two";
  std::vector<uint8_t> covered(sig.signature.begin(), sig.signature.end());
  covered.insert(covered.end(), sig.trusted_comment.begin(), sig.trusted_comment.end());
  sig.global_signature = crypto::Ed25519Sign(signer.pair.secret_key, covered);
  ExpectError(minisign::Verify(signer.public_key(), sig, DigestOf("f")), ErrorCode::kIntegrity,
              "trusted comment contains CR, LF or NUL");
}

// Yields at most 1000 bytes per Read, to exercise the hashing loop.
class TrickleSource final : public ByteSource {
 public:
  explicit TrickleSource(std::span<const uint8_t> data) : data_(data) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    std::size_t n = std::min({out.size(), data_.size() - pos_, std::size_t{1000}});
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, out.begin());
    pos_ += n;
    return n;
  }

 private:
  std::span<const uint8_t> data_;
  std::size_t pos_ = 0;
};

TEST(MinisignBlake2b512, KnownAnswer) {
  // RFC 7693, Appendix A: BLAKE2b-512("abc").
  EXPECT_EQ(Hex(DigestOf("abc")),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(MinisignBlake2b512, StreamingEqualsOneShotAtEverySplit) {
  SecretBytes random = SecretBytes::Random(1024 * 1024 + 17);
  std::array<uint8_t, 64> one_shot;
  crypto::Blake2b(one_shot, random.reveal());
  TrickleSource trickle(random.reveal());
  EXPECT_EQ(Must(minisign::Blake2b512Of(trickle)), one_shot);
  SpanSource whole(random.reveal());
  EXPECT_EQ(Must(minisign::Blake2b512Of(whole)), one_shot);
}

TEST(MinisignBlake2b512, FileErrorsAreReported) {
  ScratchDir dir;
  auto missing = minisign::Blake2b512OfFile(dir.path() / "absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  WriteBytes(dir.path() / "abc", AsSpan("abc"));
  EXPECT_EQ(Must(minisign::Blake2b512OfFile(dir.path() / "abc")), DigestOf("abc"));
}

}  // namespace
}  // namespace tvault::testing
