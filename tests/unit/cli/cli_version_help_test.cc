// tvault --version and tvault version (tvault issue #11, item 7).
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
