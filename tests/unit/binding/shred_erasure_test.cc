// What shred leaves behind (issue #15, item 10): the threat model promises
// that only the shred reason and the statements' hashes survive a shred. The
// free-text reason typed for each amend names people; it must go with the
// record, from the record's rows and from the audit log, while the log still
// verifies.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit/event.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

const std::string kAmendReason = "corrected after Aygul Tursun called from Urumqi";

bool Contains(std::string_view hay, const std::string& needle) {
  return hay.find(needle) != std::string_view::npos;
}

// Every sealed field of every audit event, opened with K_audit as an
// attacker holding the passphrase would: does any of them hold `needle`?
bool AnyEventSecretHolds(TempVault& tv, const std::string& needle) {
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  auto id = Must(raw.db.Prepare("SELECT value FROM meta WHERE key = 'vault_id'"));
  EXPECT_TRUE(Must(id.Step()));
  auto vid = id.ColumnBlob(0);
  const std::vector<uint8_t> vault_id(vid.begin(), vid.end());
  auto st = Must(raw.db.Prepare("SELECT entry FROM audit_events ORDER BY seq"));
  bool found = false;
  while (Must(st.Step())) {
    audit::Event e = Must(audit::ParseEvent(st.ColumnBlob(0)));
    audit::EventSecrets s = Must(audit::OpenSecrets(raw.keys.audit, vault_id, e));
    found |= Contains(s.reason, needle) || Contains(s.detail, needle);
    for (const PlainString& n : s.recipient_names) found |= Contains(n, needle);
  }
  return found;
}

TEST(ShredErasure, AmendReasonsGoWithTheRecord) {
  TempVault tv;
  std::string t;
  {
    Vault v = tv.Open();
    std::string w = Must(v.AddWitness(WitnessDetails{Text("Name"), {}, Text("+1"), {}, {}, {}, {}}));
    t = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one")}))[0].id;
    Must(v.AmendTestimony(t, Utf8("two"), Text(kAmendReason), {}));

    // While the record lives, the log and the custody report show the reason.
    auto events = Must(v.AuditLog(AuditFilter{t, std::nullopt}));
    auto amend = std::find_if(events.begin(), events.end(),
                              [](const AuditEvent& e) { return e.action == "testimony.amend"; });
    ASSERT_NE(amend, events.end());
    EXPECT_EQ(amend->reason, Text(kAmendReason));
    EXPECT_FALSE(amend->reason_erased);
    CustodyReport before = Must(v.Custody(t));
    EXPECT_TRUE(Contains(CustodyReportJson(before), kAmendReason));

    Must(v.Shred(t, Text("witness withdrew consent"), false));

    events = Must(v.AuditLog(AuditFilter{t, std::nullopt}));
    amend = std::find_if(events.begin(), events.end(),
                         [](const AuditEvent& e) { return e.action == "testimony.amend"; });
    ASSERT_NE(amend, events.end());
    EXPECT_TRUE(amend->reason.empty());
    EXPECT_TRUE(amend->reason_erased);
    auto shred = std::find_if(events.begin(), events.end(),
                              [](const AuditEvent& e) { return e.action == "shred"; });
    ASSERT_NE(shred, events.end());
    EXPECT_EQ(shred->reason, Text("witness withdrew consent"));  // the promise keeps it

    CustodyReport after = Must(v.Custody(t));
    EXPECT_FALSE(Contains(CustodyReportJson(after), kAmendReason));
    EXPECT_TRUE(Contains(CustodyReportJson(after), "witness withdrew consent"));
    EXPECT_TRUE(v.AuditVerify({}).ok());
  }
  // Not hidden but gone: no key the vault still holds opens it.
  EXPECT_FALSE(AnyEventSecretHolds(tv, kAmendReason));
}

TEST(ShredErasure, OtherRecordsKeepTheirReasons) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = Must(v.AddWitness(WitnessDetails{Text("Name"), {}, Text("+1"), {}, {}, {}, {}}));
  auto ids = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("a"), Utf8("b")}));
  Must(v.AmendTestimony(ids[0].id, Utf8("a2"), Text("first reason"), {}));
  Must(v.AmendTestimony(ids[1].id, Utf8("b2"), Text("second reason"), {}));
  Must(v.Shred(ids[0].id, Text("gone"), false));
  auto events = Must(v.AuditLog(AuditFilter{ids[1].id, std::nullopt}));
  auto amend = std::find_if(events.begin(), events.end(),
                            [](const AuditEvent& e) { return e.action == "testimony.amend"; });
  ASSERT_NE(amend, events.end());
  EXPECT_EQ(amend->reason, Text("second reason"));
}

TEST(ShredErasure, ImportedAmendReasonsGoWithTheRecordToo) {
  TempVault sender_tv, receiver_tv;
  ScratchDir scratch;
  Vault sender = sender_tv.Open();
  Vault receiver = receiver_tv.Open();
  std::string w = Must(sender.AddWitness(WitnessDetails{Text("Name"), {}, Text("+1"), {}, {}, {}, {}}));
  std::string t = Must(sender.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one")}))[0].id;
  Must(sender.AmendTestimony(t, Utf8("two"), Text(kAmendReason), {}));
  const IdentityInfo me = Must(sender.Identity());
  const IdentityInfo them = Must(receiver.Identity());
  MustOk(sender.AddPeer(Text("receiver"), them.age_recipient, ""));
  MustOk(receiver.AddPeer(Text("sender"), "", me.minisign_public_key));
  ExportRequest req;
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;  // consent is not what this test is about
  req.to = {Text("receiver")};
  req.all = true;
  req.reason = Text("court");
  req.out = scratch.path() / "b.tvb";
  Must(sender.Export(req));
  const ImportResult got = Must(receiver.ImportBundle(req.out, me.minisign_public_key));
  ASSERT_EQ(got.testimonies.size(), 1u);
  const std::string mine = got.testimonies.begin()->second;

  auto amend_of = [&](Vault& v) {
    auto events = Must(v.AuditLog(AuditFilter{mine, std::nullopt}));
    auto it = std::find_if(events.begin(), events.end(),
                           [](const AuditEvent& e) { return e.action == "testimony.amend"; });
    EXPECT_NE(it, events.end());
    return it == events.end() ? AuditEvent{} : *it;
  };
  EXPECT_EQ(amend_of(receiver).reason, Text(kAmendReason));
  Must(receiver.Shred(mine, Text("gone"), false));
  const AuditEvent after = amend_of(receiver);
  EXPECT_TRUE(after.reason.empty());
  EXPECT_TRUE(after.reason_erased);
  EXPECT_TRUE(receiver.AuditVerify({}).ok());
}

}  // namespace
}  // namespace tvault::testing
