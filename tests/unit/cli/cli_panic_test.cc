// tvault panic (issue #13) against the real binary: confirmation by phrase
// on a terminal, --yes without one, the report of what still exists, --json,
// and every sync point of it killed (strace): afterwards no passphrase opens
// the vault, and panic again finishes the job.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/sync_points.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A vault with a witness, a testimony and an evidence file.
struct Filled {
  CliVault v;
  Filled() {
    const std::string w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    const fs::path s = v.WriteFile("s", "statement\n");
    const std::string t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", s.string()}).out);
    EXPECT_EQ(v.Run({"evidence", "add", t, "--file", s.string()}).exit_code, 0);
  }
  bool Opens() const { return v.Run({"witness", "list"}).exit_code == 0; }
};

TEST(CliPanic, WithoutATerminalItNeedsYes) {
  Filled f;
  RunResult r = f.v.Run({"panic"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(ErrorLine(r),
            "panic destroys the vault for good and there is no terminal to confirm on: add --yes");
  EXPECT_TRUE(f.Opens());
}

TEST(CliPanic, YesDestroysAndSaysWhatStillExists) {
  Filled f;
  RunResult r = f.v.Run({"panic", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Destroyed the vault at " + f.v.dir().string() +
                             ": its keyslots were overwritten and synced after "))
      << r.out;
  EXPECT_TRUE(Has(r.out, "backups and copies of this vault folder")) << r.out;
  EXPECT_TRUE(Has(r.out, "bundles already sent")) << r.out;
  EXPECT_TRUE(Has(r.out, "on an SSD")) << r.out;
  EXPECT_TRUE(Has(r.out, "Recovery shares of this vault are now useless.")) << r.out;
  EXPECT_FALSE(fs::exists(f.v.dir()));
  RunResult after = f.v.Run({"witness", "list"});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_TRUE(Has(ErrorLine(after), "no vault at")) << after.err;
  // Again: there is nothing left to destroy.
  RunResult again = f.v.Run({"panic", "--yes"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(ErrorLine(again), "no vault at " + f.v.dir().string() +
                                  "; nothing was changed; run `tvault init` or pass --vault DIR");
}

TEST(CliPanic, JsonListsWhatWasRemoved) {
  Filled f;
  RunResult r = f.v.Run({"--json", "panic", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["vault"], f.v.dir().string());
  EXPECT_TRUE(j["keyslots_destroyed_ms"].is_number());
  EXPECT_EQ(j["another_command_running"], false);
  EXPECT_TRUE(j["left"].empty());
  const auto& removed = j["removed"];
  for (const char* name : {"vault.header", "vault.db", "evidence", "."}) {
    EXPECT_NE(std::find(removed.begin(), removed.end(), name), removed.end()) << name;
  }
}

TEST(CliPanic, OnATerminalThePhraseMustBeTyped) {
  Filled f;
  const auto args = f.v.Argv({"panic"});
  for (const std::string& typed : {std::string("yes\n"), std::string("\n"), std::string("")}) {
    RunResult no = RunOnTerminal(args, typed);
    EXPECT_EQ(no.exit_code, 1) << no.out;
    EXPECT_TRUE(Has(no.out, "Type \"destroy this vault\" to panic (anything else cancels)"))
        << no.out;
    EXPECT_TRUE(Has(no.out, "panic cancelled: \"destroy this vault\" was not typed; nothing was "
                            "changed"))
        << no.out;
    EXPECT_TRUE(f.Opens());
  }
  RunResult yes = RunOnTerminal(args, "Destroy this vault\n");
  EXPECT_EQ(yes.exit_code, 0) << yes.out;
  EXPECT_FALSE(fs::exists(f.v.dir()));
}

TEST(CliPanic, ReadOnlyAndNoVaultAreRefusedBeforeAnything) {
  Filled f;
  RunResult ro = f.v.Run({"--read-only", "panic", "--yes"});
  EXPECT_EQ(ro.exit_code, 2);
  EXPECT_EQ(ErrorLine(ro), "`tvault panic` destroys the vault; drop --read-only");
  EXPECT_TRUE(f.Opens());
  const fs::path empty = f.v.root() / "empty";
  fs::create_directory(empty);
  RunResult none = RunTvault({"--vault", empty.string(), "panic", "--yes"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(fs::exists(empty));
}

// SIGKILL at every sync point and unlink of `panic --yes`: each state left
// is one no passphrase opens (never a vault that opens with a wrong key or
// shows its records), and panic run again removes the rest.
TEST(CliPanicCrash, EverySyncPointLeavesNothingThatOpens) {
  std::map<std::string, int> counts;
  {
    Filled f;
    counts = CountCalls(kDurableAndLinkCalls, f.v.Args({"panic", "--yes"}),
                        f.v.root() / "trace");
  }
  ASSERT_GE(counts["fsync"], 2) << "the header's sync and the directory's";
  ForEachSyncPoint(counts, "panic", [](const std::string& call, int k) {
    Filled f;
    const std::string where = call + " #" + std::to_string(k);
    RunResult killed = RunUnderStrace(KillAt(call, k), f.v.Args({"panic", "--yes"}));
    const bool died = killed.exit_code != 0;
    RunResult open = f.v.Run({"witness", "list"});
    EXPECT_NE(open.exit_code, 0) << where << ": the vault still opens:\n" << open.out;
    EXPECT_TRUE(open.exit_code == 1 || open.exit_code == 4) << where << ": " << open.err;
    EXPECT_FALSE(Has(open.out, "Amal")) << where;
    // Killed before the database went: panic finishes the job. After it,
    // at most the emptied folder is left.
    const bool database_left = fs::exists(f.v.dir() / "vault.db");
    RunResult again = f.v.Run({"panic", "--yes"});
    if (database_left) {
      EXPECT_EQ(again.exit_code, 0) << where << ": " << again.err;
    }
    EXPECT_TRUE(!fs::exists(f.v.dir()) || fs::is_empty(f.v.dir())) << where;
    return died;
  });
}

}  // namespace
}  // namespace tvault::testing
