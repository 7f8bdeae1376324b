// Witness edits with history through the public API (docs/format.md section
// 4.7): new versions under fresh keys, history with changed field names,
// reading a version, identical edits refused, shred of every version,
// `check` and `audit verify` over the versions, and migration of a schema-2
// vault.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/schema.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

std::size_t CountEvents(Vault& v, const std::string& action) {
  auto log = Must(v.AuditLog({}));
  return static_cast<std::size_t>(
      std::count_if(log.begin(), log.end(), [&](const AuditEvent& e) { return e.action == action; }));
}

WitnessDetails Amal() {
  WitnessDetails d;
  d.name = Text("Amal");
  d.aliases = {Text("Umm Ali")};
  d.phone = Text("+963 11 111");
  d.email = Text("amal@example.org");
  return d;
}

WitnessChanges Phone(const std::string& phone) {
  WitnessChanges c;
  c.phone = Text(phone);
  return c;
}

int64_t Count(RawVault& raw, const std::string& sql) {
  return Must(raw.db.QueryInt(sql)).value_or(-1);
}

TEST(WitnessEdit, NewVersionKeepsTheOldOne) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = Must(v.AddWitness(Amal()));
  EXPECT_EQ(Must(v.EditWitness(w, Phone("+963 22 222"), Text("old number is tapped"))), 2u);

  Witness latest = Must(v.GetWitness(w));
  EXPECT_EQ(latest.version, 2u);
  EXPECT_EQ(latest.version_count, 2u);
  EXPECT_EQ(latest.details.phone, Text("+963 22 222"));
  EXPECT_EQ(latest.details.email, Text("amal@example.org"));  // not given: kept
  EXPECT_EQ(latest.details.aliases, std::vector<PlainString>{Text("Umm Ali")});

  Witness first = Must(v.GetWitness(w, 1));
  EXPECT_EQ(first.version, 1u);
  EXPECT_EQ(first.details.phone, Text("+963 11 111"));
  EXPECT_EQ(Must(v.GetWitness(w, 2)).details.phone, Text("+963 22 222"));

  // Clearing a field, replacing the aliases.
  WitnessChanges c;
  c.email = PlainString();
  c.aliases = std::vector<PlainString>{};
  EXPECT_EQ(Must(v.EditWitness(w, c, PlainString())), 3u);
  Witness third = Must(v.GetWitness(w));
  EXPECT_TRUE(third.details.email.empty());
  EXPECT_TRUE(third.details.aliases.empty());
  EXPECT_EQ(third.details.phone, Text("+963 22 222"));

  // The list and the search see the latest version.
  auto list = Must(v.ListWitnesses());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, Text("Amal"));
}

TEST(WitnessEdit, HistoryNamesChangedFieldsAndValuesOnlyWhenAsked) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = Must(v.AddWitness(Amal()));
  WitnessChanges c = Phone("+963 22 222");
  c.notes = Text("moved to Gaziantep");
  (void)Must(v.EditWitness(w, c, Text("relocated")));
  WitnessChanges n;
  n.name = Text("Amal K.");
  (void)Must(v.EditWitness(w, n, PlainString()));

  auto history = Must(v.WitnessHistory(w));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].version, 1u);
  EXPECT_TRUE(history[0].changed_fields.empty());
  EXPECT_TRUE(history[0].reason.empty());
  EXPECT_EQ(history[1].changed_fields, (std::vector<std::string>{"phone", "notes"}));
  EXPECT_EQ(history[1].reason, Text("relocated"));
  EXPECT_EQ(history[2].changed_fields, std::vector<std::string>{"name"});
  for (const auto& h : history) EXPECT_FALSE(h.details.has_value());
  EXPECT_EQ(CountEvents(v, "witness.history"), 1u);
  EXPECT_EQ(CountEvents(v, "witness.history_values"), 0u);

  auto with = Must(v.WitnessHistory(w, true));
  ASSERT_TRUE(with[0].details.has_value());
  EXPECT_EQ(with[0].details->phone, Text("+963 11 111"));
  EXPECT_EQ(with[2].details->name, Text("Amal K."));
  EXPECT_EQ(CountEvents(v, "witness.history_values"), 1u);
  EXPECT_EQ(CountEvents(v, "witness.edit"), 2u);
}

TEST(WitnessEdit, RefusalsChangeNothing) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = Must(v.AddWitness(Amal()));
  auto events = Must(v.AuditLog({})).size();

  auto same = v.EditWitness(w, Phone("+963 11 111"), Text("typo"));
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(same.error().detail, ErrorDetail::kSameAsVersion);
  EXPECT_NE(same.error().message.find("version 1"), std::string::npos) << same.error().message;

  auto none = v.EditWitness(w, WitnessChanges{}, PlainString());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);

  WitnessChanges no_name;
  no_name.name = PlainString();
  auto cleared = v.EditWitness(w, no_name, PlainString());
  ASSERT_FALSE(cleared.ok());
  EXPECT_EQ(cleared.error().detail, ErrorDetail::kNameMissing);

  auto unknown = v.EditWitness("W-22222", Phone("1"), PlainString());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto testimony = v.EditWitness("T-2222222", Phone("1"), PlainString());
  ASSERT_FALSE(testimony.ok());
  EXPECT_EQ(testimony.error().code, ErrorCode::kInvalidArgument);

  auto too_far = v.GetWitness(w, 2);
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.error().code, ErrorCode::kNotFound);
  EXPECT_NE(too_far.error().message.find("1 to 1"), std::string::npos) << too_far.error().message;

  // Only the refused reads above... none of them was logged, nothing stored.
  EXPECT_EQ(Must(v.AuditLog({})).size(), events + 1);  // + the audit.view of the first AuditLog
  EXPECT_EQ(Must(v.GetWitness(w)).version, 1u);
}

