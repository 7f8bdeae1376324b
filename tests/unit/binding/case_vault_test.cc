// Cases through the public API (docs/format.md section 4.6): add, edit with
// history, membership, the case filters, shred, audit events, migration.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/schema.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

CaseDetails Details(const std::string& title, const std::string& reference = "",
                    const std::string& notes = "") {
  return CaseDetails{Text(title), Text(reference), Text(notes)};
}

std::size_t CountEvents(Vault& v, const std::string& action) {
  auto log = Must(v.AuditLog({}));
  return static_cast<std::size_t>(
      std::count_if(log.begin(), log.end(), [&](const AuditEvent& e) { return e.action == action; }));
}

// A vault with one witness, two testimonies of it, and one case.
struct CaseFixture {
  TempVault tv;
  Vault v = tv.Open();
  std::string w, t1, t2, c;
  CaseFixture() {
    WitnessDetails d;
    d.name = Text("Gulnar");
    w = Must(v.AddWitness(d));
    auto added = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one"), Utf8("two")}));
    t1 = added[0].id;
    t2 = added[1].id;
    c = Must(v.AddCase(Details("Xinjiang detention \xE2\x80\x93 UN submission 2027", "UN-123")));
  }
};

TEST(Cases, AddShowListWithRandomIds) {
  CaseFixture f;
  EXPECT_EQ(f.c.size(), 7u);
  EXPECT_EQ(f.c.substr(0, 2), "C-");
  std::string lower = f.c;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
  EXPECT_EQ(Must(NormalizeRecordId(lower)), f.c);

  Case c = Must(f.v.GetCase(lower));
  EXPECT_EQ(c.id, f.c);
  EXPECT_EQ(c.version, 1u);
  EXPECT_EQ(c.details.title, Text("Xinjiang detention \xE2\x80\x93 UN submission 2027"));
  EXPECT_EQ(c.details.reference, Text("UN-123"));
  EXPECT_TRUE(c.witnesses.empty());
  EXPECT_TRUE(c.testimonies.empty());

  const std::string other = Must(f.v.AddCase(Details("Second matter")));
  EXPECT_NE(other, f.c);
  auto list = Must(f.v.ListCases());
  ASSERT_EQ(list.size(), 2u);
  // Ordered by creation time, then id: both were made in the same second.
  const CaseSummary& first = list[0].id == f.c ? list[0] : list[1];
  const CaseSummary& second = list[0].id == f.c ? list[1] : list[0];
  EXPECT_EQ(first.id, f.c);
  EXPECT_EQ(first.reference, Text("UN-123"));
  EXPECT_EQ(second.id, other);
  EXPECT_EQ(second.title, Text("Second matter"));
  EXPECT_EQ(CountEvents(f.v, "case.add"), 2u);
}

