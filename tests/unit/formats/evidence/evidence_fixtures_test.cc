// tests/data/evidence: files made by an independent writer of the spec
// (make_fixtures.py). The valid ones decrypt to their documented content;
// every Broken* one is refused as kIntegrity with nothing of a bad chunk
// released.
#include <gtest/gtest.h>

#include <set>

#include "crypto/hash.h"
#include "formats/evidence/evidence_forge.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using namespace ::tvault::testing::evidence;  // NOLINT: test helpers

namespace fs = std::filesystem;

fs::path Dir() { return fs::path(TVAULT_TEST_DATA_DIR) / "evidence"; }

std::string ReadText(const std::string& name) {
  std::vector<uint8_t> b = ReadBytes(Dir() / name);
  std::string s(b.begin(), b.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

SecretBytes FixtureKey() { return SecretBytes::CopyOf(Unhex(ReadText("fixture_key.hex"))); }

TEST(EvidenceFixtures, ValidFilesFromTheIndependentWriterDecrypt) {
  const std::string id = ReadText("fixture_id.txt");
  std::vector<uint8_t> expected(2500);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<uint8_t>((i * 7) % 251);

  DecryptOutcome three = DecryptAll(FixtureKey(), id, ReadBytes(Dir() / "ValidThreeChunks.tve"), 700);
  ASSERT_TRUE(three.ok) << three.message;
  EXPECT_EQ(three.released, expected);
  EXPECT_EQ(three.summary.plaintext_bytes, 2500u);
  EXPECT_EQ(three.summary.sha256, crypto::Sha256(expected));

  DecryptOutcome empty = DecryptAll(FixtureKey(), id, ReadBytes(Dir() / "ValidEmpty.tve"), 1);
  ASSERT_TRUE(empty.ok) << empty.message;
  EXPECT_TRUE(empty.released.empty());
}

TEST(EvidenceFixtures, EveryBrokenFileIsRefused) {
  const std::string id = ReadText("fixture_id.txt");
  std::vector<uint8_t> plaintext(2500);
  for (std::size_t i = 0; i < plaintext.size(); ++i) plaintext[i] = static_cast<uint8_t>((i * 7) % 251);
  // How many bytes each may release before its defect (whole chunks that
  // precede the bad one).
  const std::map<std::string, std::size_t> expected = {
      {"BrokenMissingFinalChunk.tve", 2048}, {"BrokenTruncatedMidChunk.tve", 2048},
      {"BrokenTrailingByte.tve", 2048},      {"BrokenTrailingChunk.tve", 2048},
      {"BrokenSwappedChunks.tve", 0},        {"BrokenDuplicatedChunk.tve", 1024},
      {"BrokenFlippedMac.tve", 1024},        {"BrokenFlippedStreamHeader.tve", 0},
      {"BrokenUnknownVersion.tve", 0},       {"BrokenOtherFileId.tve", 0},
      {"BrokenFinalInTheMiddle.tve", 0},     {"BrokenShortChunkNotFinal.tve", 0},
      {"BrokenEmptyFinalChunk.tve", 1024},   {"BrokenPushTag.tve", 0},
  };
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(Dir())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("Broken", 0) != 0) continue;
    seen.insert(name);
    ASSERT_TRUE(expected.contains(name)) << name << " is not listed in this test";
    for (std::size_t read_size : {std::size_t{1}, std::size_t{4096}}) {
      DecryptOutcome out = DecryptAll(FixtureKey(), id, ReadBytes(entry.path()), read_size);
      EXPECT_FALSE(out.ok) << name;
      EXPECT_EQ(out.code, ErrorCode::kIntegrity) << name << ": " << out.message;
      EXPECT_EQ(out.released.size(), expected.at(name)) << name;
      EXPECT_TRUE(std::equal(out.released.begin(), out.released.end(), plaintext.begin())) << name;
    }
  }
  EXPECT_EQ(seen.size(), expected.size());
}

}  // namespace
}  // namespace tvault::testing
