// Peers through the library (tvault #12): the one peer lookup (Unicode case
// folding, ambiguity, unknown names listing the known ones), RenamePeer and
// EditPeer.
#include <gtest/gtest.h>

#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

constexpr const char* kOtherRecipient =
    "age1rt8fxk4u5msfxj7e6hhc8hk2jcruyqhcsg5h4tygug6hkhswu9pqh79xny";

std::string Names(Vault& v) {
  std::string out;
  for (const Peer& p : Must(v.ListPeers())) out += std::string(p.name.data(), p.name.size()) + ";";
  return out;
}

TEST(PeerVault, LookupFoldsCaseAndNamesTheKnownPeers) {
  TempVault tv;
  Vault v = tv.Open();
  const IdentityInfo me = Must(v.Identity());
  MustOk(v.AddPeer(Text("Straße"), me.age_recipient, ""));
  Status dup = v.AddPeer(Text("STRASSE"), kOtherRecipient, "");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  Status missing = v.RemovePeer(Text("Weg"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().detail, ErrorDetail::kNoSuchPeer);
  EXPECT_EQ(missing.error().message, "no peer named \"Weg\"; known peers: Straße");
  MustOk(v.RenamePeer(Text("strasse"), Text("Hauptstraße")));
  EXPECT_EQ(Names(v), "Hauptstraße;");
  MustOk(v.RemovePeer(Text("HAUPTSTRASSE")));
  EXPECT_EQ(Names(v), "");
}

TEST(PeerVault, EditReplacesOnlyTheKeyGivenUnderAFreshRecordKey) {
  TempVault tv;
  {
    Vault v = tv.Open();
    const IdentityInfo me = Must(v.Identity());
    MustOk(v.AddPeer(Text("Anna"), me.age_recipient, me.minisign_public_key));
  }
  auto wrapped = [&] {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    auto st = Must(raw.db.Prepare("SELECT wrapped_key FROM peers"));
    EXPECT_TRUE(Must(st.Step()));
    auto blob = st.ColumnBlob(0);
    return std::vector<uint8_t>(blob.begin(), blob.end());
  };
  const std::vector<uint8_t> before = wrapped();
  {
    Vault v = tv.Open();
    const IdentityInfo me = Must(v.Identity());
    PeerKeyChange c = Must(v.EditPeer(Text("ANNA"), kOtherRecipient, ""));
    EXPECT_TRUE(c.age_recipient_changed);
    EXPECT_FALSE(c.minisign_key_changed);
    EXPECT_EQ(c.peer.age_recipient, kOtherRecipient);
    EXPECT_EQ(c.peer.minisign_public_key, me.minisign_public_key);
    Result<PeerKeyChange> same =
        v.EditPeer(Text("Anna"), kOtherRecipient, me.minisign_public_key);
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(same.error().message, "nothing changed: the peer already holds these keys");
  }
  EXPECT_NE(wrapped(), before);
}

TEST(PeerVault, LegacyNamesDifferingOnlyInCaseAreAmbiguousExceptExactlyForRename) {
  TempVault tv;
  InsertRawPeer(tv.dir(), tv.passphrase(), "amal", kOtherRecipient);
  InsertRawPeer(tv.dir(), tv.passphrase(), "AMAL", kOtherRecipient);
  Vault v = tv.Open();
  Result<PeerKeyChange> edit = v.EditPeer(Text("amal"), kOtherRecipient, "");
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().detail, ErrorDetail::kAmbiguousPeer);
  EXPECT_EQ(edit.error().message,
            "the peer name \"amal\" is ambiguous: \"amal\" and \"AMAL\" differ only in case");
  Status vague = v.RenamePeer(Text("Amal"), Text("Amal H"));
  ASSERT_FALSE(vague.ok());
  EXPECT_EQ(vague.error().detail, ErrorDetail::kAmbiguousPeer);
  // Renaming one to the other's case is still a clash.
  Status clash = v.RenamePeer(Text("amal"), Text("Amal"));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  MustOk(v.RenamePeer(Text("AMAL"), Text("Amal Haddad")));
  EXPECT_EQ(Names(v), "amal;Amal Haddad;");
}

}  // namespace
}  // namespace tvault::testing
