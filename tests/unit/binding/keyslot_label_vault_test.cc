// Keyslot labels through the library (tvault #12): set at add, changed,
// moved along by a passphrase change, removed with their slot.
#include <gtest/gtest.h>

#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

KeyslotInfo Slot(Vault& v, uint8_t id) {
  for (const KeyslotInfo& s : Must(v.ListKeyslots()))
    if (s.slot_id == id) return s;
  ADD_FAILURE() << "no slot " << int(id);
  return {};
}

TEST(KeyslotLabelVault, LabelsFollowTheirSlotAndGoWithIt) {
  TempVault tv;
  Vault v = tv.Open();
  const KdfParams cheap = InsecureKdfParamsForTestsOnly(8, 1);
  const uint8_t two = Must(v.AddKeyslot(Pass("second"), cheap, Text("Anna's backup")));
  EXPECT_EQ(Slot(v, two).label, Text("Anna's backup"));
  EXPECT_TRUE(Slot(v, 1).label.empty());
  MustOk(v.SetKeyslotLabel(1, Text("desk")));
  MustOk(v.ChangePassphrase(Pass("renewed"), cheap));
  EXPECT_EQ(Slot(v, 1).label, Text("desk"));
  MustOk(v.RemoveKeyslot(two));
  Status gone = v.SetKeyslotLabel(two, Text("x"));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().detail, ErrorDetail::kNoSuchKeyslot);
  const uint8_t again = Must(v.AddKeyslot(Pass("third"), cheap));
  EXPECT_EQ(again, two);
  EXPECT_TRUE(Slot(v, again).label.empty());
  EXPECT_FALSE(ValidateKeyslotLabel(Text("")).ok());
  EXPECT_FALSE(ValidateKeyslotLabel(Text("a\x7f")).ok());
  EXPECT_TRUE(ValidateKeyslotLabel(Text(std::string(200, 'x'))).ok());
}

// A label row moved to another slot's name fails to authenticate there, and
// `check` reads every label row, so it finds the move (not only `keyslot
// list`).
TEST(KeyslotLabelVault, CheckFindsALabelMovedToAnotherSlot) {
  TempVault tv;
  {
    Vault v = tv.Open();
    const KdfParams cheap = InsecureKdfParamsForTestsOnly(8, 1);
    (void)Must(v.AddKeyslot(Pass("second"), cheap, Text("Anna's backup")));
    MustOk(v.SetKeyslotLabel(1, Text("desk")));
    (void)Must(v.Check());
  }
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db,
               "DELETE FROM vault_items WHERE name LIKE 'keyslot-label/1/%';"
               "UPDATE vault_items SET name = (SELECT 'keyslot-label/1/' || substr(name, 17) "
               "FROM vault_items WHERE name LIKE 'keyslot-label/2/%') "
               "WHERE name LIKE 'keyslot-label/2/%'");
  }
  Vault v = tv.Open();
  auto checked = v.Check();
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(checked.error().message.find("the keyslot label keyslot-label/1/"), std::string::npos)
      << checked.error().message;
}

}  // namespace
}  // namespace tvault::testing
