// Corruption tests: every Broken* fixture in tests/data/minisign/ (made by
// make_broken.py from genuine minisign output) must be refused, with the
// documented code and a message naming the defect. A fixture without an entry
// here fails the test, so none can sit unchecked.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "minisign/minisign.h"
#include "minisign_test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

// Signature files are untrusted bundle content: kIntegrity, whether the
// parser or the verifier catches the defect.
const std::map<std::string, std::string> kBrokenSignatures = {
    {"BrokenAlgorithm.minisig", "unknown signature algorithm"},
    {"BrokenTruncatedBase64.minisig", "line 2 is not canonical base64"},
    {"BrokenExtraLine.minisig", "unexpected data after the fourth line"},
    {"BrokenCrlf.minisig", "CR found"},
    {"BrokenTrustedCommentPrefix.minisig", "line 3 must start with \"trusted comment: \""},
    {"BrokenUntrustedCommentPrefix.minisig", "line 1 must start with \"untrusted comment: \""},
    {"BrokenLongTrustedComment.minisig", "trusted comment is 8192 bytes"},
    {"BrokenLongUntrustedComment.minisig", "untrusted comment is 1004 bytes"},
    {"BrokenOversized.minisig", "larger than any minisign signature"},
    {"BrokenMissingFinalNewline.minisig", "expected 4 lines"},
    {"BrokenEmpty.minisig", "expected 4 lines"},
    {"BrokenNulInComment.minisig", "trusted comment contains CR, LF or NUL"},
    {"BrokenNonCanonicalBase64.minisig", "line 4 is not canonical base64"},
    {"BrokenKeyId.minisig", "made by key 8F3B888D7FDEB80C, not by the expected key"},
    {"BrokenSignature.minisig", "signature does not match the file"},
    {"BrokenGlobalSignature.minisig", "trusted comment signature verification failed"},
    {"BrokenTrustedComment.minisig", "trusted comment signature verification failed"},
};

// A pinned public key is caller input: kInvalidArgument.
const std::map<std::string, std::string> kBrokenPublicKeys = {
    {"BrokenAlgorithm.pub", "unsupported algorithm"},
    {"BrokenCrlf.pub", "contains CR, LF or NUL"},
    {"BrokenMissingFinalNewline.pub", "exactly two lines"},
    {"BrokenTruncated.pub", "got 52 characters"},
    {"BrokenSmallOrderKey.pub", "not a valid Ed25519 public key"},
};

// Parse, then verify over SHA256SUMS with fixture.pub: the path a bundle takes.
Status ParseAndVerify(const fs::path& signature_file) {
  auto key = Must(minisign::ParsePublicKey(ReadText(MinisignData("fixture.pub"))));
  auto digest = Must(minisign::Blake2b512OfFile(MinisignData("SHA256SUMS")));
  TVAULT_ASSIGN_OR_RETURN(auto signature, minisign::ParseSignatureFile(ReadBytes(signature_file)));
  return minisign::Verify(key, signature, digest);
}

TEST(MinisignBroken, TheGenuineFixtureVerifies) {
  // Every Broken* file differs from this one by a single defect.
  MustOk(ParseAndVerify(MinisignData("Good.minisig")));
}

TEST(MinisignBroken, EverySignatureFixtureIsRefusedAsIntegrityFailure) {
  for (const auto& [name, fragment] : kBrokenSignatures) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(fs::exists(MinisignData(name)));
    ExpectError(ParseAndVerify(MinisignData(name)), ErrorCode::kIntegrity, fragment);
  }
}

TEST(MinisignBroken, ALegacySignatureFromMinisignIsRefusedClearly) {
  ExpectError(ParseAndVerify(MinisignData("Legacy.minisig")), ErrorCode::kIntegrity,
              "legacy (non-prehashed, \"Ed\") signature refused");
}

TEST(MinisignBroken, EveryPublicKeyFixtureIsRefusedAsInvalidArgument) {
  for (const auto& [name, fragment] : kBrokenPublicKeys) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(fs::exists(MinisignData(name)));
    ExpectError(minisign::ParsePublicKey(ReadText(MinisignData(name))), ErrorCode::kInvalidArgument,
                fragment);
  }
}

TEST(MinisignBroken, NoFixtureIsLeftUnchecked) {
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(MinisignData(""))) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("Broken")) on_disk.insert(name);
  }
  std::set<std::string> listed;
  for (const auto& [name, _] : kBrokenSignatures) listed.insert(name);
  for (const auto& [name, _] : kBrokenPublicKeys) listed.insert(name);
  EXPECT_EQ(on_disk, listed);
}

}  // namespace
}  // namespace tvault::testing
