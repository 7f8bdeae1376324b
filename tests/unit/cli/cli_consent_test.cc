// Consent recorded and enforced at export, legal holds and retention
// (tvault #13), against the real binary. None of these commands or options
// existed before: on main `consent`, `hold`, `due`, `case retention` and
// `export --purpose` are unknown (exit 2), and export wrote bundles without
// asking what the witnesses agreed to.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <fstream>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "YYYY-MM-DD" of today + `days` (UTC).
std::string Day(int days) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void ExpectOneLineError(const RunResult& r, int exit_code, const std::string& what) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_TRUE(r.err.starts_with("tvault: error: ")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(Has(r.err, what)) << r.err << " lacks " << what;
}

std::vector<std::string> Actions(const CliVault& v, const std::string& record = "") {
  std::vector<std::string> args = {"--json", "audit", "log"};
  if (!record.empty()) args.insert(args.end(), {"--record", record});
  RunResult r = v.Run(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  for (const json& e : json::parse(r.out)) out.push_back(e["action"]);
  return out;
}

// A vault with one witness and two testimonies, and two peers that bundles
// can be sent to ("Court" and "Press", the age recipients of two other
// vaults).
class CliConsent : public ::testing::Test {
 protected:
  void SetUp() override {
    w_ = Trim(v_.Run({"witness", "add", "--name", "Amal"}).out);
    const fs::path one = v_.WriteFile("one.txt", "first statement\n");
    const fs::path two = v_.WriteFile("two.txt", "second statement\n");
    const std::string out = v_.Run({"testimony", "add", "--witness", w_, "--file", one.string(),
                                    "--file", two.string()}).out;
    t1_ = out.substr(0, out.find('\n'));
    t2_ = Trim(out.substr(out.find('\n') + 1));
    ASSERT_EQ(t1_.size(), 8u) << out;
    for (const auto& [name, other] : {std::pair{"Court", &court_}, std::pair{"Press", &press_}}) {
      const json id = json::parse(other->Run({"--json", "identity", "show"}).out);
      ASSERT_EQ(v_.Run({"peer", "add", name, "--age-recipient", id["age_recipient"]}).exit_code,
                0);
    }
  }

  // tvault export of `ids` to `to` for `purpose`, to a new file.
  RunResult Export(const std::vector<std::string>& ids, const std::string& purpose,
                   const std::vector<std::string>& to = {"Court"},
                   const std::vector<std::string>& extra = {}) {
    const fs::path out = v_.root() / ("b" + std::to_string(++bundles_) + ".tvb");
    std::vector<std::string> args = {"export", "--purpose", purpose, "--reason", "hearing",
                                     "--out", out.string()};
    for (const std::string& p : to) args.insert(args.end(), {"--to", p});
    for (const std::string& id : ids) args.insert(args.end(), {"--testimony", id});
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = v_.Run(args);
    EXPECT_EQ(fs::exists(out), r.exit_code == 0) << r.err;
    return r;
  }

  RunResult Record(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"consent", "record"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = v_.Run(full);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  }

  CliVault v_, court_, press_;
  std::string w_, t1_, t2_;
  int bundles_ = 0;
};

TEST_F(CliConsent, ExportWithoutConsentIsRefusedNamingTheFix) {
  RunResult r = Export({t1_, t2_}, "court");
  ExpectOneLineError(r, 1, "tvault consent record " + t1_ + " --scope court");
  EXPECT_TRUE(Has(r.err, t2_ + ": no consent")) << r.err;
  // The purpose is required, and checked before the passphrase.
  RunResult none = v_.Run({"export", "--to", "Court", "--testimony", t1_, "--reason", "x",
                           "--out", (v_.root() / "x.tvb").string()});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  EXPECT_TRUE(Has(none.err, "--purpose")) << none.err;
  ExpectOneLineError(Export({t1_}, "television"), 2, "unknown consent scope 'television'");
  const std::vector<std::string> actions = Actions(v_);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "export"), 0);
}

