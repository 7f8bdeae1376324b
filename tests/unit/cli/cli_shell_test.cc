// tvault shell against the real binary: one unlock for many commands, each
// audited as if run alone, the vault free between commands, the idle lock,
// the shell's own rules for lines, and no history file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

// The witness id printed by `witness add`, from the shell's whole output.
std::string LastId(const std::string& out, char kind) {
  const std::size_t at = out.rfind(std::string(1, kind) + "-");
  return at == std::string::npos ? "" : out.substr(at, 7);
}

TEST(CliShell, RunsManyCommandsAfterOneUnlock) {
  CliVault v;
  Interactive sh(v.Args({"shell"}));
  sh.Send("witness add --name 'Ayşe Kaya' --phone '+90 555 0100'\n");
  ASSERT_TRUE(sh.WaitForOut("W-")) << sh.err();
  // The passphrase is not read again: the shell kept the unlock.
  fs::remove(v.pass_file());
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForOut("Ayşe Kaya")) << sh.err();
  sh.Send("witness show " + LastId(sh.out(), 'W') + "\nexit\n");
  RunResult r = sh.Finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "+90 555 0100")) << r.out;
}

TEST(CliShell, EachCommandIsAuditedAsIfRunAlone) {
  CliVault v;
  RunResult r = RunTvault(v.Args({"shell"}),
                          "witness add --name A\nwitness add --name B\nwitness list\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountEvents(v, "witness.add"), 2u);
  EXPECT_EQ(CountEvents(v, "witness.list"), 1u);
  EXPECT_EQ(v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliShell, TheVaultIsFreeWhileTheShellWaitsForInput) {
  CliVault v;
  Interactive sh(v.Args({"shell"}));
  sh.Send("witness add --name 'First'\n");
  ASSERT_TRUE(sh.WaitForOut("W-")) << sh.err();
  // Another tvault in a second terminal, not willing to wait at all.
  RunResult other = v.Run({"--wait", "0", "witness", "add", "--name", "Second"});
  EXPECT_EQ(other.exit_code, 0) << other.err;
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForOut("Second")) << sh.err();
  EXPECT_EQ(sh.Finish().exit_code, 0);
}

TEST(CliShell, TheIdleLockWipesTheUnlock) {
  CliVault v;
  const std::string pass = [&] {
    std::ifstream f(v.pass_file());
    return std::string(std::istreambuf_iterator<char>(f), {});
  }();
  Interactive sh(v.Args({"shell", "--idle-lock", "0.02"}));  // 1.2 s
  sh.Send("witness add --name 'Before the lock'\n");
  ASSERT_TRUE(sh.WaitForOut("W-")) << sh.err();
  ASSERT_TRUE(sh.WaitForErr("locked after 2 seconds without input")) << sh.err();
  // Locked: the next command needs the passphrase, and there is none now.
  fs::remove(v.pass_file());
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForErr("cannot open passphrase file")) << sh.err();
  EXPECT_FALSE(Has(sh.out(), "Before the lock"));
  // With the passphrase back, the shell unlocks again.
  v.WriteFile("pass", pass);
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForOut("Before the lock")) << sh.err();
  EXPECT_EQ(sh.Finish().exit_code, 0);
}