TEST(Cases, TitleIsRequiredAndTextMustBeUtf8) {
  CaseFixture f;
  auto empty = f.v.AddCase(CaseDetails{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto bad = f.v.AddCase(Details("ok", "", "bad \xFF byte"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().detail, ErrorDetail::kTextNotUtf8);
  EXPECT_TRUE(bad.error().message.starts_with("the case notes")) << bad.error().message;
  EXPECT_EQ(Must(f.v.ListCases()).size(), 1u);
}

TEST(Cases, EditStoresANewVersionAndRefusesNoChange) {
  CaseFixture f;
  EXPECT_EQ(Must(f.v.EditCase(f.c, Details("", "", "hearing moved to May"))), 2u);
  EXPECT_EQ(Must(f.v.EditCase(f.c, Details("Renamed"))), 3u);
  Case c = Must(f.v.GetCase(f.c));
  EXPECT_EQ(c.version, 3u);
  EXPECT_EQ(c.details.title, Text("Renamed"));
  EXPECT_EQ(c.details.reference, Text("UN-123"));  // kept
  EXPECT_EQ(c.details.notes, Text("hearing moved to May"));

  auto same = f.v.EditCase(f.c, Details("Renamed"));
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(same.error().detail, ErrorDetail::kSameAsVersion);
  auto nothing = f.v.EditCase(f.c, CaseDetails{});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Must(f.v.GetCase(f.c)).version, 3u);
  EXPECT_EQ(CountEvents(f.v, "case.edit"), 2u);
  (void)Must(f.v.AuditVerify({}));
}

TEST(Cases, EditKeepsEveryVersion) {
  TempVault tv;
  std::string c;
  {
    Vault v = tv.Open();
    c = Must(v.AddCase(Details("First")));
    Must(v.EditCase(c, Details("Second")));
  }
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  auto n = Must(raw.db.QueryInt("SELECT count(*) FROM case_versions"));
  EXPECT_EQ(n.value_or(0), 2);
}

TEST(Cases, AuditVerifyFindsARolledBackCaseEdit) {
  TempVault tv;
  {
    Vault v = tv.Open();
    const std::string c = Must(v.AddCase(Details("First")));
    Must(v.EditCase(c, Details("Second")));
    (void)Must(v.AuditVerify({}));
  }
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM case_versions WHERE version = 2; UPDATE cases SET versions = 1");
  }
  Vault v = tv.Open();
  auto r = v.AuditVerify({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find("gone from the database"), std::string::npos)
      << r.error().message;
}

TEST(Cases, AMovedCaseBlobFailsToAuthenticate) {
  TempVault tv;
  std::string c;
  {
    Vault v = tv.Open();
    c = Must(v.AddCase(Details("First")));
    Must(v.EditCase(c, Details("Second")));
  }
  {
    // Version 1's blob presented as version 2 (an attacker with the
    // database key rolling the title back).
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db,
               "UPDATE case_versions SET "
               "wrapped_key = (SELECT wrapped_key FROM case_versions WHERE version = 1), "
               "fields = (SELECT fields FROM case_versions WHERE version = 1) WHERE version = 2");
  }
  Vault v = tv.Open();
  auto shown = v.GetCase(c);
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, ErrorCode::kIntegrity);
  auto checked = v.Check();
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kIntegrity);
}

TEST(Cases, AssignAndUnassignWitnessesAndTestimonies) {
  CaseFixture f;
  const std::string other = Must(f.v.AddCase(Details("Other")));
  MustOk(f.v.AssignToCase(f.c, std::vector<std::string>{f.w, f.t1, f.t1}));
  MustOk(f.v.AssignToCase(other, std::vector<std::string>{f.t1}));  // several cases
  Case c = Must(f.v.GetCase(f.c));
  EXPECT_EQ(c.witnesses, std::vector<std::string>{f.w});
  EXPECT_EQ(c.testimonies, std::vector<std::string>{f.t1});
  auto listed = Must(f.v.ListTestimonies(ListFilter{f.c, std::nullopt}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, f.t1);
  EXPECT_EQ(Must(f.v.ListWitnesses(ListFilter{f.c, std::nullopt})).size(), 1u);
  EXPECT_EQ(Must(f.v.ListWitnesses(ListFilter{other, std::nullopt})).size(), 0u);
  EXPECT_EQ(Must(f.v.ListTestimonies()).size(), 2u);  // no filter: all

  MustOk(f.v.UnassignFromCase(f.c, std::vector<std::string>{f.t1}));
  EXPECT_TRUE(Must(f.v.GetCase(f.c)).testimonies.empty());
  EXPECT_EQ(Must(f.v.GetCase(other)).testimonies, std::vector<std::string>{f.t1});
  EXPECT_EQ(CountEvents(f.v, "case.assign"), 2u);
  EXPECT_EQ(CountEvents(f.v, "case.unassign"), 1u);
  (void)Must(f.v.AuditVerify({}));
}

TEST(Cases, BadAssignmentsChangeNothing) {
  CaseFixture f;
  MustOk(f.v.AssignToCase(f.c, std::vector<std::string>{f.t1}));
  const std::size_t events = Must(f.v.AuditLog({})).size();
  struct Case_ {
    std::vector<std::string> ids;
    ErrorCode code;
    std::string names;
  };
  const std::vector<Case_> bad = {
      {{f.t2, f.t1}, ErrorCode::kFailedPrecondition, f.t1},  // already in: refused
      {{f.t2, "T-000000"}, ErrorCode::kNotFound, "T-000000"},
      {{"W-00000"}, ErrorCode::kNotFound, "W-00000"},
      {{f.c}, ErrorCode::kInvalidArgument, f.c},  // a case is not a member
      {{"T-12"}, ErrorCode::kInvalidArgument, "T-12"},
      {{}, ErrorCode::kInvalidArgument, ""},
  };
  for (const Case_& b : bad) {
    Status s = f.v.AssignToCase(f.c, b.ids);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, b.code) << s.error().message;
    EXPECT_NE(s.error().message.find(b.names), std::string::npos) << s.error().message;
  }
  Status unknown_case = f.v.AssignToCase("C-00000", std::vector<std::string>{f.t2});
  ASSERT_FALSE(unknown_case.ok());
  EXPECT_EQ(unknown_case.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown_case.error().message, "no case C-00000 in this vault");
  Status wrong_kind = f.v.AssignToCase(f.w, std::vector<std::string>{f.t2});
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.error().code, ErrorCode::kInvalidArgument);
  Status not_member = f.v.UnassignFromCase(f.c, std::vector<std::string>{f.t1, f.t2});
  ASSERT_FALSE(not_member.ok());
  EXPECT_EQ(not_member.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(not_member.error().message.find(f.t2), std::string::npos);

  EXPECT_EQ(Must(f.v.GetCase(f.c)).testimonies, std::vector<std::string>{f.t1});
  // Only the first AuditLog read and GetCase were logged (views); no change.
  EXPECT_EQ(Must(f.v.AuditLog({})).size(), events + 2);
}