TEST_F(CliConsent, ScopeRecipientAndDateAreEnforcedExactly) {
  Record({t1_, "--scope", "ngo,research"});
  ExpectOneLineError(Export({t1_}, "court"), 1, "scope: " + t1_ + " consented to ngo,research, not court");
  EXPECT_EQ(Export({t1_}, "ngo").exit_code, 0);

  Record({t1_, "--scope", "court,press", "--recipient", "court"});  // names match ignoring case
  EXPECT_EQ(Export({t1_}, "court").exit_code, 0);
  EXPECT_EQ(Export({t1_}, "press").exit_code, 0);
  ExpectOneLineError(Export({t1_}, "court", {"Court", "Press"}), 1,
                     "recipient: " + t1_ + " did not consent to Press");
  ExpectOneLineError(Export({t1_}, "ngo"), 1, "not ngo");  // the latest record counts

  Record({t1_, "--scope", "court", "--until", Day(-1)});
  ExpectOneLineError(Export({t1_}, "court"), 1, "expired: " + t1_ + "'s consent ended on " + Day(-1));
  Record({t1_, "--scope", "court", "--until", Day(0)});
  EXPECT_EQ(Export({t1_}, "court").exit_code, 0);  // the until day itself is covered
  Record({t1_, "--scope", "court", "--until", Day(1)});
  EXPECT_EQ(Export({t1_}, "court").exit_code, 0);

  json h = json::parse(v_.Run({"--json", "consent", "history", t1_}).out);
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[1]["recipients"], json::array({"Court"}));
  EXPECT_EQ(h[4]["until"], Day(1));
}

TEST_F(CliConsent, BadDatesAndScopesAreRefusedInOneLine) {
  for (const char* bad : {"2027-13-01", "2027-02-30", "27-01-01", "tomorrow", "2027-01-01T00:00:00Z"}) {
    ExpectOneLineError(v_.Run({"consent", "record", t1_, "--scope", "court", "--until", bad}), 2,
                       "--until must be a calendar date written YYYY-MM-DD (UTC)");
  }
  ExpectOneLineError(v_.Run({"consent", "record", t1_, "--scope", "court,court"}), 2, "twice");
  ExpectOneLineError(v_.Run({"consent", "record", t1_, "--scope", "court,"}), 2,
                     "unknown consent scope ''");
  ExpectOneLineError(v_.Run({"consent", "record", t1_, "--scope", "court", "--recipient", "Nobody"}),
                     1, "Nobody");
  EXPECT_TRUE(json::parse(v_.Run({"--json", "consent", "history", t1_}).out).empty());
}

