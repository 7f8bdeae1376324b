// Passphrase strength at init, passphrase change and keyslot add (tvault
// #12, "Safe input"): zxcvbn's estimate on standard error before anything
// is created or changed; a weak passphrase typed on a terminal must be
// confirmed there, one from a file gets a warning. Against the real binary.
#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

const std::string kWeak = "dragon1984";
const std::string kStrong = "quilt mangle orbit pastry fennel swoop";

RunResult Init(const fs::path& dir, const fs::path& pass) {
  return RunTvault({"--vault", dir.string(), "--passphrase-file", pass.string(), "init",
                    "--kdf-memory-mib", "64", "--kdf-passes", "1"});
}

TEST(CliPassphraseStrength, WeakFromAFileIsAWarningAndTheVaultIsCreated) {
  // Fails before this commit: no estimate was shown.
  ScratchDir scratch;
  const fs::path pass = scratch.path() / "pass";
  WriteBytes(pass, std::vector<uint8_t>(kWeak.begin(), kWeak.end()));
  const fs::path dir = scratch.path() / "vault";
  RunResult r = Init(dir, pass);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "tvault: warning: Passphrase strength: 1/4 (about 10^")) << r.err;
  EXPECT_TRUE(Has(r.err, "very weak: dates and years are easy to guess")) << r.err;
  EXPECT_TRUE(fs::exists(dir / "vault.header"));
  for (const std::string& part : {kWeak, std::string("dragon"), std::string("1984")}) {
    EXPECT_FALSE(Has(r.err + r.out, part)) << part;
  }
}

TEST(CliPassphraseStrength, StrongIsShownWithoutAWarning) {
  ScratchDir scratch;
  const fs::path pass = scratch.path() / "pass";
  WriteBytes(pass, std::vector<uint8_t>(kStrong.begin(), kStrong.end()));
  // Owner-only, as a passphrase file should be: no other warning either.
  fs::permissions(pass, fs::perms::owner_read | fs::perms::owner_write);
  RunResult r = Init(scratch.path() / "vault", pass);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "Passphrase strength: 4/4 (about 10^")) << r.err;
  EXPECT_TRUE(Has(r.err, " - strong\n")) << r.err;
  EXPECT_FALSE(Has(r.err, "warning")) << r.err;
  EXPECT_FALSE(Has(r.err, "quilt")) << r.err;
}

TEST(CliPassphraseStrength, KeyslotAddAndPassphraseChangeShowTheEstimate) {
  CliVault v;
  const fs::path weak = v.WriteFile("weak", kWeak + "\n");
  RunResult add = v.Run({"keyslot", "add", "--new-passphrase-file", weak.string(),
                         "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_TRUE(Has(add.err, "warning: Passphrase strength: 1/4")) << add.err;
  // Another weak one: a passphrase that already opens a keyslot is refused.
  const fs::path weak2 = v.WriteFile("weak2", "dragon1985\n");
  RunResult change = v.Run({"passphrase", "change", "--new-passphrase-file", weak2.string(),
                            "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  ASSERT_EQ(change.exit_code, 0) << change.err;
  EXPECT_TRUE(Has(change.err, "warning: Passphrase strength: 1/4")) << change.err;
  EXPECT_FALSE(Has(add.err + change.err, "dragon"));
}

TEST(CliPassphraseStrength, WeakTypedOnATerminalMustBeConfirmed) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  ScratchDir scratch;
  const fs::path dir = scratch.path() / "vault";
  const std::vector<std::string> args = {TvaultBinary(), "--vault", dir.string(), "init",
                                         "--kdf-memory-mib", "64", "--kdf-passes", "1"};
  const std::vector<Step> typed = {{"New passphrase: ", kWeak + "\n"},
                                   {"Repeat the new passphrase: ", kWeak + "\n"}};
  for (const std::string& answer : {std::string("n\n"), std::string("\n"), std::string("yes please\n")}) {
    std::vector<Step> steps = typed;
    steps.push_back({"Use it anyway? [y/N] ", answer});
    RunResult no = Converse(args, steps);
    EXPECT_EQ(no.exit_code, 1) << no.out;
    EXPECT_TRUE(Has(no.out, "Passphrase strength: 1/4 (about 10^")) << no.out;
    EXPECT_TRUE(Has(no.out, "weak passphrase was not confirmed; nothing was changed")) << no.out;
    EXPECT_FALSE(Has(no.out, kWeak)) << no.out;
    EXPECT_FALSE(fs::exists(dir)) << "created before the answer";
  }
  std::vector<Step> steps = typed;
  steps.push_back({"Use it anyway? [y/N] ", "y\n"});
  RunResult yes = Converse(args, steps);
  EXPECT_EQ(yes.exit_code, 0) << yes.out;
  EXPECT_TRUE(Has(yes.out, "Created vault at")) << yes.out;
  EXPECT_FALSE(Has(yes.out, kWeak)) << yes.out;
  EXPECT_TRUE(fs::exists(dir / "vault.header"));
}

TEST(CliPassphraseStrength, StrongTypedOnATerminalIsNotQuestioned) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  ScratchDir scratch;
  const fs::path dir = scratch.path() / "vault";
  RunResult r = Converse({TvaultBinary(), "--vault", dir.string(), "init", "--kdf-memory-mib",
                          "64", "--kdf-passes", "1"},
                         {{"New passphrase: ", kStrong + "\n"},
                          {"Repeat the new passphrase: ", kStrong + "\n"}});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Has(r.out, "Passphrase strength: 4/4")) << r.out;
  EXPECT_FALSE(Has(r.out, "Use it anyway")) << r.out;
  EXPECT_FALSE(Has(r.out, "quilt")) << r.out;
}

}  // namespace
}  // namespace tvault::testing
