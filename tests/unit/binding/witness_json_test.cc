// WitnessDetailsFromJson: the contact details of `--details-file`, strict.
#include <gtest/gtest.h>

#include <string>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

Result<WitnessDetails> Parse(const std::string& json) {
  return WitnessDetailsFromJson({reinterpret_cast<const uint8_t*>(json.data()), json.size()});
}

std::string S(const PlainString& s) { return std::string(s.data(), s.size()); }

// The refusal of `json`: kInvalidArgument, one line, naming no value.
std::string Refusal(const std::string& json) {
  Result<WitnessDetails> r = Parse(json);
  EXPECT_FALSE(r.ok()) << json;
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << json;
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("Secret"), std::string::npos) << r.error().message;
  EXPECT_TRUE(r.error().message.starts_with("contact details: ")) << r.error().message;
  return r.error().message;
}

TEST(WitnessDetailsFromJson, ReadsEveryFieldOfWitnessShowJson) {
  // As `witness show --json` prints it: id and created_at are ignored.
  WitnessDetails d = Must(Parse(
      R"({"id": "W-7Q3KX", "created_at": "2026-12-01T10:00:00Z", "name": "Amal \u00dcr\u00fcmqi",)"
      R"( "aliases": ["A.", "Umm Yusuf"], "phone": "+44 20 7946 0000", "email": "a@example.org",)"
      R"( "address": "1 Road\nTown", "relatives": "brother", "notes": "n"})"));
  EXPECT_EQ(S(d.name), "Amal \xC3\x9Cr\xC3\xBCmqi");
  ASSERT_EQ(d.aliases.size(), 2u);
  EXPECT_EQ(S(d.aliases[0]), "A.");
  EXPECT_EQ(S(d.aliases[1]), "Umm Yusuf");
  EXPECT_EQ(S(d.phone), "+44 20 7946 0000");
  EXPECT_EQ(S(d.email), "a@example.org");
  EXPECT_EQ(S(d.address), "1 Road\nTown");
  EXPECT_EQ(S(d.relatives), "brother");
  EXPECT_EQ(S(d.notes), "n");
}

TEST(WitnessDetailsFromJson, OnlyTheNameIsRequired) {
  WitnessDetails d = Must(Parse(R"({"name": "N"})"));
  EXPECT_EQ(S(d.name), "N");
  EXPECT_TRUE(d.aliases.empty() && d.phone.empty() && d.notes.empty());
}

TEST(WitnessDetailsFromJson, RefusesWhatIsNotExactlyTheForm) {
  EXPECT_TRUE(Has(Refusal(R"({"phone": "1"})"), "\"name\" is missing or empty"));
  EXPECT_TRUE(Has(Refusal(R"({"name": ""})"), "\"name\" is missing or empty"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "phnoe": "Secret"})"), "unknown key \"phnoe\""));
  // A key that is not a field name may be a value typed in the wrong place.
  const std::string hidden = Refusal(R"({"name": "N", "Secret +44 1": ""})");
  EXPECT_TRUE(Has(hidden, "an unknown key (known: name, aliases,")) << hidden;
  EXPECT_TRUE(Has(Refusal(R"({"name": 7})"), "\"name\" must be a string"));
  EXPECT_TRUE(Has(Refusal(R"({"name": null})"), "\"name\" must be a string"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "id": 3})"), "\"id\" must be a string"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "aliases": "Secret"})"),
                  "\"aliases\" must be an array of strings"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "aliases": ["a", 1]})"),
                  "\"aliases\" must be an array of strings"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "aliases": [""]})"), "empty string"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "N", "aliases": [["Secret"]]})"), "nested too deeply"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "Secret", "name": "Secret"})"), "a key appears twice"));
  EXPECT_TRUE(Has(Refusal(R"(["Secret"])"), "must hold one JSON object"));
  EXPECT_TRUE(Has(Refusal(R"("Secret")"), "must hold one JSON object"));
  EXPECT_TRUE(Has(Refusal(""), "not valid JSON"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "Secret",})"), "not valid JSON"));
  EXPECT_TRUE(Has(Refusal("{\"name\": \"Secret\xff\"}"), "not valid JSON"));
  EXPECT_TRUE(Has(Refusal("\xEF\xBB\xBF{\"name\": \"Secret\"}"), "not valid JSON"));
  EXPECT_TRUE(Has(Refusal(R"({"name": "Secret"} {})"), "not valid JSON"));
}

TEST(WitnessDetailsFromJson, IsCappedAt64KiB) {
  const std::string head = R"({"name": "N", "notes": ")";
  std::string at_cap = head + std::string(kMaxWitnessDetailsJson - head.size() - 2, 'x') + "\"}";
  ASSERT_EQ(at_cap.size(), kMaxWitnessDetailsJson);
  EXPECT_TRUE(Parse(at_cap).ok());
  at_cap.insert(head.size(), "x");
  EXPECT_TRUE(Has(Refusal(at_cap), "larger than 64 KiB"));
}

}  // namespace
}  // namespace tvault::testing
