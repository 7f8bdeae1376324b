// A keyslot or passphrase change is one audited step (docs/format.md,
// section 2.4): SIGKILL injected at every sync point (fsync, fdatasync,
// rename) of `keyslot add`, `keyslot remove` and `passphrase change` leaves
// either the old header and no event, or the new header and its event, as
// seen by the next command; never a working new keyslot the log does not
// record. The kills are placed with strace's syscall fault injection.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "support/cli_runner.h"
#include "support/sweep.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
using nlohmann::json;

const std::vector<std::string> kSyncCalls = {"fsync", "fdatasync", "rename", "renameat",
                                             "renameat2"};

struct Change {
  const char* name;
  std::vector<std::string> args;      // after the global options
  bool needs_second_slot = false;     // keyslot remove: a slot 2 to remove
  const char* action;                 // the audit event it must leave
};

void PrintTo(const Change& c, std::ostream* os) { *os << c.name; }

std::string Join(const std::vector<std::string>& v, char sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(1, sep)) + x;
  return s;
}

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

  // strace around tvault; `extra` selects tracing or injection.
  RunResult Traced(const CliVault& v, const std::vector<std::string>& extra) const {
    // LeakSanitizer cannot run under ptrace: in a sanitizer build it would
    // fail every traced run at exit, so the traced tvault runs without it.
    std::string asan = "ASAN_OPTIONS=";
    if (const char* options = std::getenv("ASAN_OPTIONS")) asan += std::string(options) + ":";
    asan += "detect_leaks=0";
    std::vector<std::string> argv = {"/usr/bin/env", asan, "strace", "-f", "-qq"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(TvaultBinary());
    for (const auto& a : ChangeArgs(v)) argv.push_back(a);
    return RunProgram(argv);
  }

  // How many times an uninterrupted change makes each sync call.
  std::map<std::string, int> CountSyncCalls() {
    auto v = Fresh();
    const auto trace = v->root() / "trace";
    RunResult r = Traced(*v, {"-o", trace.string(), "-e", "trace=" + Join(kSyncCalls, ',')});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, int> counts;
    std::ifstream in(trace);
    for (std::string line; std::getline(in, line);) {
      for (const auto& call : kSyncCalls) {
        const auto at = line.find(call + "(");
        if (at != std::string::npos && (at == 0 || line[at - 1] == ' ')) ++counts[call];
      }
    }
    return counts;
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
  const std::map<std::string, int> counts = CountSyncCalls();
  int total = 0;
  for (const auto& [call, n] : counts) total += n;
  ASSERT_GT(total, 0) << "no sync call seen: the trace is not working";
  int killed = 0;
  for (const auto& [call, n] : counts) {
    for (int k = 1; k <= n; ++k) {
      if (!InSweep(static_cast<std::size_t>(k - 1), static_cast<std::size_t>(n))) continue;
      auto v = Fresh();
      const std::string where = std::string(GetParam().name) + ", SIGKILL at " + call + " #" +
                                std::to_string(k);
      RunResult r = Traced(*v, {"-o", "/dev/null", "-e", "trace=" + call, "-e",
                                "inject=" + call + ":signal=SIGKILL:when=" + std::to_string(k)});
      killed += r.exit_code != 0;
      ExpectBeforeOrAfter(*v, where);
    }
  }
  int tried = 0;
  for (const auto& [call, n] : counts)
    for (int k = 0; k < n; ++k)
      tried += InSweep(static_cast<std::size_t>(k), static_cast<std::size_t>(n));
  std::cout << "[ crash ] " << GetParam().name << ": " << total << " sync points, " << tried
            << " tried, " << killed << " runs killed\n";
  EXPECT_EQ(killed, tried) << "every injected kill must end the run";
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
