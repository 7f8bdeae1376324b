// tests/data/age/Broken*.age: files made by the real age and then damaged
// (see tests/data/age/README.md). Each must be refused as an integrity
// failure (exit class kIntegrity), with the failure class its name implies.
#include <gtest/gtest.h>

#include <map>

#include "age/age.h"
#include "formats/age/age_test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

TEST(AgeBrokenFixtures, EveryBrokenFileIsRefused) {
  const fs::path dir = fs::path(TVAULT_TEST_DATA_DIR) / "age";
  auto ids = age::ParseIdentityFile(ReadBytes(dir / "fixture_key.txt"));
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  const std::map<std::string, age::Failure> expected = {
      {"BrokenTruncated.age", age::Failure::kPayload},
      {"BrokenMissingFinalChunk.age", age::Failure::kPayload},
      {"BrokenTrailingData.age", age::Failure::kPayload},
      {"BrokenMac.age", age::Failure::kHmac},
  };
  std::map<std::string, age::Failure> seen;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("Broken", 0) != 0) continue;
    AgeOutcome got = AgeDecryptOurs(ReadBytes(entry.path()), *ids);
    EXPECT_FALSE(got.ok) << name;
    EXPECT_EQ(got.code, ErrorCode::kIntegrity) << name << ": " << got.message;
    seen[name] = got.failure;
    if (HaveAgeTools()) {
      ScratchDir scratch;
      ToolRun run = RunTool({kAgeBin, "-d", "-i", (dir / "fixture_key.txt").string(),
                             entry.path().string()},
                            scratch.path());
      EXPECT_NE(run.exit_code, 0) << name << " is accepted by the real age";
    }
  }
  EXPECT_EQ(seen, expected);

  // The key itself is fine: the same identity opens an intact file.
  std::vector<age::X25519Public> to = {age::RecipientOf((*ids)[0])};
  std::vector<uint8_t> plaintext = TestPlaintext(1000);
  AgeOutcome intact = AgeDecryptOurs(AgeEncryptOurs(to, plaintext), *ids);
  ASSERT_TRUE(intact.ok) << intact.message;
  EXPECT_EQ(intact.plaintext, plaintext);
}

}  // namespace
}  // namespace tvault::testing