TEST(WitnessEdit, ShredRemovesEveryVersion) {
  TempVault tv;
  std::string w;
  {
    Vault v = tv.Open();
    w = Must(v.AddWitness(Amal()));
    (void)Must(v.EditWitness(w, Phone("2"), PlainString()));
    (void)Must(v.EditWitness(w, Phone("3"), PlainString()));
    ShredPlan plan = Must(v.PlanShred(w, false));
    ASSERT_EQ(plan.items.size(), 1u);
    EXPECT_EQ(plan.items[0].versions, 3u);
    (void)Must(v.Shred(w, Text("witness asked"), false));
    (void)Must(v.Check());
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  EXPECT_EQ(Count(raw, "SELECT count(*) FROM witness_versions"), 0);
  EXPECT_EQ(Count(raw, "SELECT count(*) FROM witnesses"), 0);
}

TEST(WitnessEdit, CheckAndAuditVerifyCoverEveryVersion) {
  TempVault tv;
  std::string w;
  {
    Vault v = tv.Open();
    w = Must(v.AddWitness(Amal()));
    (void)Must(v.EditWitness(w, Phone("2"), PlainString()));
    (void)Must(v.EditWitness(w, Phone("3"), PlainString()));
    (void)Must(v.Check());
    (void)Must(v.AuditVerify({}));
  }
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM witness_versions WHERE version = 2");
  }
  Vault v = tv.Open();
  auto checked = v.Check();
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(checked.error().message.find("lost version 2"), std::string::npos)
      << checked.error().message;
  auto verified = v.AuditVerify({});
  ASSERT_FALSE(verified.ok());
  EXPECT_NE(verified.error().message.find("gone from the database"), std::string::npos)
      << verified.error().message;
}

TEST(WitnessEdit, VersionMovedToAnotherNumberDoesNotOpen) {
  TempVault tv;
  std::string w;
  {
    Vault v = tv.Open();
    w = Must(v.AddWitness(Amal()));
    (void)Must(v.EditWitness(w, Phone("2"), PlainString()));
    (void)Must(v.EditWitness(w, Phone("3"), PlainString()));
  }
  {
    // Version 1's blob relabelled as version 2 (2 deleted): the address
    // sealed with it says version 1.
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM witness_versions WHERE version = 2; "
                       "UPDATE witness_versions SET version = 2 WHERE version = 1");
  }
  Vault v = tv.Open();
  auto shown = v.GetWitness(w, 2);
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, ErrorCode::kIntegrity);
  auto checked = v.Check();
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kIntegrity);
}

TEST(WitnessEdit, SchemaTwoVaultIsMigrated) {
  TempVault tv;
  std::string w;
  {
    Vault v = tv.Open();
    w = Must(v.AddWitness(Amal()));
  }
  {
    // What a version-2 vault looks like: no witness_versions table, no
    // version_created_at column (SQLite of SQLCipher 3.4 cannot drop a
    // column: the table is rebuilt without it).
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db,
               "DROP TABLE witness_versions; "
               "CREATE TABLE w2(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, "
               "version INTEGER NOT NULL, wrapped_key BLOB NOT NULL, contact BLOB NOT NULL); "
               "INSERT INTO w2 SELECT id, created_at, version, wrapped_key, contact FROM witnesses; "
               "DROP TABLE witnesses; ALTER TABLE w2 RENAME TO witnesses; "
               "UPDATE meta SET value = 2 WHERE key = 'schema_version'");
  }
  {
    OpenOptions ro;
    ro.read_only = true;
    Vault v = Must(Vault::Open(tv.dir(), Pass(tv.passphrase()), ro));
    Witness got = Must(v.GetWitness(w));
    EXPECT_EQ(got.version, 1u);
    EXPECT_EQ(got.details.phone, Text("+963 11 111"));
    EXPECT_EQ(Must(v.WitnessHistory(w)).size(), 1u);
    (void)Must(v.Check());
  }
  {
    Vault v = tv.Open();
    EXPECT_EQ(Must(v.EditWitness(w, Phone("2"), Text("after migration"))), 2u);
    EXPECT_EQ(Must(v.GetWitness(w, 1)).details.phone, Text("+963 11 111"));
    (void)Must(v.Check());
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  EXPECT_EQ(Count(raw, "SELECT value FROM meta WHERE key = 'schema_version'"),
            storage::kSchemaVersion);
  EXPECT_EQ(Count(raw, "SELECT count(*) FROM witness_versions"), 1);
}

TEST(WitnessEdit, NewerSchemaIsRefused) {
  TempVault tv;
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, "UPDATE meta SET value = " + std::to_string(storage::kSchemaVersion + 1) +
                           " WHERE key = 'schema_version'");
  }
  auto opened = tv.TryOpen(tv.passphrase());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace tvault::testing
