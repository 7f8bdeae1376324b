// Consent records and holds through the public API (docs/format.md section
// 4.9): migration of a schema-3 vault, and `audit verify` replaying consent
// and hold rows changed behind tvault's back.
#include <gtest/gtest.h>

#include "storage/schema.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

int64_t Count(RawVault& raw, const std::string& sql) {
  return Must(raw.db.QueryInt(sql)).value_or(-1);
}

struct Work {
  TempVault tv;
  std::string w, t;
  Work() {
    Vault v = tv.Open();
    WitnessDetails d;
    d.name = Text("Amal");
    w = Must(v.AddWitness(d));
    TestimonyMetadata m;
    m.title = Text("detention");
    std::vector<StatementSource> sources{[] { return Result<PlainBytes>(PlainBytes{'a'}); }};
    t = Must(v.AddTestimonies(w, m, sources))[0].id;
  }
};

NewConsent Court() {
  NewConsent c;
  c.scopes = static_cast<ConsentScopes>(ConsentScope::kCourt);
  return c;
}

Status Verify(const TempVault& tv) {
  Vault v = tv.Open();
  auto r = v.AuditVerify({});
  return r.ok() ? OkStatus() : Status(r.error());
}

void ExpectTampered(const TempVault& tv, const std::string& what) {
  Status s = Verify(tv);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(s.error().message.find(what), std::string::npos) << s.error().message;
}

TEST(ConsentVault, SchemaThreeVaultIsMigrated) {
  Work k;
  {
    RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
    ExecOrFail(raw.db,
               "DROP TABLE consent_records; DROP TABLE holds; DROP TABLE case_retention; "
               "UPDATE meta SET value = 3 WHERE key = 'schema_version'");
  }
  {
    OpenOptions ro;
    ro.read_only = true;
    Vault v = Must(Vault::Open(k.tv.dir(), Pass(k.tv.passphrase()), ro));
    EXPECT_FALSE(Must(v.ShowConsent(k.t)).in_effect.has_value());
    EXPECT_TRUE(Must(v.ListHolds()).empty());
    EXPECT_TRUE(Must(v.Due()).empty());
  }
  {
    Vault v = k.tv.Open();
    EXPECT_EQ(Must(v.RecordConsent(k.t, Court())), 1u);
    MustOk(v.AddHold(k.w, Text("order")));
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
  EXPECT_EQ(Count(raw, "SELECT value FROM meta WHERE key = 'schema_version'"),
            storage::kSchemaVersion);
  EXPECT_GE(storage::kSchemaVersion, 4);  // migrated to the current version, 4 or later
  EXPECT_EQ(Count(raw, "SELECT count(*) FROM consent_records"), 1);
}

TEST(ConsentVault, AuditVerifyFindsADeletedConsentRecord) {
  Work k;
  {
    Vault v = k.tv.Open();
    (void)Must(v.RecordConsent(k.w, Court()));
    (void)Must(v.WithdrawConsent(k.w, Text("afraid")));
  }
  MustOk(Verify(k.tv));
  {
    // Deleting the withdrawal would make the witness's consent count again.
    RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM consent_records WHERE number = 2");
  }
  ExpectTampered(k.tv, "consent record " + k.w + "@2 but it is gone");
}

TEST(ConsentVault, AuditVerifyFindsAForgedOrMovedConsentRecord) {
  Work k;
  {
    Vault v = k.tv.Open();
    (void)Must(v.RecordConsent(k.w, Court()));
  }
  {
    // A copy of the witness's record claimed for the testimony: it fails to
    // open under the testimony's address, and no event records it.
    RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
    ExecOrFail(raw.db, "INSERT INTO consent_records SELECT '" + k.t +
                           "', 1, created_at, wrapped_key, fields FROM consent_records");
  }
  ExpectTampered(k.tv, "consent record " + k.t + "@1 is in the database but no audit event");
  Vault v = k.tv.Open();
  auto shown = v.ShowConsent(k.t);
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, ErrorCode::kIntegrity);
}

TEST(ConsentVault, AuditVerifyFindsADeletedHold) {
  Work k;
  {
    Vault v = k.tv.Open();
    MustOk(v.AddHold(k.t, Text("order")));
    MustOk(v.AddHold(k.w, Text("order")));
    MustOk(v.RemoveHold(k.w));
  }
  MustOk(Verify(k.tv));
  {
    RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM holds");
  }
  ExpectTampered(k.tv, "placed a hold on " + k.t);
}

TEST(ConsentVault, ShredDeletesTheConsentRecordsAndVerifyAccepts) {
  Work k;
  {
    Vault v = k.tv.Open();
    (void)Must(v.RecordConsent(k.t, Court()));
    (void)Must(v.Shred(k.t, Text("witness asked"), false));
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(k.tv.dir(), k.tv.passphrase());
  EXPECT_EQ(Count(raw, "SELECT count(*) FROM consent_records"), 0);
}

}  // namespace
}  // namespace tvault::testing
