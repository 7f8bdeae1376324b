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

// A peers row as it was before `peer edit`, put back (SQLCipher accepts an
// older page of its own file), would send the next export to the replaced
// key: every peer event names its row and carries the digest of what it
// stored, and audit verify compares.
TEST(PeerVault, AuditVerifyFindsAPeerRowPutBackRemovedOrDeleted) {
  struct Row {
    int64_t id;
    std::vector<uint8_t> wrapped, sealed;
  };
  auto rows = [](TempVault& tv) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    auto st = Must(raw.db.Prepare("SELECT id, wrapped_key, sealed FROM peers ORDER BY id"));
    std::vector<Row> out;
    while (Must(st.Step())) {
      auto w = st.ColumnBlob(1), f = st.ColumnBlob(2);
      out.push_back(Row{st.ColumnInt(0), {w.begin(), w.end()}, {f.begin(), f.end()}});
    }
    return out;
  };
  auto put = [](TempVault& tv, const Row& r) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    auto st = Must(raw.db.Prepare(
        "INSERT OR REPLACE INTO peers(id, created_at, wrapped_key, sealed) VALUES (?, 0, ?, ?)"));
    MustOk(st.Bind(1, r.id).BindBlob(2, r.wrapped).BindBlob(3, r.sealed).Run());
  };
  auto verify = [](TempVault& tv) -> Status {
    Vault v = tv.Open();
    auto r = v.AuditVerify({});
    if (!r.ok()) return r.take_error();
    return OkStatus();
  };
  auto expect_detected = [](const Status& s, const std::string& needle) {
    ASSERT_FALSE(s.ok()) << "not detected: " << needle;
    EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(s.error().message.find(needle), std::string::npos) << s.error().message;
  };

  TempVault tv;
  std::string my_recipient;
  {
    Vault v = tv.Open();
    my_recipient = Must(v.Identity()).age_recipient;
    MustOk(v.AddPeer(Text("Anna"), my_recipient, ""));
    MustOk(v.AddPeer(Text("Omar"), kOtherRecipient, ""));
  }
  const std::vector<Row> added = rows(tv);
  ASSERT_EQ(added.size(), 2u);
  {
    Vault v = tv.Open();
    (void)Must(v.EditPeer(Text("Anna"), kOtherRecipient, ""));
    MustOk(v.RemovePeer(Text("Omar")));
    (void)Must(v.AuditVerify({}));
  }
  const std::vector<Row> now = rows(tv);
  ASSERT_EQ(now.size(), 1u);

  put(tv, added[0]);  // Anna's old key is back
  {
    Vault v = tv.Open();
    EXPECT_EQ(Must(v.ListPeers())[0].age_recipient, my_recipient);  // and would be used
  }
  expect_detected(verify(tv), "peer row peer-1 differs from what audit event");
  put(tv, now[0]);
  MustOk(verify(tv));

  put(tv, added[1]);  // Omar, removed, is back
  expect_detected(verify(tv), "peer row peer-2 is in the database but audit event");
  {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM peers");
  }
  expect_detected(verify(tv), "stored peer row peer-1 but it is gone from the database");
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
            "the peer name \"amal\" is ambiguous: \"amal\" and \"AMAL\" differ only in case or "
            "in how their letters are encoded");
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
