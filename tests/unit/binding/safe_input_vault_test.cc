// The library side of tvault #12's safe-input items: a duplicate amendment
// is refused, failed unlocks are reported with the time of the first, and a
// request can be checked without a vault.
#include <gtest/gtest.h>

#include <ctime>

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

TEST(UnlockFailures, AreReportedWithTheTimeOfTheFirst) {
  TempVault tv;
  const int64_t start = static_cast<int64_t>(std::time(nullptr));
  ASSERT_FALSE(tv.TryOpen("wrong").ok());
  ASSERT_FALSE(tv.TryOpen("wrong again").ok());
  const int64_t end = static_cast<int64_t>(std::time(nullptr));
  {
    Vault v = tv.Open();
    EXPECT_EQ(v.unlock_failures().count, 2u);
    ASSERT_TRUE(v.unlock_failures().since_unix_s.has_value());
    EXPECT_GE(*v.unlock_failures().since_unix_s, start);
    EXPECT_LE(*v.unlock_failures().since_unix_s, end);
  }
  Vault again = tv.Open();
  EXPECT_EQ(again.unlock_failures().count, 0u);
  EXPECT_FALSE(again.unlock_failures().since_unix_s.has_value());
}

TEST(CheckedWithoutAVault, MetadataPeersAndInitTarget) {
  TestimonyMetadata m;
  m.taken_at = Text("2026-02-29");
  auto date = ValidateTestimonyMetadata(m);
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.error().detail, ErrorDetail::kBadDate);
  m.taken_at = Text("2028-02-29");
  EXPECT_TRUE(ValidateTestimonyMetadata(m).ok());

  EXPECT_EQ(ValidatePeer(Text(""), "age1x", "").error().detail, ErrorDetail::kPeerNameMissing);
  EXPECT_EQ(ValidatePeer(Text("p"), "", "").error().detail, ErrorDetail::kPeerNeedsKey);
  EXPECT_EQ(ValidatePeer(Text("p"), "age1x", "").error().code, ErrorCode::kInvalidArgument);

  TempVault tv;
  auto init = Vault::CheckInit(tv.dir(), {});
  ASSERT_FALSE(init.ok());
  EXPECT_EQ(init.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(Vault::CheckInit(tv.dir() / "new", {}).ok());
  InitOptions bad_name;
  bad_name.custodian_name = Text("Am\xff" "al");
  auto name = Vault::CheckInit(tv.dir() / "new", bad_name);
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(name.error().message, "the custodian name is not valid UTF-8 (byte 0xFF at offset 2)");
  EXPECT_FALSE(std::filesystem::exists(tv.dir() / "new"));
}

}  // namespace
}  // namespace tvault::testing
