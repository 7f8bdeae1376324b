// Vault::KeepUnlockKey / Open(UnlockKey): opening again without the
// passphrase, and the key's end when its keyslot changes.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace tvault {
namespace {

using testing::Must;
using testing::MustOk;
using testing::Pass;
using testing::TempVault;
using testing::Text;

OpenOptions Quick() {
  OpenOptions o;
  o.wait = std::chrono::milliseconds(0);
  return o;
}

TEST(UnlockKey, OpensTheVaultAgainWithoutThePassphrase) {
  TempVault tv;
  UnlockKey key;
  std::string id;
  {
    Vault v = tv.Open();
    WitnessDetails d;
    d.name = Text("Mehmet");
    id = Must(v.AddWitness(d));
    key = v.KeepUnlockKey();
  }
  ASSERT_FALSE(key.empty());
  Vault again = Must(Vault::Open(tv.dir(), key, Quick()));
  EXPECT_EQ(Must(again.GetWitness(id)).details.name, Text("Mehmet"));
  // The view was logged as by any open.
  EXPECT_TRUE(again.AuditVerify({}).ok());
}

TEST(UnlockKey, HoldsTheLockOnlyWhileAVaultIsOpen) {
  TempVault tv;
  UnlockKey key = tv.Open().KeepUnlockKey();
  {
    Vault held = Must(Vault::Open(tv.dir(), key, Quick()));
    auto busy = Vault::Open(tv.dir(), key, Quick());
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().code, ErrorCode::kBusy);
  }
  // Closed: a passphrase open from elsewhere works while the key is kept.
  EXPECT_TRUE(tv.TryOpen(tv.passphrase()).ok());
  EXPECT_TRUE(Vault::Open(tv.dir(), key, Quick()).ok());
}

TEST(UnlockKey, EndsWhenItsPassphraseIsChangedElsewhere) {
  TempVault tv;
  UnlockKey key = tv.Open().KeepUnlockKey();
  MustOk(tv.Open().ChangePassphrase(Pass("a new passphrase"), InsecureKdfParamsForTestsOnly(8, 1)));
  auto r = Vault::Open(tv.dir(), key, Quick());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kWrongPassphrase);
  EXPECT_EQ(r.error().detail, ErrorDetail::kUnlockExpired);
  // Not a failed unlock: no passphrase was tried.
  EXPECT_EQ(Must(tv.TryOpen("a new passphrase")).unlock_failures().count, 0u);
}

TEST(UnlockKey, EndsWhenItsKeyslotIsRemovedButNotWhenAnotherChanges) {
  TempVault tv;
  UnlockKey first_slot = tv.Open().KeepUnlockKey();
  {
    Vault v = tv.Open();
    EXPECT_EQ(Must(v.AddKeyslot(Pass("second"), InsecureKdfParamsForTestsOnly(8, 1))), 2);
  }
  EXPECT_TRUE(Vault::Open(tv.dir(), first_slot, Quick()).ok());
  UnlockKey second_slot = Must(tv.TryOpen("second")).KeepUnlockKey();
  MustOk(Must(tv.TryOpen("second")).RemoveKeyslot(1));
  auto r = Vault::Open(tv.dir(), first_slot, Quick());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().detail, ErrorDetail::kUnlockExpired);
  EXPECT_TRUE(Vault::Open(tv.dir(), second_slot, Quick()).ok());
}

TEST(UnlockKey, OpensOnlyItsOwnVault) {
  TempVault a, b;
  UnlockKey key = a.Open().KeepUnlockKey();
  auto r = Vault::Open(b.dir(), key, Quick());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(UnlockKey, AForgottenKeyOpensNothing) {
  TempVault tv;
  UnlockKey key = tv.Open().KeepUnlockKey();
  key.Forget();
  EXPECT_TRUE(key.empty());
  auto r = Vault::Open(tv.dir(), key, Quick());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  UnlockKey none;
  EXPECT_FALSE(Vault::Open(tv.dir(), none, Quick()).ok());
}

TEST(UnlockKey, OpensReadOnlyToo) {
  TempVault tv;
  UnlockKey key = tv.Open().KeepUnlockKey();
  OpenOptions ro = Quick();
  ro.read_only = true;
  Vault v = Must(Vault::Open(tv.dir(), key, ro));
  EXPECT_TRUE(v.read_only());
}

}  // namespace
}  // namespace tvault