TEST(Cases, IntakeWithACaseIsOneTransaction) {
  CaseFixture f;
  WitnessDetails d;
  d.name = Text("Second");
  const std::string w2 = Must(f.v.AddWitness(d, f.c));
  auto added = Must(f.v.AddTestimonies(w2, {}, std::vector<StatementSource>{Utf8("x")}, f.c));
  Case c = Must(f.v.GetCase(f.c));
  EXPECT_EQ(c.witnesses, std::vector<std::string>{w2});
  EXPECT_EQ(c.testimonies, std::vector<std::string>{added[0].id});

  auto unknown = f.v.AddTestimonies(w2, {}, std::vector<StatementSource>{Utf8("y")}, "C-00000");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto no_witness = f.v.AddWitness(d, "C-00000");
  ASSERT_FALSE(no_witness.ok());
  EXPECT_EQ(Must(f.v.ListTestimonies()).size(), 3u);  // nothing stored
  EXPECT_EQ(Must(f.v.ListWitnesses()).size(), 2u);
}

// Membership rows are replayed from case.assign / case.unassign events: a
// row added, deleted or moved to another case behind tvault's back is found.
TEST(Cases, AuditVerifyFindsMembershipTampering) {
  struct Tamper {
    std::string sql_template;  // {C} the case, {T1} {T2} the testimonies
    std::string needle;
  };
  const std::vector<Tamper> tampering = {
      {"INSERT INTO case_members(case_id, record_id, added_at) VALUES ('{C}', '{T2}', 0)",
       "no audit event assigned it"},
      {"DELETE FROM case_members WHERE record_id = '{T1}'", "without a case.unassign event"},
      {"UPDATE case_members SET record_id = '{T2}' WHERE record_id = '{T1}'",
       "no audit event assigned it"},
  };
  for (const Tamper& t : tampering) {
    TempVault tv;
    std::string sql = t.sql_template;
    {
      Vault v = tv.Open();
      WitnessDetails d;
      d.name = Text("Gulnar");
      const std::string w = Must(v.AddWitness(d));
      auto added =
          Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one"), Utf8("two")}));
      const std::string c = Must(v.AddCase(Details("Case")));
      MustOk(v.AssignToCase(c, std::vector<std::string>{w, added[0].id}));
      MustOk(v.UnassignFromCase(c, std::vector<std::string>{w}));
      (void)Must(v.AuditVerify({}));
      for (auto [key, value] : {std::pair{std::string("{C}"), c},
                                {std::string("{T1}"), added[0].id},
                                {std::string("{T2}"), added[1].id}}) {
        for (std::size_t at; (at = sql.find(key)) != std::string::npos;) {
          sql.replace(at, key.size(), value);
        }
      }
    }
    {
      RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
      ExecOrFail(raw.db, sql);
    }
    Vault v = tv.Open();
    auto r = v.AuditVerify({});
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(t.needle), std::string::npos) << sql << ": " << r.error().message;
  }
}

