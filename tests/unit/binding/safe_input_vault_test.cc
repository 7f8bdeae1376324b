// The library side of tvault #12's safe-input items: a duplicate amendment
// is refused, failed unlocks are reported with the time of the first, and a
// request can be checked without a vault.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace tvault::testing {
namespace {

StatementSource Bytes(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

TEST(AmendIdentical, TheLatestBytesAreRefusedAndNothingIsWritten) {
  TempVault tv;
  Vault v = tv.Open();
  const std::string w = Must(v.AddWitness(WitnessDetails{Text("N"), {}, {}, {}, {}, {}, {}}));
  const std::string t =
      Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Bytes("one")}))[0].id;
  auto same = v.AmendTestimony(t, Bytes("one"), Text("again"), {});
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(same.error().detail, ErrorDetail::kSameAsVersion);
  EXPECT_EQ(same.error().message,
            "the new statement is identical to version 1 of " + t + " (the latest); nothing "
            "was stored");
  for (const AuditEvent& e : Must(v.AuditLog({}))) EXPECT_NE(e.action, "testimony.amend");
  EXPECT_EQ(Must(v.TestimonyHistory(t)).size(), 1u);
  EXPECT_EQ(Must(v.AmendTestimony(t, Bytes("two"), Text("r"), {})), 2u);
}

}  // namespace
}  // namespace tvault::testing
