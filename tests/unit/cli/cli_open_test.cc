// Opening a vault honestly (tvault #15): errors that name the real cause
// (item 8) and passphrase files with CRLF line ends (item 7).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>

#include "support/cli_runner.h"
#include "support/test_support.h"
#include "support/unlock_failures.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------- item 8

TEST(CliOpenErrors, MissingHeaderBesideADatabaseIsNotNoVault) {
  CliVault v;
  fs::remove(v.dir() / "vault.header");
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "vault.header is missing")) << r.err;
  EXPECT_TRUE(Has(r.err, "restore vault.header from a backup")) << r.err;
  EXPECT_FALSE(Has(r.err, "tvault init")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliOpenErrors, MissingDatabaseIsExit1NamingIt) {
  CliVault v;
  fs::remove(v.dir() / "vault.db");
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "vault.db is missing")) << r.err;
  EXPECT_TRUE(Has(r.err, "restore it from a backup")) << r.err;
  EXPECT_FALSE(fs::exists(v.dir() / "vault.db")) << "opening must not create an empty database";
}

TEST(CliOpenErrors, EmptyDatabaseIsTruncationNotAnUnsupportedBuild) {
  CliVault v;
  WriteBytes(v.dir() / "vault.db", std::vector<uint8_t>{});
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(Has(r.err, "vault.db is empty")) << r.err;
  EXPECT_FALSE(Has(r.err, "not supported")) << r.err;
}

TEST(CliOpenErrors, PermissionProblemIsNotNoVault) {
  if (!HaveProgram("setpriv") || ::geteuid() != 0) GTEST_SKIP() << "needs root and setpriv";
  CliVault v;  // under a 0700 directory of root's
  RunResult r = RunProgram({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            TvaultBinary(), "--vault", v.dir().string(), "--passphrase-file",
                            v.pass_file().string(), "testimony", "list"});
  if (r.exit_code == 126 || r.exit_code == 127) GTEST_SKIP() << "cannot run as nobody: " << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "Permission denied")) << r.err;
  EXPECT_FALSE(Has(r.err, "no vault")) << r.err;
}

// ---------------------------------------------------------------- item 7

TEST(CliPassphraseFile, CrlfFileOpensAVaultMadeFromAnLfFile) {
  CliVault v("crlf test passphrase");
  const fs::path crlf = v.WriteFile("pass-crlf", "crlf test passphrase\r\n");
  RunResult r = RunTvault({"--vault", v.dir().string(), "--passphrase-file", crlf.string(),
                           "testimony", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "carriage return")) << r.err;
}

TEST(CliPassphraseFile, AVaultWhosePassphraseEndsInCrStillOpensWithAWarning) {
  TempVault old("made on windows\r");  // what an earlier tvault stored from a CRLF file
  ScratchDir scratch;
  const fs::path crlf = scratch.path() / "pass";
  const std::string text = "made on windows\r\n";
  WriteBytes(crlf, std::vector<uint8_t>(text.begin(), text.end()));
  RunResult r = RunTvault({"--vault", old.dir().string(), "--passphrase-file", crlf.string(),
                           "testimony", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "passphrase change")) << r.err;
  EXPECT_FALSE(fs::exists(old.dir() / "unlock-failures"))
      << "the first try of a retried CRLF passphrase was counted as a failed unlock";
}

TEST(CliPassphraseFile, AWrongCrlfPassphraseCountsOnce) {
  CliVault v;
  const fs::path wrong = v.WriteFile("pass-wrong", "not the passphrase\r\n");
  RunResult r = RunTvault({"--vault", v.dir().string(), "--passphrase-file", wrong.string(),
                           "testimony", "list"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const std::vector<uint8_t> count = ReadBytes(v.dir() / "unlock-failures");
  // The count, then the time of the first failure (docs/format.md, 1.1).
  EXPECT_TRUE(IsCountAndTime(count, "1"));
}

TEST(CliPassphraseFile, ControlCharactersAreRefusedInNewPassphrases) {
  ScratchDir scratch;
  for (const std::string& bad : {std::string("tab\tinside passphrase\n"),
                                 std::string("carriage\rreturn passphrase\n"),
                                 std::string("delete\x7f passphrase here\n")}) {
    const fs::path pass = scratch.path() / "pass";
    fs::remove(pass);
    WriteBytes(pass, std::vector<uint8_t>(bad.begin(), bad.end()));
    const fs::path dir = scratch.path() / "vault";
    RunResult r = RunTvault({"--vault", dir.string(), "--passphrase-file", pass.string(), "init",
                             "--kdf-memory-mib", "64", "--kdf-passes", "1"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(Has(r.err, "cannot be typed")) << r.err;
    EXPECT_FALSE(fs::exists(dir));
  }
  CliVault v;
  const fs::path tab = v.WriteFile("new-tab", "second\tpassphrase\n");
  RunResult add = v.Run({"keyslot", "add", "--new-passphrase-file", tab.string(),
                         "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  EXPECT_EQ(add.exit_code, 2) << add.err;
  RunResult change = v.Run({"passphrase", "change", "--new-passphrase-file", tab.string(),
                            "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  EXPECT_EQ(change.exit_code, 2) << change.err;
}

}  // namespace
}  // namespace tvault::testing