TEST(Cases, ShredRemovesMembershipsAndLogsIt) {
  CaseFixture f;
  const std::string other = Must(f.v.AddCase(Details("Other")));
  MustOk(f.v.AssignToCase(f.c, std::vector<std::string>{f.w, f.t1}));
  MustOk(f.v.AssignToCase(other, std::vector<std::string>{f.t1}));
  Must(f.v.Shred(f.t1, Text("witness asked"), false));
  EXPECT_TRUE(Must(f.v.GetCase(f.c)).testimonies.empty());
  EXPECT_TRUE(Must(f.v.GetCase(other)).testimonies.empty());
  auto log = Must(f.v.AuditLog({}));
  std::size_t shred_unassigns = 0;
  for (const AuditEvent& e : log) {
    if (e.action == "case.unassign" && e.detail == Text("shred")) {
      EXPECT_EQ(e.refs, std::vector<std::string>{f.t1});
      ++shred_unassigns;
    }
  }
  EXPECT_EQ(shred_unassigns, 2u);
  // A shredded record cannot be assigned again.
  Status again = f.v.AssignToCase(f.c, std::vector<std::string>{f.t1});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  EXPECT_NE(again.error().message.find("shredded"), std::string::npos);
  // The witness with cascade leaves the case too.
  Must(f.v.Shred(f.w, Text("gone"), true));
  EXPECT_TRUE(Must(f.v.GetCase(f.c)).witnesses.empty());
  (void)Must(f.v.AuditVerify({}));
}

TEST(Cases, CustodyShowsAssignments) {
  CaseFixture f;
  MustOk(f.v.AssignToCase(f.c, std::vector<std::string>{f.w, f.t1}));
  for (const std::string& id : {f.t1, f.w}) {
    CustodyReport r = Must(f.v.Custody(id));
    EXPECT_TRUE(std::any_of(r.events.begin(), r.events.end(), [&](const CustodyEvent& e) {
      return e.event.action == "case.assign" && e.event.object_id == f.c;
    })) << id;
  }
}

TEST(Cases, ExportByCaseTakesTheAssignedTestimonies) {
  CaseFixture f;
  const std::string empty = Must(f.v.AddCase(Details("Empty")));
  MustOk(f.v.AddPeer(Text("self"), Must(f.v.Identity()).age_recipient, ""));
  MustOk(f.v.AssignToCase(f.c, std::vector<std::string>{f.w, f.t2}));
  ScratchDir out;
  ExportRequest req;
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;  // consent is not what this test is about
  req.to = {Text("self")};
  req.reason = Text("submission");
  req.out = out.path() / "empty.tvb";
  req.case_id = empty;
  auto none = f.v.Export(req);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(none.error().message.find(empty), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(req.out));

  req.case_id = f.c;
  req.out = out.path() / "case.tvb";
  ExportResult r = Must(f.v.Export(req));
  EXPECT_EQ(r.records, 1u);  // t2 only: t1 is not assigned though its witness is

  req.testimonies = {f.t1};
  req.out = out.path() / "both.tvb";
  auto both = f.v.Export(req);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, ErrorCode::kInvalidArgument);
}

TEST(Cases, SchemaOneVaultIsMigrated) {
  TempVault tv;
  std::string w;
  {
    Vault v = tv.Open();
    WitnessDetails d;
    d.name = Text("Before cases");
    w = Must(v.AddWitness(d));
  }
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db,
               "DROP TABLE case_members; DROP TABLE case_versions; DROP TABLE cases; "
               "UPDATE meta SET value = 1 WHERE key = 'schema_version'");
  }
  {
    OpenOptions ro;
    ro.read_only = true;
    Vault v = Must(Vault::Open(tv.dir(), Pass(tv.passphrase()), ro));
    EXPECT_TRUE(Must(v.ListCases()).empty());
    EXPECT_EQ(Must(v.ListWitnesses()).size(), 1u);
    auto c = v.GetCase("C-00000");
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
  }
  {
    Vault v = tv.Open();
    const std::string c = Must(v.AddCase(Details("After")));
    MustOk(v.AssignToCase(c, std::vector<std::string>{w}));
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
  EXPECT_EQ(Must(raw.db.QueryInt("SELECT value FROM meta WHERE key = 'schema_version'")),
            storage::kSchemaVersion);
}

}  // namespace
}  // namespace tvault::testing
