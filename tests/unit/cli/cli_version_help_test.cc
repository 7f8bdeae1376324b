// tvault --version, tvault version, tvault help [COMMAND], and unknown
// commands named with the closest known one (tvault issue #11, item 7).
#include <CLI/Version.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <sodium.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "support/cli_runner.h"
#include "vault/version.h"

namespace tvault::testing {
namespace {

using nlohmann::json;

TEST(CliVersion, FlagAndCommandPrintEveryLibrary) {
  RunResult flag = RunTvault({"--version"});
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_EQ(flag.err, "");
  const std::string expected = "tvault " + GetRuntimeVersions().tvault + "\nlibsodium " +
                               sodium_version_string() + "\nSQLCipher " +
                               GetRuntimeVersions().sqlcipher + " (SQLite " +
                               sqlite3_libversion() + ")\n" + OpenSSL_version(OPENSSL_VERSION) +
                               "\nCLI11 " + CLI11_VERSION + "\n";
  EXPECT_EQ(flag.out, expected);
  RunResult command = RunTvault({"version"});
  ASSERT_EQ(command.exit_code, 0) << command.err;
  EXPECT_EQ(command.out, flag.out);
}

TEST(CliVersion, JsonIsOneExactObject) {
  const RuntimeVersions v = GetRuntimeVersions();
  EXPECT_NE(v.sqlcipher, "unknown");  // linked against SQLCipher, not a plain SQLite
  EXPECT_FALSE(v.tvault.empty());
  const nlohmann::ordered_json expected = {{"tvault", v.tvault},
                                           {"libsodium", sodium_version_string()},
                                           {"sqlcipher", v.sqlcipher},
                                           {"sqlite", sqlite3_libversion()},
                                           {"openssl", OpenSSL_version(OPENSSL_VERSION)},
                                           {"cli11", CLI11_VERSION}};
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--json", "--version"}, {"--version", "--json"}, {"--json", "version"},
           {"version", "--json"}}) {
    RunResult r = RunTvault(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    // Exactly these keys, in this order, like every --json output (PrintJson).
    EXPECT_EQ(nlohmann::ordered_json::parse(r.out).dump(), expected.dump()) << r.out;
  }
}

TEST(CliHelp, HelpCommandPrintsWhatHelpFlagPrints) {
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {}, {"witness"}, {"witness", "add"}, {"testimony", "show"}, {"bundle", "verify"},
           {"check"}, {"version"}}) {
    std::vector<std::string> help_command = {"help"};
    help_command.insert(help_command.end(), command.begin(), command.end());
    std::vector<std::string> help_flag = command;
    help_flag.push_back("--help");
    RunResult by_command = RunTvault(help_command);
    RunResult by_flag = RunTvault(help_flag);
    ASSERT_EQ(by_command.exit_code, 0) << by_command.err;
    ASSERT_EQ(by_flag.exit_code, 0) << by_flag.err;
    EXPECT_FALSE(by_command.out.empty());
    EXPECT_EQ(by_command.out, by_flag.out) << help_command.size();
  }
  EXPECT_NE(RunTvault({"help"}).out.find("--version"), std::string::npos);
}

TEST(CliUnknownCommand, NamesTheClosestCommand) {
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {{"witnes", "list"}, "unknown command 'witnes'; did you mean 'witness'?"},
           {{"--json", "witnes", "list"}, "unknown command 'witnes'; did you mean 'witness'?"},
           {{"witness", "ad"}, "unknown command 'witness ad'; did you mean 'witness add'?"},
           {{"testimonies", "list"}, "unknown command 'testimonies'; did you mean 'testimony'?"},
           {{"keyslot", "lst"}, "unknown command 'keyslot lst'; did you mean 'keyslot list'?"},
           {{"frobnicate"}, "unknown command 'frobnicate' (see `tvault --help`)"},
           {{"audit", "frobnicate"},
            "unknown command 'audit frobnicate' (see `tvault audit --help`)"},
           {{"help", "witnes"}, "unknown command 'witnes'; did you mean 'witness'?"},
           {{"help", "witness", "ad"},
            "unknown command 'witness ad'; did you mean 'witness add'?"},
       }) {
    RunResult r = RunTvault(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.error;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "tvault: error: " + c.error + "\n");
  }
}

TEST(CliUnknownCommand, OtherUsageErrorsAreUnchanged) {
  RunResult none = RunTvault({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "tvault: error: A subcommand is required (see `tvault --help`)\n");
  RunResult group = RunTvault({"witness"});
  EXPECT_EQ(group.exit_code, 2);
  EXPECT_EQ(group.err, "tvault: error: A subcommand is required (see `tvault --help`)\n");
  RunResult option = RunTvault({"witness", "list", "--bogus"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_EQ(option.err.find("unknown command"), std::string::npos) << option.err;
}

TEST(CliVersion, TestimonyShowKeepsItsVersionOption) {
  CliVault v;
  const std::string wid = v.Run({"witness", "add", "--name", "n"}).out;
  auto f = v.WriteFile("s.txt", "first");
  std::string tid =
      v.Run({"testimony", "add", "--witness", wid.substr(0, wid.size() - 1), "--file", f.string()})
          .out;
  tid.pop_back();
  RunResult shown = v.Run({"testimony", "show", tid, "--version", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("first"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("libsodium"), std::string::npos);
}

}  // namespace
}  // namespace tvault::testing
