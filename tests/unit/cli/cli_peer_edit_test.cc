// Peers through the real binary (tvault #12): `peer rename`, `peer edit`,
// names matched ignoring case (Unicode case folding) wherever a peer name is
// taken, names that differ only in case kept by an earlier tvault refused as
// ambiguous, and unknown names answered with the known ones.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using nlohmann::json;

// A valid age recipient and minisign key that are not the vault's own.
constexpr const char* kOtherRecipient =
    "age1rt8fxk4u5msfxj7e6hhc8hk2jcruyqhcsg5h4tygug6hkhswu9pqh79xny";
constexpr const char* kOtherMinisign = "RWQNuN5/jYg7j4NmnUeBA/ec+7M3gDFkAB/vm78D+71z+N6zEZW/lAfi";

class CliPeerEdit : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult id = v_.Run({"--json", "identity", "show"});
    ASSERT_EQ(id.exit_code, 0) << id.err;
    own_recipient_ = json::parse(id.out)["age_recipient"];
    own_minisign_ = json::parse(id.out)["minisign_public_key"];
  }
  json Peers() const { return json::parse(v_.Run({"--json", "peer", "list"}).out); }
  void Add(const std::string& name, const std::string& recipient) const {
    RunResult r = v_.Run({"peer", "add", name, "--age-recipient", recipient});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string Export(const std::string& to) const {
    const std::string out = (v_.root() / ("b" + std::to_string(++exports_) + ".tvb")).string();
    RunResult r = v_.Run({"export", "--purpose", "court", "--override-consent", "--to", to, "--all", "--reason", "r", "--out", out});
    return r.exit_code == 0 ? "" : std::to_string(r.exit_code) + " " + ErrorLine(r);
  }
  void AddTestimony() const {
    RunResult w = v_.Run({"witness", "add", "--name", "W"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    const std::string file = v_.WriteFile("s.txt", "statement\n").string();
    RunResult t = v_.Run({"testimony", "add", "--witness", Trim(w.out), "--file", file});
    ASSERT_EQ(t.exit_code, 0) << t.err;
  }
  void ExpectAuditVerifies() const {
    RunResult verify = v_.Run({"audit", "verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
  }

  CliVault v_;
  std::string own_recipient_, own_minisign_;
  mutable int exports_ = 0;
};

TEST_F(CliPeerEdit, AddRefusesANameThatDiffersOnlyInCaseNamingTheExistingPeer) {
  Add("Ärztin Amal", own_recipient_);
  RunResult dup = v_.Run({"peer", "add", "ärztin AMAL", "--age-recipient", kOtherRecipient});
  EXPECT_EQ(dup.exit_code, 1) << dup.err;
  EXPECT_EQ(ErrorLine(dup),
            "a peer named \"Ärztin Amal\" already exists (names are compared ignoring case); "
            "pick another name");
  EXPECT_EQ(Peers().size(), 1u);
  // Full case folding: "ß" and "SS" are one name.
  Add("Straße", kOtherRecipient);
  EXPECT_EQ(v_.Run({"peer", "add", "STRASSE", "--age-recipient", own_recipient_}).exit_code, 1);
  // Unicode form: "Ä" typed decomposed (A + U+0308) and full-width letters
  // look the same on a terminal, so they are the same name.
  RunResult nfd = v_.Run({"peer", "add", "A\xCC\x88rztin Amal", "--age-recipient", kOtherRecipient});
  EXPECT_EQ(nfd.exit_code, 1) << nfd.err;
  EXPECT_EQ(ErrorLine(nfd), ErrorLine(dup));
  RunResult wide = v_.Run({"peer", "add", "\xEF\xBC\xB3traße", "--age-recipient", own_recipient_});
  EXPECT_EQ(wide.exit_code, 1) << wide.err;
  EXPECT_EQ(Peers().size(), 2u);
}

TEST_F(CliPeerEdit, NamesAreFoundWhateverTheirCase) {
  AddTestimony();
  Add("Ürümqi Office", own_recipient_);
  EXPECT_EQ(Export("ürümqi office"), "");
  EXPECT_EQ(Export("ÜRÜMQI OFFICE"), "");
  RunResult edit = v_.Run({"peer", "edit", "ÜRÜMQI office", "--age-recipient", kOtherRecipient});
  EXPECT_EQ(edit.exit_code, 0) << edit.err;
  RunResult remove = v_.Run({"peer", "remove", "ürümqi OFFICE"});
  EXPECT_EQ(remove.exit_code, 0) << remove.err;
  EXPECT_EQ(Peers().size(), 0u);
}

TEST_F(CliPeerEdit, UnknownNamesAreNamedWithTheKnownOnes) {
  AddTestimony();
  Add("Anna", own_recipient_);
  RunResult control = v_.Run({"peer", "add", "Bob \x1b[31m", "--age-recipient", kOtherRecipient});
  EXPECT_EQ(control.exit_code, 2);
  EXPECT_EQ(ErrorLine(control), "NAME holds a control character (U+001B at offset 4)");
  Add("Carla", kOtherRecipient);
  const std::string known = "no peer named \"Zoe\"; known peers: Anna, Carla";
  EXPECT_EQ(Export("Zoe"), "1 --to: " + known + " (a new peer needs `tvault peer add` first)");
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"peer", "remove", "Zoe"},
        {"peer", "rename", "Zoe", "Zed"},
        {"peer", "edit", "Zoe", "--minisign-key", kOtherMinisign}}) {
    RunResult r = v_.Run(cmd);
    EXPECT_EQ(r.exit_code, 1) << cmd[1];
    EXPECT_EQ(ErrorLine(r), known) << cmd[1];
  }
  // The name typed is escaped like every text from outside.
  RunResult esc = v_.Run({"peer", "remove", "Zo\x1b[2Je"});
  EXPECT_EQ(ErrorLine(esc), "no peer named \"Zo\\u{001B}[2Je\"; known peers: Anna, Carla");
  EXPECT_EQ(Peers().size(), 2u);
}

TEST_F(CliPeerEdit, ManyPeersAreListedUpToTwentyThenCounted) {
  for (int i = 1; i <= 23; ++i) {
    std::string name = "P" + std::to_string(i);
    RunResult r = v_.Run({"peer", "add", name, "--age-recipient", own_recipient_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult r = v_.Run({"peer", "remove", "nobody"});
  EXPECT_EQ(r.exit_code, 1);
  std::string names;
  for (int i = 1; i <= 20; ++i) names += (i > 1 ? ", P" : "P") + std::to_string(i);
  EXPECT_EQ(ErrorLine(r), "no peer named \"nobody\"; known peers: " + names + " and 3 more");
}

TEST_F(CliPeerEdit, RenameKeepsTheKeysAndIsAuditedWithoutTheNames) {
  Add("Anna", own_recipient_);
  const json before = Peers()[0];
  RunResult r = v_.Run({"peer", "rename", "anna", "Anna Lindqvist"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Trim(r.out), "Renamed peer anna to Anna Lindqvist.");
  const json after = Peers()[0];
  EXPECT_EQ(after["name"], "Anna Lindqvist");
  EXPECT_EQ(after["age_recipient"], before["age_recipient"]);
  EXPECT_EQ(after["recipient_fingerprint"], before["recipient_fingerprint"]);
  EXPECT_EQ(after["created_at"], before["created_at"]);
  // A different case of the same name is a rename; the same bytes are not.
  EXPECT_EQ(v_.Run({"peer", "rename", "anna lindqvist", "ANNA Lindqvist"}).exit_code, 0);
  RunResult same = v_.Run({"peer", "rename", "anna lindqvist", "ANNA Lindqvist"});
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(ErrorLine(same), "nothing changed: the peer is already named \"ANNA Lindqvist\"");
  EXPECT_EQ(CountEvents(v_, "peer.rename"), 2u);
  const json events = json::parse(v_.Run({"--json", "audit", "log"}).out);
  for (const json& e : events) {
    if (e["action"] != "peer.rename") continue;
    EXPECT_EQ(e["object"], before["recipient_fingerprint"]);
  }
  // The names are sealed: the exported log holds no trace of them.
  const std::string log = (v_.root() / "audit.log").string();
  ASSERT_EQ(v_.Run({"audit", "export", "--out", log}).exit_code, 0);
  const std::vector<uint8_t> bytes = ReadBytes(log);
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_FALSE(Has(text, "Lindqvist"));
  EXPECT_FALSE(Has(text, "Anna"));
  ExpectAuditVerifies();
}

TEST_F(CliPeerEdit, RenameRefusesBadAndTakenNamesChangingNothing) {
  Add("Anna", own_recipient_);
  Add("Bob", kOtherRecipient);
  RunResult taken = v_.Run({"peer", "rename", "Anna", "BOB"});
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_EQ(ErrorLine(taken),
            "a peer named \"Bob\" already exists (names are compared ignoring case); pick "
            "another name");
  RunResult control = v_.Run({"peer", "rename", "Anna", "An\tna"});
  EXPECT_EQ(control.exit_code, 2);
  EXPECT_EQ(ErrorLine(control), "NEW holds a control character (U+0009 at offset 2)");
  RunResult not_utf8 = v_.Run({"peer", "rename", "Anna", "An\xffna"});
  EXPECT_EQ(not_utf8.exit_code, 2);
  EXPECT_EQ(ErrorLine(not_utf8), "NEW is not valid UTF-8 (byte 0xFF at offset 2)");
  RunResult empty = v_.Run({"peer", "rename", "Anna", ""});
  EXPECT_EQ(empty.exit_code, 2);
  const json peers = Peers();
  EXPECT_EQ(peers[0]["name"], "Anna");
  EXPECT_EQ(peers[1]["name"], "Bob");
  EXPECT_EQ(CountEvents(v_, "peer.rename"), 0u);
}

TEST_F(CliPeerEdit, AKeyChangeWarnsToCompareTheNewFingerprintAndIsAudited) {
  Add("Anna", own_recipient_);
  const std::string old_fp = Peers()[0]["recipient_fingerprint"];
  RunResult r = v_.Run({"peer", "edit", "anna", "--age-recipient", kOtherRecipient});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json p = Peers()[0];
  const std::string new_fp = p["recipient_fingerprint"];
  EXPECT_NE(new_fp, old_fp);
  EXPECT_EQ(p["age_recipient"], kOtherRecipient);
  EXPECT_EQ(p["name"], "Anna");
  EXPECT_EQ(Trim(r.err),
            "tvault: warning: the keys of peer Anna changed (new age recipient fingerprint " +
                new_fp +
                "): compare this fingerprint with them again over another channel (in person "
                "or by phone) before you export to them or trust their bundles");
  EXPECT_TRUE(Has(r.out, new_fp)) << r.out;
  // A minisign key added to the same peer: the age recipient stays.
  RunResult m = v_.Run({"--json", "peer", "edit", "Anna", "--minisign-key", kOtherMinisign});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const json mj = json::parse(m.out);
  EXPECT_EQ(mj["minisign_key_changed"], true);
  EXPECT_EQ(mj["age_recipient_changed"], false);
  EXPECT_EQ(mj["recipient_fingerprint"], new_fp);
  EXPECT_TRUE(Has(m.err, "new minisign key id " + mj["minisign_key_id"].get<std::string>()));
  EXPECT_EQ(CountEvents(v_, "peer.key_change"), 2u);
  const json events = json::parse(v_.Run({"--json", "audit", "log"}).out);
  bool saw_replaced = false;
  for (const json& e : events) {
    if (e["action"] != "peer.key_change") continue;
    for (const json& ref : e["refs"]) saw_replaced |= ref == "replaced-age:" + old_fp;
  }
  EXPECT_TRUE(saw_replaced) << events.dump();
  ExpectAuditVerifies();
}

TEST_F(CliPeerEdit, TheSameKeyOrBadInputChangesNothing) {
  Add("Anna", own_recipient_);
  RunResult same = v_.Run({"peer", "edit", "Anna", "--age-recipient", own_recipient_});
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(ErrorLine(same), "nothing changed: the peer already holds this key");
  EXPECT_FALSE(Has(same.err, "warning"));
  RunResult none = v_.Run({"peer", "edit", "Anna"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(ErrorLine(none),
            "give --age-recipient (to send to this peer), --minisign-key (to accept bundles from "
            "them), or both");
  RunResult bad = v_.Run({"peer", "edit", "Anna", "--age-recipient", "age1notarecipient"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  // Checked before the passphrase is asked: no passphrase file needed.
  RunResult early = RunTvault({"--vault", v_.dir().string(), "peer", "edit", "Anna",
                               "--minisign-key", "RWnotakey"});
  EXPECT_EQ(early.exit_code, 2) << early.err;
  EXPECT_EQ(Peers()[0]["age_recipient"], own_recipient_);
  EXPECT_EQ(CountEvents(v_, "peer.key_change"), 0u);
}

TEST_F(CliPeerEdit, EditTakesAKeyFileAsAddDoes) {
  Add("Anna", own_recipient_);
  const std::string file =
      v_.WriteFile("anna.txt", std::string("# Anna's new key\n") + kOtherRecipient + "\n")
          .string();
  RunResult r = v_.Run({"peer", "edit", "Anna", "--age-recipient", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Peers()[0]["age_recipient"], kOtherRecipient);
}

// Two names that differ only in case, as a tvault that compared bytes (or
// ASCII case only) could store them.
TEST_F(CliPeerEdit, LegacyNamesThatDifferOnlyInCaseAreAmbiguousUntilRenamed) {
  AddTestimony();
  InsertRawPeer(v_.dir(), "cli test passphrase", "Ärztin", own_recipient_);
  InsertRawPeer(v_.dir(), "cli test passphrase", "ÄRZTIN", kOtherRecipient);
  const std::string ambiguous =
      "the peer name \"ärztin\" is ambiguous: \"Ärztin\" and \"ÄRZTIN\" differ only in case "
      "or in how their letters are encoded; rename one with `tvault peer rename OLD NEW`, OLD "
      "written exactly as stored";
  EXPECT_EQ(Export("ärztin"), "1 " + ambiguous);
  // Even the exact spelling is not enough to send or to change keys.
  std::string exact = ambiguous;
  exact.replace(exact.find("\"ärztin\""), std::string("\"ärztin\"").size(), "\"Ärztin\"");
  EXPECT_EQ(Export("Ärztin"), "1 " + exact);
  RunResult edit = v_.Run({"peer", "edit", "ärztin", "--minisign-key", kOtherMinisign});
  EXPECT_EQ(edit.exit_code, 1);
  EXPECT_EQ(ErrorLine(edit), ambiguous);
  RunResult vague = v_.Run({"peer", "rename", "ärztin", "Ärztin Amal"});
  EXPECT_EQ(vague.exit_code, 1);
  EXPECT_EQ(CountEvents(v_, "export"), 0u);
  // The exact spelling designates one of them for a rename.
  RunResult rename = v_.Run({"peer", "rename", "ÄRZTIN", "Ärztin Berlin"});
  ASSERT_EQ(rename.exit_code, 0) << rename.err;
  EXPECT_EQ(Export("ärztin"), "");
  EXPECT_EQ(Export("ärztin berlin"), "");
  const json peers = Peers();
  EXPECT_EQ(peers[0]["name"], "Ärztin");
  EXPECT_EQ(peers[1]["name"], "Ärztin Berlin");
  EXPECT_EQ(peers[1]["age_recipient"], kOtherRecipient);
}

}  // namespace
}  // namespace tvault::testing
