// The custodian's identity as others see it, and peers (docs/format.md,
// section 4.2): vault items of kind 5 in the vault compartment, one record key
// each, addressed as "peer-<rowid>".
#include "binding/journal.h"
#include "age/age.h"
#include "minisign/minisign.h"
#include "crypto/asymmetric.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"

namespace tvault {
namespace {

namespace peer_tag {
constexpr uint16_t kName = 1, kAgeRecipient = 2, kMinisignKey = 3;
constexpr uint16_t kAll[] = {1, 2, 3};
}  // namespace peer_tag

std::string PeerRecordId(int64_t rowid) { return "peer-" + std::to_string(rowid); }

}  // namespace

Result<std::vector<StoredPeer>> ReadPeers(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id, created_at, wrapped_key, sealed FROM peers ORDER BY id"));
  std::vector<StoredPeer> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    StoredPeer p;
    p.rowid = st.ColumnInt(0);
    p.peer.created_at_unix_s = st.ColumnInt(1);
    const std::string rid = PeerRecordId(p.rowid);
    TVAULT_ASSIGN_OR_RETURN(FieldSet f, OpenFields(v.keys.vault_items,
                                                   v.Address(RecordKind::kVaultItem, rid, 1),
                                                   st.ColumnBlob(2), st.ColumnBlob(3),
                                                   peer_tag::kAll));
    p.peer.name = f.GetText(peer_tag::kName);
    PlainString age = f.GetText(peer_tag::kAgeRecipient), ms = f.GetText(peer_tag::kMinisignKey);
    p.peer.age_recipient.assign(age.data(), age.size());
    p.peer.minisign_public_key.assign(ms.data(), ms.size());
    if (!p.peer.age_recipient.empty()) {
      TVAULT_ASSIGN_OR_RETURN(age::X25519Public x, age::ParseRecipient(p.peer.age_recipient));
      p.peer.recipient_fingerprint = FormatFingerprint(RecipientFingerprint(x));
    }
    if (!p.peer.minisign_public_key.empty()) {
      TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey k,
                              minisign::ParsePublicKey(p.peer.minisign_public_key));
      p.peer.minisign_key_id = minisign::KeyIdText(k.key_id);
    }
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

// Peer names are told apart ignoring ASCII case only ("Amal" and "AMAL"
// are one person); other letters compare byte for byte (no Unicode case
// folding: it depends on tables this project does not carry).
bool SamePeerName(const PlainString& a, const PlainString& b) {
  if (a.size() != b.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a.data()[i]) != lower(b.data()[i])) return false;
  return true;
}

std::string PeerObject(const Peer& p) {
  return !p.recipient_fingerprint.empty() ? p.recipient_fingerprint : p.minisign_key_id;
}

// A new peer with its name and keys checked, its keys parsed.
Result<Peer> CheckedPeer(const PlainString& name, std::string_view age_recipient,
                         std::string_view minisign_public_key) {
  if (name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a peer needs a name",
                     ErrorDetail::kPeerNameMissing);
  }
  TVAULT_TRY(RequireText("the peer name", name));
  if (age_recipient.empty() && minisign_public_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "give an age recipient (to send to this peer), a minisign key (to accept "
                     "bundles from them), or both",
                     ErrorDetail::kPeerNeedsKey);
  }
  Peer p;
  p.name = name;
  if (!age_recipient.empty()) {
    TVAULT_ASSIGN_OR_RETURN(age::X25519Public x, age::ParseRecipient(age_recipient));
    p.age_recipient = std::string(age_recipient);
    p.recipient_fingerprint = FormatFingerprint(RecipientFingerprint(x));
  }
  if (!minisign_public_key.empty()) {
    TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey k, minisign::ParsePublicKey(minisign_public_key));
    if (!crypto::Ed25519IsValidPublicKey(k.ed25519)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the minisign key is not a valid Ed25519 public key",
                       ErrorDetail::kBadMinisignKey);
    }
    p.minisign_public_key = minisign::EncodePublicKey(k);
    p.minisign_key_id = minisign::KeyIdText(k.key_id);
  }
  return p;
}

}  // namespace

Status ValidatePeer(const PlainString& name, std::string_view age_recipient,
                    std::string_view minisign_public_key) {
  auto p = CheckedPeer(name, age_recipient, minisign_public_key);
  if (!p.ok()) return p.take_error();
  return OkStatus();
}

Result<IdentityInfo> Vault::Identity() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(CustodianPublic pub, LoadCustodianPublic(v));
  IdentityInfo info;
  info.name = pub.name;
  info.minisign_public_key = minisign::EncodePublicKey(MinisignKeyFor(pub.sign_public));
  info.age_recipient = age::EncodeRecipient(pub.box_public);
  info.fingerprint = FormatFingerprint(v.fingerprint);
  return info;
}

Status Vault::AddPeer(const PlainString& name, std::string_view age_recipient,
                      std::string_view minisign_public_key) {
  Impl& v = *impl_;
  // Validate the name and both keys before anything is stored.
  TVAULT_ASSIGN_OR_RETURN(Peer p, CheckedPeer(name, age_recipient, minisign_public_key));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> existing, ReadPeers(v));
  for (const StoredPeer& e : existing) {
    if (SamePeerName(e.peer.name, name)) {
      return MakeError(ErrorCode::kAlreadyExists,
                       "a peer with this name (ignoring upper and lower case) already exists; "
                       "remove it first or pick another name");
    }
  }
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> next,
                          v.db.QueryInt("SELECT coalesce(max(id), 0) + 1 FROM peers"));
  const int64_t rowid = next.value_or(1);
  FieldSet f;
  f.SetText(peer_tag::kName, name);
  f.SetTextIfAny(peer_tag::kAgeRecipient, PlainString(p.age_recipient));
  f.SetTextIfAny(peer_tag::kMinisignKey, PlainString(p.minisign_public_key));
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.vault_items,
                                   v.Address(RecordKind::kVaultItem, PeerRecordId(rowid), 1), key, f);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO peers(id, created_at, wrapped_key, sealed) VALUES (?, ?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, rowid).Bind(2, v.Now()).BindBlob(3, sealed.wrapped_key)
                 .BindBlob(4, sealed.fields).Run());
  LogEntry entry{audit::Action::kPeerAdd, PeerObject(p), 0, {}, {}, {}};
  if (!p.minisign_key_id.empty()) entry.refs.push_back("minisign:" + p.minisign_key_id);
  entry.secrets.detail = name;
  TVAULT_TRY(txn.Log(std::move(entry)));
  return txn.Commit();
}

Result<std::vector<Peer>> Vault::ListPeers() {
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> stored, ReadPeers(*impl_));
  std::vector<Peer> out;
  for (StoredPeer& s : stored) out.push_back(std::move(s.peer));
  return out;
}

Status Vault::RemovePeer(const PlainString& name) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> existing, ReadPeers(v));
  for (const StoredPeer& e : existing) {
    if (e.peer.name != name) continue;
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st, v.db.Prepare("DELETE FROM peers WHERE id = ?"));
    TVAULT_TRY(st.Bind(1, e.rowid).Run());
    LogEntry entry{audit::Action::kPeerRemove, PeerObject(e.peer), 0, {}, {}, {}};
    entry.secrets.detail = name;
    TVAULT_TRY(txn.Log(std::move(entry)));
    return txn.Commit();
  }
  return MakeError(ErrorCode::kNotFound, "no peer of that name", ErrorDetail::kNoSuchPeer);
}

}  // namespace tvault