TEST(CliShell, APassphraseChangedElsewhereEndsTheUnlock) {
  CliVault v;
  Interactive sh(v.Args({"shell"}));
  sh.Send("witness add --name 'Kept'\n");
  ASSERT_TRUE(sh.WaitForOut("W-")) << sh.err();
  const fs::path fresh = v.WriteFile("fresh", "a fresh passphrase for the vault\n");
  RunResult change = v.Run({"passphrase", "change", "--new-passphrase-file", fresh.string(),
                            "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  ASSERT_EQ(change.exit_code, 0) << change.err;
  // The shell's unlock no longer counts; its passphrase file holds the old
  // passphrase, which fails as any wrong passphrase does (exit 3).
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForErr("was changed or removed; unlock again")) << sh.err();
  ASSERT_TRUE(sh.WaitForErr("wrong passphrase")) << sh.err();
  v.WriteFile("pass", "a fresh passphrase for the vault\n");
  sh.Send("witness list\n");
  ASSERT_TRUE(sh.WaitForOut("Kept")) << sh.err();
  EXPECT_EQ(sh.Finish().exit_code, 0);
}

TEST(CliShell, ExitsWithTheLastCommandsStatus) {
  CliVault v;
  EXPECT_EQ(RunTvault(v.Args({"shell"}), "witness show W-ABCDE\n").exit_code, 1);
  EXPECT_EQ(RunTvault(v.Args({"shell"}), "witness show W-ABCDE\nwitness list\n").exit_code, 0);
  EXPECT_EQ(RunTvault(v.Args({"shell"}), "witness list\nwitness show W-ABCDE\nexit\n").exit_code,
            1);
  EXPECT_EQ(RunTvault(v.Args({"shell"}), "").exit_code, 0);
  // No vault: the first unlock fails and says so, as any command would.
  RunResult none = RunTvault({"--vault", (v.root() / "none").string(), "--passphrase-file",
                              v.pass_file().string(), "shell"},
                             "witness list\n");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(Has(none.err, "no vault")) << none.err;
}

TEST(CliShell, LinesFollowTheShellsRules) {
  CliVault v;
  RunResult r = RunTvault(v.Args({"shell"}),
                          "--vault /tmp witness list\n"
                          "shell\n"
                          "init\n"
                          "witness add --name \"Zhou \\\"Ben\\\" Li\n"
                          "witness add --name \"Zhou \\\"Ben\\\" Li\" # a comment\n"
                          "\n"
                          "# a comment line\n"
                          "no-such-command\n"
                          "witness list\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "are set for the whole shell")) << r.err;
  EXPECT_TRUE(Has(r.err, "`shell` cannot run inside `tvault shell`")) << r.err;
  EXPECT_TRUE(Has(r.err, "`init` cannot run inside `tvault shell`")) << r.err;
  EXPECT_TRUE(Has(r.err, "a \" quote is not closed")) << r.err;
  EXPECT_TRUE(Has(r.err, "no-such-command")) << r.err;
  EXPECT_TRUE(Has(r.out, "Zhou \"Ben\" Li")) << r.out;
  EXPECT_EQ(CountEvents(v, "witness.add"), 1u);
}

TEST(CliShell, JsonAndReadOnlyApplyToEveryCommand) {
  CliVault v;
  ASSERT_EQ(v.Run({"witness", "add", "--name", "Ro"}).exit_code, 0);
  RunResult r = RunTvault(v.Args({"--read-only", "--json", "shell"}),
                          "witness list\nwitness add --name No\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.out, "\"name\":\"Ro\"") || Has(r.out, "\"name\": \"Ro\"")) << r.out;
  EXPECT_TRUE(Has(r.err, "drop --read-only")) << r.err;
}

// On a terminal: line editing by libedit, the prompt on the terminal, and
// nothing written to the home directory (no history file).
TEST(CliShell, OnATerminalLeavesNoHistoryFile) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  CliVault v;
  ScratchDir home;
  RunResult r = RunOnTerminal(
      {"env", "HOME=" + home.path().string(), TvaultBinary(), "--vault", v.dir().string(),
       "--passphrase-file", v.pass_file().string(), "shell"},
      "witness add --name 'Typed on a terminal'\nwitness list\nexit\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "tvault> ")) << r.out;
  EXPECT_TRUE(Has(r.out, "Typed on a terminal")) << r.out;
  EXPECT_TRUE(fs::is_empty(home.path())) << "the shell wrote into HOME";
  EXPECT_EQ(CountEvents(v, "witness.add"), 1u);
}

}  // namespace
}  // namespace tvault::testing
