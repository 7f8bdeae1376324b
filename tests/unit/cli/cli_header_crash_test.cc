// A keyslot or passphrase change is one audited step (docs/format.md,
// section 2.4): SIGKILL injected at every sync point (fsync, fdatasync,
// rename) of `keyslot add`, `keyslot remove` and `passphrase change` leaves
// either the old header and no event, or the new header and its event, as
// seen by the next command; never a working new keyslot the log does not
// record. The kills are placed with strace's syscall fault injection.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "support/cli_runner.h"
#include "support/sync_points.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
using nlohmann::json;

struct Change {
  const char* name;
  std::vector<std::string> args;      // after the global options
  bool needs_second_slot = false;     // keyslot remove: a slot 2 to remove
  const char* action;                 // the audit event it must leave
};

void PrintTo(const Change& c, std::ostream* os) { *os << c.name; }

class HeaderChangeCrash : public ::testing::TestWithParam<Change> {
 protected:
  // A vault (and, for remove, a second keyslot) as the change finds it.
  std::unique_ptr<CliVault> Fresh() {
    auto v = std::make_unique<CliVault>();
    new_pass_ = v->WriteFile("new-pass", "a different passphrase\n");
    if (GetParam().needs_second_slot) {
      auto second = v->WriteFile("second", "second passphrase\n");
      EXPECT_EQ(v->Run({"keyslot", "add", "--new-passphrase-file", second.string(),
                        "--kdf-memory-mib", "64", "--kdf-passes", "1"}).exit_code, 0);
    }
    return v;
  }

  std::vector<std::string> ChangeArgs(const CliVault& v) const {
    std::vector<std::string> args = GetParam().args;
    for (auto& a : args)
      if (a == "@NEW") a = new_pass_.string();
    return v.Args(args);
  }

  // The state the next command sees: exactly one of "before" (old header, no
  // event) and "after" (new header, its event), and an intact log.
  void ExpectBeforeOrAfter(CliVault& v, const std::string& where) {
    const Change& c = GetParam();
    const bool passphrase_change = std::string(c.action) == "passphrase.change";
    // Opening is what completes an interrupted change, so open first, with
    // the passphrase that the header on disk accepts.
    RunResult slots = v.Run({"--json", "keyslot", "list"});
    if (slots.exit_code == 3 && passphrase_change) {
      slots = RunTvault({"--vault", v.dir().string(), "--passphrase-file", new_pass_.string(),
                         "--json", "keyslot", "list"});
    }
    ASSERT_EQ(slots.exit_code, 0) << where << ": " << slots.err;
    const std::size_t slot_count = json::parse(slots.out).size();
    // After one open, the header on disk is final: which passphrase opens now?
    auto opens = [&](const std::filesystem::path& pass, std::vector<std::string> args) {
      std::vector<std::string> argv = {"--vault", v.dir().string(), "--passphrase-file",
                                       pass.string()};
      argv.insert(argv.end(), args.begin(), args.end());
      return RunTvault(argv);
    };
    const bool new_opens = opens(new_pass_, {"keyslot", "list"}).exit_code == 0;
    const bool old_opens = opens(v.pass_file(), {"keyslot", "list"}).exit_code == 0;
    const auto& pass_now = old_opens ? v.pass_file() : new_pass_;
    RunResult log = opens(pass_now, {"--json", "audit", "log"});
    ASSERT_EQ(log.exit_code, 0) << where << ": " << log.err;
    int events = 0;
    for (const auto& e : json::parse(log.out)) events += e["action"] == c.action;

    bool changed = false;
    if (passphrase_change) {
      EXPECT_NE(new_opens, old_opens) << where << ": exactly one passphrase opens";
      changed = new_opens;
    } else if (std::string(c.action) == "keyslot.add") {
      changed = slot_count == 2;
      EXPECT_EQ(new_opens, changed) << where;
    } else {
      changed = slot_count == 1;
    }
    EXPECT_EQ(events, changed ? 1 : 0)
        << where << ": the header " << (changed ? "changed" : "did not change") << " but the log has "
        << events << " " << c.action << " event(s)";
    RunResult verified = opens(pass_now, {"audit", "verify"});
    EXPECT_EQ(verified.exit_code, 0) << where << ": " << verified.err;
  }

  std::filesystem::path new_pass_;
};

TEST_P(HeaderChangeCrash, EverySyncPointLeavesBeforeOrAfter) {
  if (!HaveProgram("strace")) GTEST_SKIP() << "strace is not installed";
  std::map<std::string, int> counts;
  {
    auto v = Fresh();
    counts = CountCalls(kDurableCalls, ChangeArgs(*v), v->root() / "trace");
  }
  ForEachSyncPoint(counts, GetParam().name, [&](const std::string& call, int k) {
    auto v = Fresh();
    RunResult r = RunUnderStrace(KillAt(call, k), ChangeArgs(*v));
    ExpectBeforeOrAfter(*v, std::string(GetParam().name) + ", SIGKILL at " + call + " #" +
                                std::to_string(k));
    return r.exit_code != 0;
  });
}

INSTANTIATE_TEST_SUITE_P(
    Changes, HeaderChangeCrash,
    ::testing::Values(
        Change{"KeyslotAdd",
               {"keyslot", "add", "--new-passphrase-file", "@NEW", "--kdf-memory-mib", "64",
                "--kdf-passes", "1"},
               false, "keyslot.add"},
        Change{"KeyslotRemove", {"keyslot", "remove", "2"}, true, "keyslot.remove"},
        Change{"PassphraseChange",
               {"passphrase", "change", "--new-passphrase-file", "@NEW", "--kdf-memory-mib", "64",
                "--kdf-passes", "1"},
               false, "passphrase.change"}),
    [](const ::testing::TestParamInfo<Change>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace tvault::testing
