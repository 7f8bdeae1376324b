// tvault case add/list/show/edit/assign/unassign and the --case options of
// witness add, testimony add, the lists and export, against the real binary
// (tvault #12, "Cases"). These commands and options did not exist before.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::size_t EventCount(const CliVault& v) {
  return json::parse(v.Run({"--json", "audit", "log"}).out).size();
}

// One line on standard error, "tvault: error: ...", containing `what`.
void ExpectOneLineError(const RunResult& r, int exit_code, const std::string& what) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_TRUE(r.err.starts_with("tvault: error: ")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(Has(r.err, what)) << r.err << " lacks " << what;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// A vault with one witness, two testimonies and one case.
struct CaseWork {
  CliVault v;
  std::string w, t1, t2, c;
  CaseWork() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    const fs::path one = v.WriteFile("one.txt", "first statement\n");
    const fs::path two = v.WriteFile("two.txt", "second statement\n");
    RunResult added = v.Run({"testimony", "add", "--witness", w, "--file", one.string(),
                             "--file", two.string()});
    std::string out = added.out;
    t1 = out.substr(0, out.find('\n'));
    t2 = Trim(out.substr(out.find('\n') + 1));
    c = Trim(v.Run({"case", "add", "--title", "Xinjiang detention \xE2\x80\x93 UN submission 2027",
                    "--reference", "UN-123"}).out);
  }
};