TEST_F(CliConsent, WitnessConsentCoversEveryTestimonyAndWithdrawalWins) {
  Record({w_, "--scope", "court"});
  EXPECT_EQ(Export({t1_, t2_}, "court").exit_code, 0);
  // The testimony's own record is more specific: it wins over the witness's.
  Record({t1_, "--scope", "research"});
  ExpectOneLineError(Export({t1_, t2_}, "court"), 1, "1 of 2 testimonies");
  EXPECT_EQ(Export({t2_}, "court").exit_code, 0);
  json shown = json::parse(v_.Run({"--json", "consent", "show", t1_}).out);
  EXPECT_EQ(shown["status"], "in force");
  EXPECT_EQ(shown["in_effect"]["subject"], t1_);

  // A witness's withdrawal withdraws every testimony, their own records too.
  RunResult wd = v_.Run({"consent", "withdraw", w_, "--reason", "afraid after the raid"});
  ASSERT_EQ(wd.exit_code, 0) << wd.err;
  RunResult refused = Export({t1_, t2_}, "research");
  ExpectOneLineError(refused, 1, t1_ + ": withdrawn on " + Day(0) + " (" + w_ + ")");
  EXPECT_TRUE(Has(refused.err, t2_ + ": withdrawn")) << refused.err;
  shown = json::parse(v_.Run({"--json", "consent", "show", t2_}).out);
  EXPECT_EQ(shown["status"], "withdrawn");
  EXPECT_EQ(shown["in_effect"]["reason"], "afraid after the raid");
  // Nothing left to withdraw; a record afterwards counts again.
  ExpectOneLineError(v_.Run({"consent", "withdraw", w_, "--reason", "again"}), 1,
                     "already withdrawn");
  Record({w_, "--scope", "court"});
  EXPECT_EQ(Export({t2_}, "court").exit_code, 0);
  EXPECT_EQ(json::parse(v_.Run({"--json", "consent", "history", w_}).out).size(), 3u);

  // The events name the subject, so custody shows them.
  json custody = json::parse(v_.Run({"--json", "custody", w_}).out);
  std::vector<std::string> actions;
  for (const json& e : custody["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "consent.record"), 2) << custody.dump();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "consent.withdraw"), 1);
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliConsent, OverrideIsItsOwnAuditEventAndInCustody) {
  Record({t2_, "--scope", "court"});
  RunResult r = Export({t1_, t2_}, "court", {"Court"}, {"--override-consent"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RunResult log = v_.Run({"--json", "audit", "log"});
  json events = json::parse(log.out);
  auto it = std::find_if(events.begin(), events.end(),
                         [](const json& e) { return e["action"] == "export.override_consent"; });
  ASSERT_NE(it, events.end()) << log.out;
  EXPECT_EQ((*it)["refs"], json::array({t1_}));  // only the record consent did not cover
  EXPECT_EQ((*it)["reason"], "hearing");
  EXPECT_TRUE(Has((*it)["detail"].get<std::string>(), t1_ + ": no consent"));
  const std::vector<std::string> t1_actions = Actions(v_, t1_);
  EXPECT_EQ(std::count(t1_actions.begin(), t1_actions.end(), "export.override_consent"), 1);
  json custody = json::parse(v_.Run({"--json", "custody", t1_}).out);
  bool shown = false;
  for (const json& e : custody["events"]) shown = shown || e["action"] == "export.override_consent";
  EXPECT_TRUE(shown) << custody.dump();
  custody = json::parse(v_.Run({"--json", "custody", t2_}).out);
  for (const json& e : custody["events"]) EXPECT_NE(e["action"], "export.override_consent");
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliConsent, ListFiltersByConsent) {
  Record({t1_, "--scope", "court,press"});
  Record({t2_, "--scope", "court", "--until", Day(-1)});
  json list = json::parse(v_.Run({"--json", "testimony", "list", "--consent-for", "court"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], t1_);
  EXPECT_TRUE(json::parse(v_.Run({"--json", "testimony", "list", "--consent-for", "ngo"}).out).empty());
  ExpectOneLineError(v_.Run({"testimony", "list", "--consent-for", "tv"}), 2, "unknown consent scope");
}

TEST_F(CliConsent, FormIsKeptAsSealedEvidence) {
  const fs::path form = v_.WriteFile("form.pdf", "%PDF signed by Amal\n");
  RunResult r = v_.Run({"consent", "record", t1_, "--scope", "court", "--form", form.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json shown = json::parse(v_.Run({"--json", "consent", "show", t1_}).out);
  const std::string e = shown["in_effect"]["form"];
  ASSERT_EQ(e.substr(0, 2), "E-") << shown.dump();
  const fs::path back = v_.root() / "back.pdf";
  ASSERT_EQ(v_.Run({"evidence", "get", e, "--out", back.string()}).exit_code, 0);
  std::ifstream in(back);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "%PDF signed by Amal\n");
  ExpectOneLineError(v_.Run({"consent", "record", w_, "--scope", "court", "--form", form.string()}),
                     2, "testimony");
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

TEST_F(CliConsent, HoldsBlockShredAtEveryLevelAndPanic) {
  const std::string c = Trim(v_.Run({"case", "add", "--title", "Detention"}).out);
  ASSERT_EQ(v_.Run({"case", "assign", c, t1_}).exit_code, 0);
  auto shred = [&](const std::string& id) {
    return v_.Run({"shred", id, "--reason", "done", "--yes", "--cascade"});
  };
  for (const std::string& held : {c, w_, t1_}) {
    ASSERT_EQ(v_.Run({"hold", "add", held, "--reason", "court order 12/2026"}).exit_code, 0);
    ExpectOneLineError(shred(t1_), 1, "a legal hold on " + held + " applies");
    ExpectOneLineError(v_.Run({"panic", "--yes"}), 1, "legal hold");
    ASSERT_EQ(v_.Run({"hold", "remove", held}).exit_code, 0);
  }
  // A witness hold covers its testimonies; a testimony hold its witness's
  // shred; a case hold only its members.
  ASSERT_EQ(v_.Run({"hold", "add", t2_, "--reason", "appeal"}).exit_code, 0);
  ExpectOneLineError(shred(w_), 1, "a legal hold on " + t2_);
  json holds = json::parse(v_.Run({"--json", "hold", "list"}).out);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0]["reason"], "appeal");
  EXPECT_EQ(shred(t1_).exit_code, 0);  // not held: t1's case hold was lifted
  ExpectOneLineError(v_.Run({"hold", "remove", t1_}), 1, "not under a legal hold");
  ExpectOneLineError(v_.Run({"hold", "add", t2_, "--reason", "again"}), 1, "already");
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
  const std::vector<std::string> actions = Actions(v_);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "hold.add"), 4);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "hold.remove"), 3);
  // Panic reads the count without a passphrase; --override-hold destroys anyway.
  RunResult panic = RunTvault({"--vault", v_.dir().string(), "panic", "--yes"});
  ExpectOneLineError(panic, 1, "(1 hold)");
  EXPECT_TRUE(fs::exists(v_.dir() / "vault.header"));
  panic = RunTvault({"--vault", v_.dir().string(), "panic", "--yes", "--override-hold"});
  ASSERT_EQ(panic.exit_code, 0) << panic.err;
  EXPECT_FALSE(fs::exists(v_.dir()));
}

TEST_F(CliConsent, DueListsExactlyTheCasesPastRetention) {
  const std::string past = Trim(v_.Run({"case", "add", "--title", "closed"}).out);
  const std::string today = Trim(v_.Run({"case", "add", "--title", "closing"}).out);
  const std::string later = Trim(v_.Run({"case", "add", "--title", "open"}).out);
  const std::string none = Trim(v_.Run({"case", "add", "--title", "no date"}).out);
  (void)none;
  ASSERT_EQ(v_.Run({"case", "assign", past, w_, t1_}).exit_code, 0);
  ASSERT_EQ(v_.Run({"case", "assign", later, t2_}).exit_code, 0);
  ASSERT_EQ(v_.Run({"case", "retention", past, "--until", "2020-01-31"}).exit_code, 0);
  ASSERT_EQ(v_.Run({"case", "retention", today, "--until", Day(0)}).exit_code, 0);
  ASSERT_EQ(v_.Run({"case", "retention", later, "--until", Day(-1)}).exit_code, 0);
  ASSERT_EQ(v_.Run({"case", "retention", later, "--until", Day(30)}).exit_code, 0);  // replaced
  json due = json::parse(v_.Run({"--json", "due"}).out);
  ASSERT_EQ(due.size(), 1u) << due.dump();
  EXPECT_EQ(due[0]["case"], past);
  EXPECT_EQ(due[0]["until"], "2020-01-31");
  EXPECT_EQ(due[0]["witnesses"], json::array({w_}));
  EXPECT_EQ(due[0]["testimonies"], json::array({t1_}));
  EXPECT_EQ(Trim(v_.Run({"due"}).out), past + " kept until 2020-01-31: " + w_ + " " + t1_);
  ExpectOneLineError(v_.Run({"case", "retention", past, "--until", "31/01/2020"}), 2, "YYYY-MM-DD");
  const std::vector<std::string> actions = Actions(v_);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "case.retention"), 4);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "due"), 2);
  EXPECT_EQ(v_.Run({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace tvault::testing
