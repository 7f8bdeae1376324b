// `evidence add` and `shred` of a testimony with evidence, killed at every
// sync point (fsync, fdatasync, rename, link, unlink: SQLite's commit is the
// unlink of its journal), with strace's syscall fault injection as in
// cli_header_crash_test.cc. Every state the next command sees has the new
// evidence either whole with its row and event, or gone without a row;
// never a row without a readable file, and never a deleted complete file of
// another record (docs/format.md, section 4.5; tvault #15, item 4).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "support/cli_runner.h"
#include "support/sync_points.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A testimony with one evidence file, plus a second testimony whose
// evidence no crash may touch.
struct Scene {
  CliVault v;
  std::string keep_t, keep_e, doomed_t, doomed_e;
  fs::path new_file;
  std::string new_bytes = "a recording added while the power failed";

  Scene() {
    const std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
    const fs::path st = v.WriteFile("statement", "what I saw");
    keep_t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", st.string()}).out);
    doomed_t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", st.string()}).out);
    keep_e = Trim(v.Run({"evidence", "add", keep_t, "--file",
                         v.WriteFile("keep", "evidence that must survive").string()}).out);
    doomed_e = Trim(v.Run({"evidence", "add", doomed_t, "--file",
                           v.WriteFile("doomed", "evidence of a shredded testimony").string()})
                        .out);
    new_file = v.WriteFile("new", new_bytes);
  }

  std::vector<std::string> EvidenceNames() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(v.dir() / "evidence"))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string Get(const std::string& id) const {
    RunResult r = v.Run({"evidence", "get", id});
    EXPECT_EQ(r.exit_code, 0) << id << ": " << r.err;
    return r.out;
  }

  int Events(const std::string& action) const {
    RunResult log = v.Run({"--json", "audit", "log"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    int n = 0;
    for (const auto& e : json::parse(log.out)) n += e["action"] == action;
    return n;
  }
};

// Kills the command of `args_of` at every sync point, then checks with
// `expect` what the next commands see.
void KillAtEverySyncPoint(const std::vector<std::string>& args_of(const Scene&),
                          void expect(Scene&, const std::string&)) {
  std::map<std::string, int> counts;
  {
    Scene s;
    counts = CountCalls(kDurableAndLinkCalls, s.v.Args(args_of(s)), s.v.root() / "trace");
  }
  ForEachSyncPoint(counts, "evidence", [&](const std::string& call, int k) {
    Scene s;
    RunResult r = RunUnderStrace(KillAt(call, k), s.v.Args(args_of(s)));
    expect(s, "SIGKILL at " + call + " #" + std::to_string(k));
    return r.exit_code != 0;
  });
}

void ExpectOthersIntact(Scene& s, const std::string& where) {
  EXPECT_EQ(s.Get(s.keep_e), "evidence that must survive") << where;
  RunResult check = s.v.Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << where << ": " << check.err;
  RunResult verify = s.v.Run({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << where << ": " << verify.err;
  for (const std::string& name : s.EvidenceNames()) {
    EXPECT_EQ(name.find(".pending"), std::string::npos) << where << ": " << name << " remains";
    EXPECT_NE(name[0], '.') << where << ": temporary " << name << " remains";
  }
}

const std::vector<std::string>& AddArgs(const Scene& s) {
  static thread_local std::vector<std::string> args;
  args = {"evidence", "add", s.keep_t, "--file", s.new_file.string()};
  return args;
}

void ExpectAddBeforeOrAfter(Scene& s, const std::string& where) {
  RunResult list = s.v.Run({"--json", "evidence", "list", s.keep_t});
  ASSERT_EQ(list.exit_code, 0) << where << ": " << list.err;
  const json rows = json::parse(list.out);
  ASSERT_TRUE(rows.size() == 1 || rows.size() == 2) << where << ": " << rows.size() << " rows";
  if (rows.size() == 2) {
    const std::string added = rows[0]["id"] == s.keep_e ? rows[1]["id"] : rows[0]["id"];
    EXPECT_EQ(s.Get(added), s.new_bytes) << where << ": a row without its readable file";
    EXPECT_TRUE(fs::exists(s.v.dir() / "evidence" / (added + ".tve"))) << where;
  }
  EXPECT_EQ(s.Events("evidence.add"), static_cast<int>(rows.size()) + 1) << where;
  EXPECT_EQ(s.EvidenceNames().size(), rows.size() + 1) << where;
  ExpectOthersIntact(s, where);
}

const std::vector<std::string>& ShredArgs(const Scene& s) {
  static thread_local std::vector<std::string> args;
  args = {"shred", "--yes", s.doomed_t, "--reason", "consent withdrawn"};
  return args;
}

void ExpectShredBeforeOrAfter(Scene& s, const std::string& where) {
  RunResult show = s.v.Run({"--json", "evidence", "list", s.doomed_t});
  const bool shredded = show.exit_code != 0;
  const fs::path file = s.v.dir() / "evidence" / (s.doomed_e + ".tve");
  if (shredded) {
    EXPECT_FALSE(fs::exists(file)) << where << ": the file of a shredded record remains";
    EXPECT_EQ(s.Events("shred"), 1) << where;
  } else {
    EXPECT_EQ(s.Get(s.doomed_e), "evidence of a shredded testimony") << where;
    EXPECT_EQ(s.Events("shred"), 0) << where;
  }
  ExpectOthersIntact(s, where);
}

TEST(EvidenceCrash, AddKilledAtEverySyncPointLeavesBeforeOrAfter) {
  if (!HaveProgram("strace")) GTEST_SKIP() << "strace is not installed";
  KillAtEverySyncPoint(AddArgs, ExpectAddBeforeOrAfter);
}

TEST(EvidenceCrash, ShredKilledAtEverySyncPointLeavesBeforeOrAfter) {
  if (!HaveProgram("strace")) GTEST_SKIP() << "strace is not installed";
  KillAtEverySyncPoint(ShredArgs, ExpectShredBeforeOrAfter);
}

}  // namespace
}  // namespace tvault::testing
