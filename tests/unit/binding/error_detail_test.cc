// The library states facts and an ErrorDetail; it never words advice in
// terms of the CLI (tvault issue #11, item 4). The CLI's wording of each
// detail is tested against the real binary in cli/cli_messages_test.cc.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace tvault::testing {
namespace {

void ExpectNoCliWords(const Error& e) {
  EXPECT_EQ(e.message.find("--"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("tvault"), std::string::npos) << e.message;
}

TEST(ErrorDetail, NoVaultIsTheFactAndTheDetail) {
  ScratchDir scratch;
  const auto dir = scratch.path() / "nothing";
  auto r = Vault::Open(dir, Pass("p"), OpenOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().detail, ErrorDetail::kNoVault);
  EXPECT_EQ(r.error().message, "no vault at " + dir.string());
}

TEST(ErrorDetail, MissingPartsOfARequestAreNamedInPlainWords) {
  TempVault tv;
  Vault v = tv.Open();
  auto witness = v.AddWitness(WitnessDetails{});
  ASSERT_FALSE(witness.ok());
  EXPECT_EQ(witness.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(witness.error().detail, ErrorDetail::kNameMissing);
  EXPECT_EQ(witness.error().message, "a witness needs a name");

  auto kdf = KdfParams::Create(32, 1);
  ASSERT_FALSE(kdf.ok());
  EXPECT_EQ(kdf.error().detail, ErrorDetail::kKdfMemoryOutOfRange);
  ExpectNoCliWords(kdf.error());

  auto keyslot = v.RemoveKeyslot(9);
  ASSERT_FALSE(keyslot.ok());
  EXPECT_EQ(keyslot.error().detail, ErrorDetail::kNoSuchKeyslot);
  EXPECT_EQ(keyslot.error().message, "no keyslot 9");
}

}  // namespace
}  // namespace tvault::testing
