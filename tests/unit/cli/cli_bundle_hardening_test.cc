// Bundle import and verify tell the truth (issue #15): a pipe is not called
// tampering, a statement the vault cannot store is refused by verify too, a
// signer no peer holds is an integrity failure naming its key, --out never
// writes through a link, and a killed export leaves nothing behind.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/cli_bundle_fixture.h"
#include "support/cli_runner.h"
#include "support/test_support.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

// The last line of standard error without "tvault: ".
std::string ErrorLine(const RunResult& r) {
  std::string e = Trim(r.err);
  const std::size_t nl = e.rfind('\n');
  if (nl != std::string::npos) e = e.substr(nl + 1);
  const std::string prefix = "tvault: ";
  return e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e;
}

// `command` (tvault's arguments for vault `v`) as a bash command line.
std::string ShellLine(const CliVault& v, const std::vector<std::string>& command) {
  std::string line = Q(TvaultBinary());
  for (const std::string& a : v.Args(command)) line += " " + Q(a);
  return line;
}

RunResult Bash(const std::string& script) { return RunProgram({"/bin/bash", "-c", script}); }

TEST_F(CliBundle, ImportFromAPipeIsRefusedAsNeedingAFileNotAsTampering) {
  const fs::path bundle = Export({"--to", "journalist"});
  const std::string import_stdin = ShellLine(journalist_, {"bundle", "import", "/dev/stdin"});
  // A real pipe on standard input.
  RunResult piped = Bash("cat " + Q(bundle) + " | " + import_stdin);
  // (Before the refusal, the FIFO below would make import wait for ever.)
  ASSERT_EQ(piped.exit_code, 2) << piped.err;
  EXPECT_NE(ErrorLine(piped).find("reads the bundle twice"), std::string::npos) << piped.err;
  EXPECT_EQ(ErrorLine(piped).find("malformed"), std::string::npos) << piped.err;
  // A process substitution (a pipe under /dev/fd).
  RunResult substituted =
      Bash(ShellLine(journalist_, {"bundle", "import"}) + " <(cat " + Q(bundle) + ")");
  EXPECT_EQ(substituted.exit_code, 2) << substituted.err;
  EXPECT_NE(ErrorLine(substituted).find("save the bundle to a file"), std::string::npos)
      << substituted.err;
  // A FIFO, its writer in the background.
  const fs::path fifo = journalist_.root() / "bundle.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  RunResult from_fifo = Bash("(cat " + Q(bundle) + " > " + Q(fifo) + " &) ; " +
                             ShellLine(journalist_, {"bundle", "import", fifo.string()}) +
                             "; rc=$?; cat " + Q(fifo) + " > /dev/null 2>&1 & exit $rc");
  EXPECT_EQ(from_fifo.exit_code, 2) << from_fifo.err;
  EXPECT_EQ(JournalistTestimonies(), 0u);
  // Verify reads the same pipe in one pass, and the file imports.
  RunResult verified =
      Bash("cat " + Q(bundle) + " | " +
           ShellLine(journalist_, {"bundle", "verify", "/dev/stdin"}));
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  RunResult imported = journalist_.Run({"bundle", "import", bundle.string()});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(JournalistTestimonies(), 1u);
}

TEST_F(CliBundle, ASignerNoPeerHoldsIsAnIntegrityFailureNamingTheKey) {
  const fs::path bundle = Export({"--to", "journalist"});
  RunResult peers = journalist_.Run({"--json", "peer", "list"});
  ASSERT_EQ(peers.exit_code, 0) << peers.err;
  const std::string key_id = json::parse(peers.out)[0]["minisign_key_id"];
  ASSERT_FALSE(key_id.empty());
  ASSERT_EQ(journalist_.Run({"peer", "remove", "lawyer"}).exit_code, 0);
  // No peer has a minisign key at all.
  for (const char* command : {"verify", "import"}) {
    RunResult r = journalist_.Run({"bundle", command, bundle.string()});
    EXPECT_EQ(r.exit_code, 4) << command << ": " << r.err;
    const std::string e = ErrorLine(r);
    EXPECT_NE(e.find("SHA256SUMS.minisig was made by key " + key_id + ", "), std::string::npos)
        << e;
    EXPECT_NE(e.find("which is not an accepted signer"), std::string::npos) << e;
    EXPECT_NE(e.find("tvault peer add NAME --minisign-key RW..."), std::string::npos) << e;
    EXPECT_NE(e.find("--signer-key"), std::string::npos) << e;
  }
  EXPECT_EQ(JournalistTestimonies(), 0u);
  // Naming the key still works.
  EXPECT_EQ(journalist_.Run({"bundle", "verify", bundle.string(), "--signer-key", lawyer_key_})
                .exit_code,
            0);
}

TEST_F(CliBundle, AStatementLargerThanTheVaultAcceptsIsRefusedByVerify) {
  HandMadeBundle hand(journalist_, journalist_.root() / "hand");
  const fs::path statement = hand.files() / "statements/T-4K2M9P.v1";
  std::ofstream(statement, std::ios::binary) << "x";
  fs::resize_file(statement, kMaxStatementBytes + 1);  // zeros, sparse
  const fs::path big = hand.Build(1, "big.tvb");
  for (const char* command : {"verify", "import"}) {
    RunResult r = journalist_.Run({"bundle", command, big.string()});
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    const std::string e = ErrorLine(r);
    EXPECT_NE(e.find("larger than this vault accepts"), std::string::npos) << e;
    EXPECT_NE(e.find("268435456 bytes"), std::string::npos) << e;
    EXPECT_NE(e.find("statements/T-4K2M9P.v1"), std::string::npos) << e;
  }
  EXPECT_EQ(JournalistTestimonies(), 0u);
}

TEST(CliStatementLimit, TestimonyAddStatesTheExactLimit) {
  CliVault v;
  const std::string w = Trim(v.Run({"witness", "add", "--name", "W"}).out);
  const fs::path big = v.root() / "big.txt";
  std::ofstream(big, std::ios::binary) << "x";
  fs::resize_file(big, kMaxStatementBytes + 1);  // sparse
  RunResult r = v.Run({"testimony", "add", "--witness", w, "--file", big.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(ErrorLine(r).find("268435456 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(ErrorLine(r).find("268435457"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tvault::testing
