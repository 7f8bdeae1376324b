// Reading (tvault #12): `testimony show --info`, and `testimony list` /
// `witness list` with filters and, on a terminal, aligned columns.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Two witnesses; Amal has testimonies titled "证词" (two versions) and
// "abcd", Bo one titled "x".
struct Lists {
  CliVault v;
  std::string amal, bo, t1, t2, t3;
  Lists() {
    amal = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    bo = Trim(v.Run({"witness", "add", "--name", "Bo"}).out);
    t1 = Add(amal, "证词", "first\n");
    const fs::path second = v.WriteFile("second.txt", "second, longer\n");
    EXPECT_EQ(v.Run({"testimony", "amend", t1, "--file", second.string(), "--reason", "fix"})
                  .exit_code, 0);
    t2 = Add(amal, "abcd", "two\n");
    t3 = Add(bo, "x", "three\n");
  }
  std::string Add(const std::string& w, const std::string& title, const std::string& text) {
    const fs::path f = v.WriteFile("s-" + text.substr(0, 3), text);
    return Trim(v.Run({"testimony", "add", "--witness", w, "--title", title, "--file",
                       f.string()}).out);
  }
};

std::size_t Lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(CliTestimonyShowInfo, ReadableBlockWithoutTheStatement) {
  Lists l;
  RunResult bytes = l.v.Run({"testimony", "show", l.t1});
  EXPECT_EQ(bytes.out, "second, longer\n") << "show without --info is unchanged";

  json latest = json::parse(l.v.Run({"--json", "testimony", "show", l.t1}).out);
  RunResult info = l.v.Run({"testimony", "show", l.t1, "--info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_TRUE(Has(info.out, "id:           " + l.t1 + "\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "witness:      " + l.amal + "\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "version:      2 of 2\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "size:         15 bytes\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "sha256:       " + latest["sha256"].get<std::string>() + "\n"));
  EXPECT_TRUE(Has(info.out, "reason:       fix\n")) << info.out;
  EXPECT_TRUE(Has(info.out, "title:        证词\n")) << info.out;
  EXPECT_FALSE(Has(info.out, "second, longer")) << "the statement is not part of --info";
  EXPECT_FALSE(Has(info.out, "place:")) << "empty fields are left out";

  RunResult v1 = l.v.Run({"testimony", "show", l.t1, "--info", "--version", "1"});
  EXPECT_TRUE(Has(v1.out, "version:      1 of 2\n")) << v1.out;
  EXPECT_TRUE(Has(v1.out, "size:         6 bytes\n")) << v1.out;

  json j = json::parse(l.v.Run({"--json", "testimony", "show", l.t1, "--info"}).out);
  EXPECT_FALSE(j.contains("statement"));
  EXPECT_FALSE(j.contains("statement_encoding"));
  EXPECT_EQ(j["sha256"], latest["sha256"]);
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["size_bytes"], 15);
  EXPECT_EQ(j["title"], "证词");
}

TEST(CliLists, PipedOutputKeepsItsLineFormat) {
  Lists l;
  RunResult t = l.v.Run({"testimony", "list"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(Lines(t.out), 3u) << "no header in a pipe: " << t.out;
  EXPECT_TRUE(Has(t.out, l.t1 + "  " + l.amal + "  证词  v2  ")) << t.out;
  RunResult w = l.v.Run({"witness", "list"});
  EXPECT_EQ(Lines(w.out), 2u) << w.out;
  EXPECT_TRUE(Has(w.out, "  2 testimonies  Amal\n")) << w.out;
}

TEST(CliLists, WitnessAndSinceFilters) {
  Lists l;
  RunResult amal = l.v.Run({"testimony", "list", "--witness", l.amal});
  EXPECT_EQ(Lines(amal.out), 2u) << amal.out;
  EXPECT_FALSE(Has(amal.out, l.t3)) << amal.out;
  json bo = json::parse(l.v.Run({"--json", "testimony", "list", "--witness", l.bo}).out);
  ASSERT_EQ(bo.size(), 1u);
  EXPECT_EQ(bo[0]["id"], l.t3);

  EXPECT_EQ(Lines(l.v.Run({"testimony", "list", "--since", "2000-01-01"}).out), 3u);
  EXPECT_EQ(l.v.Run({"testimony", "list", "--since", "2999-01-01"}).out, "");
  EXPECT_EQ(Lines(l.v.Run({"witness", "list", "--since", "2000-01-01"}).out), 2u);
  EXPECT_EQ(l.v.Run({"--json", "witness", "list", "--since", "2999-12-31"}).out, "[]\n");
}

TEST(CliLists, BadFiltersAreRefusedBeforeThePassphrase) {
  Lists l;
  const fs::path wrong = l.v.WriteFile("wrong-pass", "not the passphrase\n");
  auto run = [&](std::vector<std::string> args) {
    std::vector<std::string> all = {"--vault", l.v.dir().string(), "--passphrase-file",
                                    wrong.string()};
    all.insert(all.end(), args.begin(), args.end());
    return RunTvault(all);
  };
  for (const char* date : {"2026-02-30", "yesterday", "2026-1-5", "2026-01-05T10:00:00Z"}) {
    RunResult r = run({"testimony", "list", "--since", date});
    EXPECT_EQ(r.exit_code, 2) << date << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "--since must be a calendar date written YYYY-MM-DD (UTC)")) << r.err;
    EXPECT_EQ(run({"witness", "list", "--since", date}).exit_code, 2) << date;
  }
  RunResult kind = run({"testimony", "list", "--witness", l.t1});
  EXPECT_EQ(kind.exit_code, 2) << kind.err;
  EXPECT_TRUE(Has(kind.err, "--witness")) << kind.err;
  EXPECT_FALSE(fs::exists(l.v.dir() / "unlock-failures")) << "the vault was unlocked first";
}

TEST(CliLists, TerminalGetsAlignedColumnsByDisplayWidth) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  Lists l;
  RunResult t = RunOnTerminal(l.v.Argv({"testimony", "list"}));
  ASSERT_EQ(t.exit_code, 0) << t.out;
  EXPECT_TRUE(Has(t.out, "ID        WITNESS  TITLE  VERSIONS  CREATED\r\n")) << t.out;
  // "证词" is 6 bytes but 4 columns wide: padded like "abcd", by one space
  // to the width of "TITLE", then the two-space gap.
  EXPECT_TRUE(Has(t.out, "  证词   2         ")) << t.out;
  EXPECT_TRUE(Has(t.out, "  abcd   1         ")) << t.out;
  EXPECT_TRUE(Has(t.out, "  x      1         ")) << t.out;

  RunResult w = RunOnTerminal(l.v.Argv({"witness", "list", "--since", "2000-01-01"}));
  ASSERT_EQ(w.exit_code, 0) << w.out;
  EXPECT_TRUE(Has(w.out, "ID" + std::string(5 + 2, ' ') + "CREATED" + std::string(13 + 2, ' ') +
                           "TESTIMONIES  NAME\r\n")) << w.out;
  EXPECT_TRUE(Has(w.out, "  2" + std::string(10 + 2, ' ') + "Amal\r\n")) << w.out;
}

}  // namespace
}  // namespace tvault::testing
