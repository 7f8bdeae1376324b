// Vault::PlanShred: what a shred would destroy, computed without changing
// anything, is exactly what Shred then destroys; and Shred of one evidence
// file (E-...) takes that file alone.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

struct Fixture {
  TempVault tv;
  ScratchDir scratch;
  Vault v = tv.Open();
  std::string w, t1, t2;

  Fixture() {
    w = Must(v.AddWitness(WitnessDetails{Text("Name"), {}, {}, {}, {}, {}, {}}));
    t1 = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("12345")}))[0].id;
    Must(v.AmendTestimony(t1, Utf8("1234567"), Text("longer"), {}));
    t2 = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("abc")}))[0].id;
  }
  std::string Evidence(const std::string& testimony, std::size_t size) {
    const fs::path p = scratch.path() / ("ev" + std::to_string(size));
    WriteBytes(p, std::vector<uint8_t>(size, 'x'));
    return Must(v.AddEvidence(testimony, p, {})).id;
  }
  std::size_t Events() { return Must(v.AuditLog({})).size(); }
};

std::vector<std::string> Ids(const ShredPlan& plan) {
  std::vector<std::string> ids;
  for (const ShredPlanItem& i : plan.items) ids.push_back(i.id);
  return ids;
}

TEST(ShredPlan, WitnessCascadeListsWhatShredDestroys) {
  Fixture f;
  const std::string e = f.Evidence(f.t1, 100);
  const std::size_t events = f.Events();
  ShredPlan plan = Must(f.v.PlanShred(f.w, true));
  // AuditLog logs itself; PlanShred added nothing between.
  EXPECT_EQ(f.Events(), events + 1);
  // Testimonies of one second come in id order: find t1 wherever it is.
  ASSERT_EQ(plan.items.size(), 4u);
  const std::size_t i = plan.items[0].id == f.t1 ? 0 : 1;
  EXPECT_EQ(plan.items[i].id, f.t1);
  EXPECT_EQ(plan.items[i].versions, 2u);
  EXPECT_EQ(plan.items[i].size_bytes, 12u);  // 5 + 7
  EXPECT_EQ(plan.items[i + 1].id, e) << "evidence follows its testimony";
  EXPECT_EQ(plan.items[i + 1].testimony_id, f.t1);
  EXPECT_EQ(plan.items[i + 1].size_bytes, 100u);
  EXPECT_EQ(plan.items[i == 0 ? 2 : 0].id, f.t2);
  EXPECT_EQ(plan.items[i == 0 ? 2 : 0].versions, 1u);
  EXPECT_EQ(plan.items[3].id, f.w);
  // Nothing was destroyed by planning.
  EXPECT_TRUE(f.v.GetTestimony(f.t1, std::nullopt).ok());
  ShredReport report = Must(f.v.Shred(f.w, Text("threat"), true));
  EXPECT_EQ(report.shredded_ids, Ids(plan));
}

TEST(ShredPlan, SameRefusalsAsShred) {
  Fixture f;
  auto refused = f.v.PlanShred(f.w, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().detail, ErrorDetail::kHasTestimonies);
  EXPECT_EQ(f.v.PlanShred("T-000000", false).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(f.v.PlanShred("E-000000", false).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(f.v.PlanShred("nonsense", false).error().code, ErrorCode::kInvalidArgument);
}

TEST(ShredPlan, OneEvidenceFileGoesAloneAndLeavesATombstone) {
  Fixture f;
  const std::string kept = f.Evidence(f.t1, 10);
  const std::string doomed = f.Evidence(f.t1, 20);
  ShredPlan plan = Must(f.v.PlanShred(doomed, false));
  ASSERT_EQ(Ids(plan), std::vector<std::string>{doomed});
  EXPECT_EQ(plan.items[0].testimony_id, f.t1);
  EXPECT_EQ(plan.items[0].size_bytes, 20u);

  ShredReport report = Must(f.v.Shred(doomed, Text("consent withdrawn"), false));
  EXPECT_EQ(report.shredded_ids, std::vector<std::string>{doomed});
  std::vector<EvidenceInfo> left = Must(f.v.ListEvidence(f.t1));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, kept);
  EXPECT_TRUE(f.v.GetTestimony(f.t1, std::nullopt).ok());
  EXPECT_FALSE(fs::exists(f.tv.dir() / "evidence" / (doomed + ".tve")));
  EXPECT_EQ(f.v.ShowEvidence(doomed).error().code, ErrorCode::kNotFound);

  std::vector<Tombstone> tombs = Must(f.v.ListTombstones());
  ASSERT_EQ(tombs.size(), 1u);
  EXPECT_EQ(tombs[0].id, doomed);
  EXPECT_EQ(tombs[0].reason, Text("consent withdrawn"));
  // The testimony's custody shows the shred of its evidence.
  CustodyReport custody = Must(f.v.Custody(f.t1));
  EXPECT_TRUE(std::any_of(custody.events.begin(), custody.events.end(), [&](const CustodyEvent& c) {
    return c.event.action == "shred" && c.event.object_id == doomed;
  }));
  Must(f.v.AuditVerify({}));
  Must(f.v.Check());
}

}  // namespace
}  // namespace tvault::testing
