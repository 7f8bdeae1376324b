// Dangerous actions (tvault #12): shred shows what it will destroy, asks for
// the id on a terminal, needs --yes without one, has --dry-run, and takes
// one evidence file (E-...).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A witness with one testimony of two versions (6 + 8 bytes) and two
// evidence files (5 and 7 bytes).
struct Doomed {
  CliVault v;
  std::string w, t, e1, e2;
  Doomed() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    const fs::path s1 = v.WriteFile("s1", "first\n");
    t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", s1.string()}).out);
    const fs::path s2 = v.WriteFile("s2", "second!\n");
    EXPECT_EQ(v.Run({"testimony", "amend", t, "--file", s2.string(), "--reason", "r"}).exit_code,
              0);
    e1 = Evidence("12345");
    e2 = Evidence("1234567");
  }
  std::string Evidence(const std::string& bytes) {
    const fs::path f = v.WriteFile("ev" + bytes, bytes);
    return json::parse(v.Run({"--json", "evidence", "add", t, "--file", f.string()}).out)["id"];
  }
  bool Alive(const std::string& id) const {
    const char* kind = id[0] == 'E' ? "evidence" : id[0] == 'T' ? "testimony" : "witness";
    return v.Run({kind, "show", id}).exit_code == 0;
  }
};

TEST(CliShredConfirm, WithoutTerminalNeedsYesBeforeThePassphrase) {
  Doomed d;
  const fs::path wrong = d.v.WriteFile("wrong-pass", "not the passphrase\n");
  RunResult r = RunTvault({"--vault", d.v.dir().string(), "--passphrase-file", wrong.string(),
                           "shred", d.t, "--reason", "r"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "add --yes")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(d.v.dir() / "unlock-failures")) << "asked for the passphrase first";
  EXPECT_TRUE(d.Alive(d.t));
  EXPECT_EQ(CountEvents(d.v, "shred"), 0u);

  RunResult yes = d.v.Run({"shred", d.t, "--reason", "r", "--yes"});
  EXPECT_EQ(yes.exit_code, 0) << yes.err;
  // The testimony, then its evidence (same-second files in id order).
  EXPECT_TRUE(yes.out.starts_with("shredded " + d.t + "\n")) << yes.out;
  EXPECT_TRUE(Has(yes.out, "shredded " + d.e1 + "\n")) << yes.out;
  EXPECT_TRUE(Has(yes.out, "shredded " + d.e2 + "\n")) << yes.out;
  EXPECT_FALSE(d.Alive(d.t));
}

