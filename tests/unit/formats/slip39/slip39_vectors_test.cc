// Every case of the published SLIP-39 test vectors (tests/data/slip39/
// vectors.json, from trezor/python-shamir-mnemonic; see SOURCE.md there):
// valid sets give exactly the master secret with the passphrase "TREZOR",
// invalid ones are refused, each for the reason its description names.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/slip39/slip39_test_support.h"
#include "slip39/slip39.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

struct Vector {
  int number = 0;
  std::string description;
  std::vector<std::string> mnemonics;
  std::string master_secret_hex;  // empty: must be refused
};

std::vector<Vector> LoadVectors() {
  const auto bytes =
      ReadBytes(std::filesystem::path(TVAULT_TEST_DATA_DIR) / "slip39" / "vectors.json");
  const auto json = nlohmann::json::parse(bytes.begin(), bytes.end());
  std::vector<Vector> out;
  for (const auto& item : json) {
    Vector v;
    v.number = static_cast<int>(out.size()) + 1;
    v.description = item.at(0).get<std::string>();
    v.mnemonics = item.at(1).get<std::vector<std::string>>();
    v.master_secret_hex = item.at(2).get<std::string>();
    out.push_back(std::move(v));
  }
  return out;
}

struct Refusal {
  ErrorCode code;
  std::string says;  // a part of the message that names the reason
};

// What each invalid case must be refused for, by case number (the number
// starts each description). Cases 21-35 repeat 2-16 with 256-bit secrets.
std::map<int, Refusal> ExpectedRefusals() {
  const ErrorCode kBad = ErrorCode::kInvalidArgument;
  std::map<int, Refusal> r = {
      {2, {kBad, "has a bad checksum"}},
      {3, {kBad, "has padding bits that are not zero"}},
      {5, {kBad, "1 share of group 1 given, 2 needed"}},
      {6, {kBad, "share 2 comes from a different set than share 1"}},
      {7, {kBad, "(iteration exponent "}},
      {8, {kBad, "(group threshold "}},
      {9, {kBad, "(group count "}},
      {10, {kBad, "has a group threshold (2) above its group count (1)"}},
      {11, {kBad, "share 2 has the same number as share 1"}},
      {12, {kBad, "(member threshold "}},
      {13, {ErrorCode::kIntegrity, "the shares of group 1 do not combine"}},
      {14, {kBad, "the shares come from 1 group; 2 are needed"}},
      {15, {kBad, "the shares come from 1 group; 2 are needed"}},
      {16, {kBad, "1 share of group 4 given, 2 needed"}},
      {39, {kBad, "has 19 words; a SLIP-39 share has at least 20"}},
      {40, {kBad, "has 21 words, a length no SLIP-39 share has"}},
  };
  for (int n = 2; n <= 16; ++n) {
    if (r.count(n) != 0) r.emplace(n + 19, r.at(n));
  }
  return r;
}

TEST(Slip39Vectors, AllFortyFiveCases) {
  const std::vector<Vector> vectors = LoadVectors();
  ASSERT_EQ(vectors.size(), 45u);
  const std::map<int, Refusal> refusals = ExpectedRefusals();
  const SecretBytes passphrase = Pass("TREZOR");
  int valid = 0;
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.description);
    ASSERT_TRUE(v.description.starts_with(std::to_string(v.number) + ". "));
    auto secret = slip39::Combine(Mnemonics(v.mnemonics), passphrase);
    if (!v.master_secret_hex.empty()) {
      ++valid;
      ASSERT_TRUE(secret.ok()) << secret.error().message;
      EXPECT_EQ(Hex(secret->reveal()), v.master_secret_hex);
      EXPECT_EQ(refusals.count(v.number), 0u);
      continue;
    }
    ASSERT_FALSE(secret.ok()) << "accepted an invalid set";
    ASSERT_EQ(refusals.count(v.number), 1u) << secret.error().message;
    const Refusal& want = refusals.at(v.number);
    EXPECT_EQ(secret.error().code, want.code) << secret.error().message;
    EXPECT_NE(secret.error().message.find(want.says), std::string::npos)
        << "message: " << secret.error().message << "\nwanted: " << want.says;
  }
  EXPECT_EQ(valid, 15);
}

// Each valid set entered one share at a time: complete only after the last,
// and the same secret; every share formats back to its own text.
TEST(Slip39Vectors, ValidSetsOneShareAtATime) {
  const SecretBytes passphrase = Pass("TREZOR");
  for (const Vector& v : LoadVectors()) {
    if (v.master_secret_hex.empty()) continue;
    SCOPED_TRACE(v.description);
    slip39::ShareSet set;
    for (std::size_t i = 0; i < v.mnemonics.size(); ++i) {
      EXPECT_FALSE(set.complete());
      auto share = slip39::ParseShare(Mnemonic(v.mnemonics[i]));
      ASSERT_TRUE(share.ok()) << share.error().message;
      EXPECT_EQ(Str(slip39::FormatShare(*share)), v.mnemonics[i]);
      MustOk(set.Add(Mnemonic(v.mnemonics[i])));
    }
    EXPECT_TRUE(set.complete()) << set.needed().Describe();
    auto secret = set.Recover(passphrase);
    ASSERT_TRUE(secret.ok()) << secret.error().message;
    EXPECT_EQ(Hex(secret->reveal()), v.master_secret_hex);
  }
}

}  // namespace
}  // namespace tvault::testing
