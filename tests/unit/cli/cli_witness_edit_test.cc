// tvault witness edit / witness history / witness show --version against
// the real binary (tvault #12, "Edits with history"). Fail before this
// commit: `witness edit` and `witness history` were unknown commands and
// `witness show` had no --version.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kOldPhone = "+963 11 Qx7 111";
const std::string kNewPhone = "+90 342 555 0101";

// One line on standard error, "tvault: error: ...", containing `what`.
void ExpectOneLineError(const RunResult& r, int exit_code, const std::string& what) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_TRUE(r.err.starts_with("tvault: error: ")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(Has(r.err, what)) << r.err << " lacks " << what;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

struct Edited {
  CliVault v;
  std::string w;
  Edited() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal", "--alias", "Umm Ali", "--phone", kOldPhone,
                    "--email", "amal@example.org"})
                 .out);
  }
  json Show(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"--json", "witness", "show", w};
    args.insert(args.end(), extra.begin(), extra.end());
    return json::parse(v.Run(args).out);
  }
  std::size_t Versions() const {
    return json::parse(v.Run({"--json", "witness", "history", w}).out).size();
  }
};

TEST(CliWitnessEdit, EditRecordsANewVersionAndKeepsTheOld) {
  Edited e;
  RunResult edit = e.v.Run({"witness", "edit", e.w, "--phone", kNewPhone, "--reason",
                            "old number is known to the police"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  EXPECT_EQ(Trim(edit.out), e.w + " v2");

  json latest = e.Show();
  EXPECT_EQ(latest["phone"], kNewPhone);
  EXPECT_EQ(latest["email"], "amal@example.org");  // not given: kept
  EXPECT_EQ(latest["aliases"], json::array({"Umm Ali"}));
  EXPECT_EQ(latest["version"], 2);

  json first = e.Show({"--version", "1"});
  EXPECT_EQ(first["phone"], kOldPhone);
  EXPECT_EQ(first["version"], 1);

  RunResult human = e.v.Run({"witness", "show", e.w});
  ASSERT_EQ(human.exit_code, 0) << human.err;
  EXPECT_TRUE(Has(human.out, "version:    2 of 2")) << human.out;
  EXPECT_TRUE(Has(human.out, "phone:      " + kNewPhone)) << human.out;

  RunResult json_edit = e.v.Run({"--json", "witness", "edit", e.w, "--notes", "moved"});
  ASSERT_EQ(json_edit.exit_code, 0) << json_edit.err;
  EXPECT_EQ(json::parse(json_edit.out), (json{{"id", e.w}, {"version", 3}}));

  EXPECT_EQ(CountEvents(e.v, "witness.edit"), 2u);
  RunResult verify = e.v.Run({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  RunResult check = e.v.Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  // The witness's custody report shows its edits.
  RunResult custody = e.v.Run({"--json", "custody", e.w});
  ASSERT_EQ(custody.exit_code, 0) << custody.err;
  std::size_t edits = 0;
  for (std::size_t at = custody.out.find("\"witness.edit\""); at != std::string::npos;
       at = custody.out.find("\"witness.edit\"", at + 1)) {
    ++edits;
  }
  EXPECT_EQ(edits, 2u) << custody.out;
}

TEST(CliWitnessEdit, HistoryShowsFieldNamesAndValuesOnlyWhenAsked) {
  Edited e;
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--phone", kNewPhone, "--notes", "relocated",
                     "--reason", "new SIM"}).exit_code, 0);
  RunResult h = e.v.Run({"witness", "history", e.w});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_TRUE(Has(h.out, "v1  ")) << h.out;
  EXPECT_TRUE(Has(h.out, "changed: (first version)  -\n")) << h.out;
  EXPECT_TRUE(Has(h.out, "changed: phone,notes  new SIM\n")) << h.out;
  EXPECT_FALSE(Has(h.out, "Qx7")) << "an old value without --show-values: " << h.out;
  EXPECT_FALSE(Has(h.out, kNewPhone)) << h.out;
  EXPECT_EQ(std::count(h.out.begin(), h.out.end(), '\n'), 2) << h.out;

  RunResult values = e.v.Run({"witness", "history", e.w, "--show-values"});
  ASSERT_EQ(values.exit_code, 0) << values.err;
  EXPECT_TRUE(Has(values.out, "    phone:      " + kOldPhone)) << values.out;
  EXPECT_TRUE(Has(values.out, "    phone:      " + kNewPhone)) << values.out;

  json j = json::parse(e.v.Run({"--json", "witness", "history", e.w}).out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["version"], 1);
  EXPECT_EQ(j[0]["changed"], json::array());
  EXPECT_EQ(j[1]["changed"], json::array({"phone", "notes"}));
  EXPECT_EQ(j[1]["reason"], "new SIM");
  EXPECT_FALSE(j[1].contains("details"));
  json jv = json::parse(e.v.Run({"--json", "witness", "history", e.w, "--show-values"}).out);
  EXPECT_EQ(jv[0]["details"]["phone"], kOldPhone);
  EXPECT_EQ(jv[1]["details"]["notes"], "relocated");

  EXPECT_EQ(CountEvents(e.v, "witness.history"), 2u);
  EXPECT_EQ(CountEvents(e.v, "witness.history_values"), 2u);

  // Control characters in a reason are escaped like every printed text.
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--notes", "x", "--reason", "a\x1b[31mred"}).exit_code,
            0);
  RunResult escaped = e.v.Run({"witness", "history", e.w});
  EXPECT_FALSE(Has(escaped.out, "\x1b")) << escaped.out;
}

TEST(CliWitnessEdit, DetailsFileReplacesEveryFieldAndEmptyValuesClear) {
  Edited e;
  const fs::path file =
      e.v.WriteFile("new.json", R"({"name": "Amal K.", "phone": ")" + kNewPhone + R"("})");
  RunResult from_file = e.v.Run({"witness", "edit", e.w, "--details-file", file.string()});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  json got = e.Show();
  EXPECT_EQ(got["name"], "Amal K.");
  EXPECT_EQ(got["phone"], kNewPhone);
  EXPECT_EQ(got["email"], "");           // left out of the file: cleared
  EXPECT_EQ(got["aliases"], json::array());

  // What `witness show --json --version 1` prints can be given back as it
  // is: the first details again, as a new version.
  RunResult back = e.v.Run({"witness", "edit", e.w, "--details-file", "-"},
                           e.v.Run({"--json", "witness", "show", e.w, "--version", "1"}).out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(e.Show()["phone"], kOldPhone);
  EXPECT_EQ(e.Show()["aliases"], json::array({"Umm Ali"}));

  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--email", "", "--alias", ""}).exit_code, 0);
  got = e.Show();
  EXPECT_EQ(got["email"], "");
  EXPECT_EQ(got["aliases"], json::array());
  EXPECT_EQ(got["phone"], kOldPhone);
  EXPECT_EQ(e.Versions(), 4u);
}

TEST(CliWitnessEdit, BadInputIsOneLineAndChangesNothing) {
  Edited e;
  const std::string t = [&] {
    const fs::path s = e.v.WriteFile("s.txt", "statement\n");
    return Trim(e.v.Run({"testimony", "add", "--witness", e.w, "--file", s.string()}).out);
  }();
  const std::size_t edits_before = CountEvents(e.v, "witness.edit");

  // Checked before the passphrase: a passphrase file that does not exist
  // would fail otherwise.
  const std::string no_pass = (e.v.root() / "no-such-pass").string();
  auto early = [&](std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> full = {"--vault", e.v.dir().string(), "--passphrase-file", no_pass};
    full.insert(full.end(), args.begin(), args.end());
    return RunTvault(full, input);
  };
  ExpectOneLineError(early({"witness", "edit", t, "--phone", "1"}), 2, "witness");
  ExpectOneLineError(early({"witness", "edit", "W-1", "--phone", "1"}), 2, "W-1");
  ExpectOneLineError(early({"witness", "edit", e.w}), 2, "--details-file");
  const fs::path file = e.v.WriteFile("d.json", R"({"name": "N"})");
  ExpectOneLineError(early({"witness", "edit", e.w, "--details-file", file.string(), "--phone", "1"}),
                     2, "--details-file cannot be combined with");
  ExpectOneLineError(early({"witness", "edit", e.w, "--details-file",
                            (e.v.root() / "nowhere.json").string()}),
                     1, "nowhere.json does not exist");
  ExpectOneLineError(early({"witness", "show", e.w, "--version", "0"}), 2, "--version counts from 1");
  ExpectOneLineError(early({"witness", "history", t}), 2, "witness");
  EXPECT_FALSE(fs::exists(e.v.dir() / "unlock-failures"));

  // After the unlock.
  ExpectOneLineError(e.v.Run({"witness", "edit", "W-22222", "--phone", "1"}), 1,
                     "no witness W-22222");
  ExpectOneLineError(e.v.Run({"witness", "edit", e.w, "--phone", kOldPhone}), 1,
                     "already has these details (version 1); nothing was stored");
  ExpectOneLineError(e.v.Run({"witness", "edit", e.w, "--name", ""}), 2, "name");
  ExpectOneLineError(e.v.Run({"witness", "show", e.w, "--version", "2"}), 1,
                     "has no version 2 (its versions are 1 to 1)");
  ExpectOneLineError(e.v.Run({"witness", "history", "W-22222"}), 1, "no witness W-22222");

  EXPECT_EQ(CountEvents(e.v, "witness.edit"), edits_before);
  EXPECT_EQ(e.Versions(), 1u);
  EXPECT_EQ(e.Show()["phone"], kOldPhone);
}

TEST(CliWitnessEdit, ShredDestroysEveryVersion) {
  Edited e;
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--phone", "2"}).exit_code, 0);
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--phone", "3"}).exit_code, 0);
  RunResult plan = e.v.Run({"shred", e.w, "--reason", "asked", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_TRUE(Has(plan.out, "  witness    " + e.w + "  contact details, 3 versions\n")) << plan.out;
  json jplan = json::parse(e.v.Run({"--json", "shred", e.w, "--reason", "asked", "--dry-run"}).out);
  EXPECT_EQ(jplan["would_shred"][0]["versions"], 3);

  RunResult shred = e.v.Run({"shred", e.w, "--reason", "asked", "--yes"});
  ASSERT_EQ(shred.exit_code, 0) << shred.err;
  EXPECT_EQ(e.v.Run({"audit", "verify"}).exit_code, 0);
  EXPECT_EQ(e.v.Run({"check"}).exit_code, 0);
  RawVault raw = OpenRaw(e.v.dir(), "cli test passphrase");
  EXPECT_EQ(Must(raw.db.QueryInt("SELECT count(*) FROM witness_versions")).value_or(-1), 0);
  EXPECT_EQ(Must(raw.db.QueryInt("SELECT count(*) FROM witnesses")).value_or(-1), 0);
}

TEST(CliWitnessEdit, CheckFindsAMissingMiddleVersion) {
  Edited e;
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--phone", "2"}).exit_code, 0);
  ASSERT_EQ(e.v.Run({"witness", "edit", e.w, "--phone", "3"}).exit_code, 0);
  {
    RawVault raw = OpenRaw(e.v.dir(), "cli test passphrase");
    ExecOrFail(raw.db, "DELETE FROM witness_versions WHERE version = 2");
  }
  RunResult check = e.v.Run({"check"});
  ExpectOneLineError(check, 4, "lost version 2");
  EXPECT_EQ(e.v.Run({"audit", "verify"}).exit_code, 4);
}

TEST(CliWitnessEdit, AsksForEachFieldOnATerminal) {
  if (!HaveProgram("script")) GTEST_SKIP() << "needs script(1)";
  Edited e;
  std::string cmd = "exec '" + TvaultBinary() + "'";
  for (const std::string& a : e.v.Args({"witness", "edit", e.w})) cmd += " '" + a + "'";
  // Name and aliases kept, a new phone, email cleared, the rest kept.
  const std::string typed = "\n\n" + kNewPhone + "\n-\n\n\n\n";
  RunResult r = RunProgram({"script", "-qec", cmd, "/dev/null"}, typed);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "Name (Enter: keep): ")) << r.out;
  EXPECT_TRUE(Has(r.out, "Phone (Enter: keep, '-': clear): ")) << r.out;
  EXPECT_TRUE(Has(r.out, e.w + " v2")) << r.out;
  json got = e.Show();
  EXPECT_EQ(got["name"], "Amal");
  EXPECT_EQ(got["aliases"], json::array({"Umm Ali"}));
  EXPECT_EQ(got["phone"], kNewPhone);
  EXPECT_EQ(got["email"], "");

  // Every field kept: nothing to change, nothing stored.
  RunResult kept = RunProgram({"script", "-qec", cmd, "/dev/null"}, "\n\n\n\n\n\n\n");
  EXPECT_EQ(kept.exit_code, 2) << kept.out;
  EXPECT_TRUE(Has(kept.out, "nothing to change")) << kept.out;
  EXPECT_EQ(e.Versions(), 2u);
}

TEST(CliWitnessEdit, HelpListsTheCommandsAndWarnsOfShellHistory) {
  RunResult top = RunTvault({"witness", "--help"});
  EXPECT_TRUE(Has(top.out, "edit")) << top.out;
  EXPECT_TRUE(Has(top.out, "history")) << top.out;
  RunResult help = RunTvault({"witness", "edit", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* opt : {"--name", "--alias", "--phone", "--email", "--address", "--relatives",
                          "--notes"}) {
    const std::size_t at = help.out.find(std::string("  ") + opt);
    ASSERT_NE(at, std::string::npos) << opt;
    const std::string line = help.out.substr(at, help.out.find('\n', at) - at);
    EXPECT_TRUE(Has(line, "shell history")) << line;
  }
  EXPECT_TRUE(Has(help.out, "--reason")) << help.out;
  EXPECT_TRUE(Has(help.out, "until the witness is shredded")) << help.out;
}

}  // namespace
}  // namespace tvault::testing