TEST(CliShredConfirm, DryRunListsWhatWouldGoAndChangesNothing) {
  Doomed d;
  auto all_events = [&] { return json::parse(d.v.Run({"--json", "audit", "log"}).out).size(); };
  const std::size_t before = all_events();
  RunResult r = d.v.Run({"shred", d.w, "--cascade", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("shred " + d.w + " would destroy (dry run, nothing changed):\n" +
                                 "  testimony  " + d.t + "  2 versions  14 bytes\n"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "  evidence   " + d.e1 + "  of " + d.t + "  5 bytes\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "  evidence   " + d.e2 + "  of " + d.t + "  7 bytes\n")) << r.out;
  EXPECT_TRUE(r.out.ends_with("\n  witness    " + d.w + "  contact details\n")) << r.out;
  json j = json::parse(d.v.Run({"--json", "shred", d.e1, "--dry-run"}).out);
  EXPECT_EQ(j["dry_run"], true);
  ASSERT_EQ(j["would_shred"].size(), 1u);
  EXPECT_EQ(j["would_shred"][0]["id"], d.e1);
  EXPECT_EQ(j["would_shred"][0]["testimony"], d.t);
  EXPECT_EQ(j["would_shred"][0]["size_bytes"], 5);
  // The same refusal as the shred itself.
  RunResult refused = d.v.Run({"shred", d.w, "--dry-run"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(Has(refused.err, "--cascade")) << refused.err;
  // Only the second `audit log` itself was logged.
  EXPECT_EQ(all_events(), before + 1) << "--dry-run wrote an audit event";

  EXPECT_TRUE(d.Alive(d.w) && d.Alive(d.t) && d.Alive(d.e1) && d.Alive(d.e2));
  EXPECT_EQ(CountEvents(d.v, "shred"), 0u);
}

TEST(CliShredConfirm, TerminalShowsThePlanAndWantsTheIdTyped) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  Doomed d;
  const auto args = d.v.Argv({"shred", d.t, "--reason", "consent withdrawn"});
  for (const std::string& typed : {std::string("yes\n"), std::string("\n"), std::string("")}) {
    RunResult no = RunOnTerminal(args, typed);
    EXPECT_EQ(no.exit_code, 1) << no.out;
    EXPECT_TRUE(Has(no.out, "  testimony  " + d.t + "  2 versions  14 bytes")) << no.out;
    EXPECT_TRUE(Has(no.out, "  evidence   " + d.e2 + "  of " + d.t + "  7 bytes")) << no.out;
    EXPECT_TRUE(Has(no.out, "Type " + d.t + " to shred (anything else cancels)")) << no.out;
    EXPECT_TRUE(Has(no.out, "shred cancelled: " + d.t + " was not typed; nothing was changed"))
        << no.out;
    EXPECT_TRUE(d.Alive(d.t) && d.Alive(d.e1));
  }
  EXPECT_EQ(CountEvents(d.v, "shred"), 0u);

  std::string lower = d.t;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  RunResult ok = RunOnTerminal(args, lower + "\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_TRUE(Has(ok.out, "shredded " + d.e2)) << ok.out;
  EXPECT_FALSE(d.Alive(d.t));
  EXPECT_EQ(CountEvents(d.v, "shred"), 1u);
}

TEST(CliShredConfirm, AsksOnlyWhenThePlanCanBeSeen) {
  // Standard input on a terminal but standard error (the plan, the prompt)
  // in a file: the user would confirm what they cannot see, so --yes is
  // needed as in a script. Fails before this commit: the id typed shredded.
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  Doomed d;
  const fs::path err = d.v.root() / "err.txt";
  std::string cmd = TerminalCommand(d.v.Argv({"shred", d.t, "--reason", "r"}));
  cmd += " 2>'" + err.string() + "'";
  RunResult r = RunProgram({"script", "-qec", cmd, "/dev/null"}, d.t + "\n");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const auto bytes = ReadBytes(err);
  EXPECT_TRUE(Has(std::string(bytes.begin(), bytes.end()), "add --yes"));
  EXPECT_TRUE(d.Alive(d.t));
  EXPECT_EQ(CountEvents(d.v, "shred"), 0u);
}

TEST(CliShredEvidence, DestroysOneFileAndItsCustodyShowsIt) {
  Doomed d;
  RunResult r = d.v.Run({"shred", "--yes", d.e1, "--reason", "consent withdrawn"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "shredded " + d.e1 + "\n");
  EXPECT_FALSE(d.Alive(d.e1));
  EXPECT_TRUE(d.Alive(d.e2));
  EXPECT_TRUE(d.Alive(d.t));
  EXPECT_FALSE(fs::exists(d.v.dir() / "evidence" / (d.e1 + ".tve")));
  EXPECT_TRUE(fs::exists(d.v.dir() / "evidence" / (d.e2 + ".tve")));

  RunResult show = d.v.Run({"evidence", "show", d.e1});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_TRUE(Has(show.err, "shredded")) << show.err;
  RunResult tombs = d.v.Run({"tombstones"});
  EXPECT_TRUE(Has(tombs.out, d.e1 + "  shredded ")) << tombs.out;
  EXPECT_TRUE(Has(tombs.out, "consent withdrawn")) << tombs.out;

  json custody = json::parse(d.v.Run({"--json", "custody", d.t}).out);
  bool named = false;
  for (const json& e : custody["events"]) {
    named |= e.dump().find("\"shred\"") != std::string::npos &&
             e.dump().find(d.e1) != std::string::npos;
  }
  EXPECT_TRUE(named) << custody.dump(1);
  EXPECT_EQ(d.v.Run({"audit", "verify"}).exit_code, 0);
  EXPECT_EQ(d.v.Run({"check"}).exit_code, 0);

  RunResult again = d.v.Run({"shred", "--yes", d.e1, "--reason", "again"});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_TRUE(Has(again.err, "shredded")) << again.err;
}

}  // namespace
}  // namespace tvault::testing
