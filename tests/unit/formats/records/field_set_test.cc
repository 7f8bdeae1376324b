#include <gtest/gtest.h>

#include "records/field_set.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

constexpr uint16_t kTags[] = {1, 2, 3, 16};

TEST(FieldSet, RoundTripIsCanonical) {
  FieldSet f;
  f.SetText(3, Text("three"));
  f.SetText(1, Text(""));
  f.SetU64(16, 0x0102030405060708ull);
  f.SetList(2, {Text("a"), Text(""), Text("ccc")});
  PlainBytes bytes = f.Serialize();
  FieldSet g = Must(FieldSet::Parse(bytes, kTags));
  EXPECT_EQ(g.Serialize(), bytes);
  EXPECT_EQ(g.GetText(3), Text("three"));
  EXPECT_EQ(g.GetU64(16).value(), 0x0102030405060708ull);
  auto list = Must(g.GetList(2));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[2], Text("ccc"));
  EXPECT_TRUE(g.Has(1));
  EXPECT_FALSE(g.Has(4));
}

TEST(FieldSet, RefusesNonCanonicalInput) {
  auto refuse = [](std::vector<uint8_t> b, const char* why) {
    auto r = FieldSet::Parse(b, kTags);
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << why;
  };
  refuse({}, "empty");
  refuse({2, 0, 0}, "unknown version");
  refuse({1, 0, 1}, "count without field");
  refuse({1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, "tags descending");
  refuse({1, 0, 2, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, "duplicate tag");
  refuse({1, 0, 1, 0, 9, 0, 0, 0, 0}, "unknown tag");
  refuse({1, 0, 1, 0, 1, 0, 0, 0, 5, 'a'}, "value shorter than its length");
  refuse({1, 0, 0, 0}, "trailing byte");
  refuse({1, 0, 1, 0, 1, 0xff, 0xff, 0xff, 0xff}, "huge length");
}

TEST(FieldSet, MalformedListIsAnError) {
  FieldSet f;
  const uint8_t bad_list[] = {0, 2, 0, 0, 0, 1, 'x'};  // says 2 items, has 1
  f.Set(2, bad_list);
  EXPECT_FALSE(f.GetList(2).ok());
}

}  // namespace
}  // namespace tvault::testing