TEST(CliCase, AddListShowEdit) {
  CaseWork k;
  ASSERT_EQ(k.c.size(), 7u) << k.c;
  EXPECT_EQ(k.c.substr(0, 2), "C-");

  RunResult show = k.v.Run({"case", "show", k.c});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Has(show.out, "version:      1")) << show.out;
  EXPECT_TRUE(Has(show.out, "title:        Xinjiang detention \xE2\x80\x93 UN submission 2027"));
  EXPECT_TRUE(Has(show.out, "reference:    UN-123"));

  RunResult edit = k.v.Run({"case", "edit", k.c, "--notes", "hearing in May"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  EXPECT_EQ(Trim(edit.out), k.c + " v2");
  json j = json::parse(k.v.Run({"--json", "case", "show", k.c}).out);
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["notes"], "hearing in May");
  EXPECT_EQ(j["reference"], "UN-123");  // kept

  // The same values again: refused, nothing stored.
  ExpectOneLineError(k.v.Run({"case", "edit", k.c, "--notes", "hearing in May"}), 1,
                     "version 2");
  ExpectOneLineError(k.v.Run({"case", "edit", k.c}), 2, "--title, --reference or --notes");
  EXPECT_EQ(json::parse(k.v.Run({"--json", "case", "show", k.c}).out)["version"], 2);

  json list = json::parse(k.v.Run({"--json", "case", "list"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], k.c);
  EXPECT_EQ(list[0]["versions"], 2);
  EXPECT_EQ(list[0]["title"], "Xinjiang detention \xE2\x80\x93 UN submission 2027");
  RunResult text = k.v.Run({"case", "list"});
  EXPECT_TRUE(Has(text.out, k.c + "  ")) << text.out;
  json added = json::parse(k.v.Run({"--json", "case", "add", "--title", "Second"}).out);
  EXPECT_EQ(added["id"].get<std::string>().substr(0, 2), "C-");

  EXPECT_EQ(CountEvents(k.v, "case.add"), 2u);
  EXPECT_EQ(CountEvents(k.v, "case.edit"), 1u);
  EXPECT_EQ(k.v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliCase, TitlesNeverReachTheAuditLog) {
  CaseWork k;
  RunResult log = k.v.Run({"--json", "audit", "log"});
  EXPECT_FALSE(Has(log.out, "Xinjiang")) << log.out;
  EXPECT_FALSE(Has(log.out, "UN-123")) << log.out;
  RunResult exported = k.v.Run({"audit", "export", "--out", (k.v.root() / "log").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
}

TEST(CliCase, TextIsEscapedOnceInHumanOutput) {
  CliVault v;
  const std::string c = Trim(v.Run({"case", "add", "--title", "evil\x1b[31m title"}).out);
  RunResult show = v.Run({"case", "show", c});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_FALSE(Has(show.out, "\x1b")) << show.out;
  EXPECT_TRUE(Has(show.out, "title:        evil\\u{001B}[31m title\n")) << show.out;
}

TEST(CliCase, AssignUnassignAndFilters) {
  CaseWork k;
  RunResult a = k.v.Run({"case", "assign", k.c, k.w, k.t1});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(Trim(a.out), "assigned to " + k.c + ": " + k.w + " " + k.t1);

  json tl = json::parse(k.v.Run({"--json", "testimony", "list", "--case", k.c}).out);
  ASSERT_EQ(tl.size(), 1u);
  EXPECT_EQ(tl[0]["id"], k.t1);
  json wl = json::parse(k.v.Run({"--json", "witness", "list", "--case", k.c}).out);
  ASSERT_EQ(wl.size(), 1u);
  EXPECT_EQ(wl[0]["id"], k.w);
  EXPECT_EQ(json::parse(k.v.Run({"--json", "testimony", "list"}).out).size(), 2u);

  json show = json::parse(k.v.Run({"--json", "case", "show", k.c}).out);
  EXPECT_EQ(show["witnesses"], json::array({k.w}));
  EXPECT_EQ(show["testimonies"], json::array({k.t1}));

  // The testimony's and the witness's custody reports show the assignment.
  for (const std::string& id : {k.t1, k.w}) {
    RunResult custody = k.v.Run({"--json", "custody", id});
    ASSERT_EQ(custody.exit_code, 0) << custody.err;
    EXPECT_TRUE(Has(custody.out, "\"case.assign\"")) << id;
  }

  RunResult u = k.v.Run({"case", "unassign", k.c, k.t1});
  ASSERT_EQ(u.exit_code, 0) << u.err;
  EXPECT_EQ(json::parse(k.v.Run({"--json", "testimony", "list", "--case", k.c}).out).size(), 0u);
  EXPECT_TRUE(Has(k.v.Run({"--json", "custody", k.t1}).out, "\"case.unassign\""));
  EXPECT_EQ(CountEvents(k.v, "case.assign"), 1u);
  EXPECT_EQ(CountEvents(k.v, "case.unassign"), 1u);
  EXPECT_EQ(k.v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliCase, BadInputIsOneLineAndChangesNothing) {
  CaseWork k;
  ASSERT_EQ(k.v.Run({"case", "assign", k.c, k.t1}).exit_code, 0);
  const std::size_t before = EventCount(k.v);
  struct Bad {
    std::vector<std::string> args;
    int exit_code;
    std::string says;
  };
  const std::vector<Bad> bad = {
      {{"case", "show", "C-12"}, 2, "is not a record id"},
      {{"case", "show", k.w}, 2, "ID takes a case id (C-...); " + k.w + " is a witness id"},
      {{"case", "show", "C-00000"}, 1, "no case C-00000 in this vault"},
      {{"case", "assign", "C-00000", k.t2}, 1, "no case C-00000 in this vault"},
      {{"case", "assign", k.c, k.t2, k.t1}, 1, k.t1 + " is already in case " + k.c},
      {{"case", "assign", k.c, "T-000000"}, 1, "no testimony T-000000"},
      {{"case", "assign", k.c, k.c}, 2, "only witnesses (W-...) and testimonies (T-...)"},
      {{"case", "assign", k.t1, k.t2}, 2, "CASE takes a case id"},
      {{"case", "unassign", k.c, k.t2}, 1, k.t2 + " is not in case " + k.c},
      {{"case", "edit", "C-00000", "--title", "x"}, 1, "no case C-00000"},
      {{"case", "add", "--title", "bad \xFF byte"}, 2, "--title is not valid UTF-8"},
      {{"case", "add", "--title", "ok", "--notes", "\xC0\x80"}, 2, "--notes is not valid UTF-8"},
      {{"testimony", "list", "--case", k.t1}, 2, "--case takes a case id"},
      {{"testimony", "list", "--case", "C-00000"}, 1, "no case C-00000"},
      {{"witness", "list", "--case", "C-00000"}, 1, "no case C-00000"},
      {{"witness", "add", "--name", "X", "--case", "C-00000"}, 1, "no case C-00000"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.args[0] + " " + b.args[1]);
    ExpectOneLineError(k.v.Run(b.args), b.exit_code, b.says);
  }
  // Only views were logged (case show/list are views of nothing here:
  // every failure above happened before any change).
  EXPECT_EQ(CountEvents(k.v, "case.assign"), 1u);
  EXPECT_EQ(CountEvents(k.v, "case.add"), 1u);
  EXPECT_EQ(CountEvents(k.v, "case.edit"), 0u);
  EXPECT_EQ(CountEvents(k.v, "witness.add"), 1u);
  EXPECT_GE(EventCount(k.v), before);
  json show = json::parse(k.v.Run({"--json", "case", "show", k.c}).out);
  EXPECT_EQ(show["testimonies"], json::array({k.t1}));
  EXPECT_EQ(k.v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliCase, ShreddedRecordsLeaveTheirCases) {
  CaseWork k;
  ASSERT_EQ(k.v.Run({"case", "assign", k.c, k.t1}).exit_code, 0);
  // --yes where shred asks for confirmation without a terminal; a shred
  // without that option refuses it (exit 2, nothing done) and runs without.
  RunResult shred = k.v.Run({"shred", k.t1, "--reason", "asked", "--yes"});
  if (shred.exit_code == 2) shred = k.v.Run({"shred", k.t1, "--reason", "asked"});
  ASSERT_EQ(shred.exit_code, 0) << shred.err;
  EXPECT_EQ(json::parse(k.v.Run({"--json", "case", "show", k.c}).out)["testimonies"].size(), 0u);
  ExpectOneLineError(k.v.Run({"case", "assign", k.c, k.t1}), 1, "was shredded");
  json log = json::parse(k.v.Run({"--json", "audit", "log"}).out);
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const json& e) {
    return e["action"] == "case.unassign" && e.value("detail", "") == "shred";
  })) << log.dump();
  EXPECT_EQ(k.v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliCase, IntakeWithACase) {
  CaseWork k;
  const std::string w = Trim(k.v.Run({"witness", "add", "--name", "B", "--case", k.c}).out);
  const fs::path f = k.v.WriteFile("three.txt", "third\n");
  RunResult t = k.v.Run({"testimony", "add", "--witness", w, "--file", f.string(), "--case", k.c});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  json show = json::parse(k.v.Run({"--json", "case", "show", k.c}).out);
  EXPECT_EQ(show["witnesses"], json::array({w}));
  EXPECT_EQ(show["testimonies"], json::array({Trim(t.out)}));
  // An unknown case is refused before anything is stored.
  ExpectOneLineError(
      k.v.Run({"testimony", "add", "--witness", w, "--file", f.string(), "--case", "C-00000"}), 1,
      "no case C-00000");
  EXPECT_EQ(json::parse(k.v.Run({"--json", "testimony", "list"}).out).size(), 3u);
  // A malformed one before the passphrase is asked (no passphrase file).
  RunResult early = RunTvault({"--vault", k.v.dir().string(), "testimony", "add", "--witness", w,
                               "--file", f.string(), "--case", "C-1"});
  ExpectOneLineError(early, 2, "is not a record id");
}

TEST(CliCase, ExportEveryTestimonyOfTheCase) {
  CaseWork k;
  json id = json::parse(k.v.Run({"--json", "identity", "show"}).out);
  ASSERT_EQ(k.v.Run({"peer", "add", "self", "--age-recipient",
                     id["age_recipient"].get<std::string>()}).exit_code, 0);
  const std::string empty = Trim(k.v.Run({"case", "add", "--title", "Empty"}).out);
  const fs::path out = k.v.root() / "case.tvb";
  ExpectOneLineError(k.v.Run({"export", "--purpose", "court", "--override-consent", "--to", "self", "--case", empty, "--reason", "r", "--out",
                              out.string()}),
                     1, "case " + empty + " has no testimony to export");
  EXPECT_FALSE(fs::exists(out));
  ASSERT_EQ(k.v.Run({"case", "assign", k.c, k.w, k.t2}).exit_code, 0);
  RunResult r = k.v.Run({"--json", "export", "--purpose", "court", "--override-consent", "--to", "self", "--case", k.c, "--reason",
                         "submission", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["records"], 1);  // t2; t1 is not assigned
  RunResult both = k.v.Run({"export", "--purpose", "court", "--override-consent", "--to", "self", "--case", k.c, "--all", "--reason", "r",
                            "--out", (k.v.root() / "x.tvb").string()});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  RunResult help = RunTvault({"export", "--help"});
  EXPECT_TRUE(Has(help.out, "Every testimony assigned to this case")) << help.out;
}

}  // namespace
}  // namespace tvault::testing
