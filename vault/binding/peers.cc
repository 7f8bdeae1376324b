// The custodian's identity as others see it, and peers (docs/format.md,
// section 4.2): vault items of kind 5 in the vault compartment, one record key
// each, addressed as "peer-<rowid>".
#include <algorithm>
#include <cstdio>
#include <optional>

#include "binding/journal.h"
#include "age/age.h"
#include "audit/event.h"
#include "minisign/minisign.h"
#include "crypto/asymmetric.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"
#include "util/text_search.h"
#include "util/utf8.h"

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

// Peer names are one person's whatever their case or encoding: "Amal",
// "AMAL" and "amal" name the same peer, and so do "Ärztin", "ÄRZTIN" and
// "Ärztin" typed decomposed (NFD), as a terminal shows them all alike.
PlainString FoldedName(const PlainString& name) {
  return NameKey(std::string_view(name.data(), name.size()));
}

// The one name matcher: every stored peer whose name folds like `name`.
std::vector<const StoredPeer*> PeersNamed(const std::vector<StoredPeer>& peers,
                                          const PlainString& name) {
  const PlainString folded = FoldedName(name);
  std::vector<const StoredPeer*> out;
  for (const StoredPeer& p : peers)
    if (FoldedName(p.peer.name) == folded) out.push_back(&p);
  return out;
}

std::string Quoted(const PlainString& name) {
  return "\"" + std::string(name.data(), name.size()) + "\"";
}

// "A, B, C", at most kShown names, then "and N more".
std::string KnownPeers(const std::vector<StoredPeer>& peers) {
  constexpr std::size_t kShown = 20;
  if (peers.empty()) return "none";
  std::string out;
  for (std::size_t i = 0; i < peers.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out.append(peers[i].peer.name.data(), peers[i].peer.name.size());
  }
  if (peers.size() > kShown) out += " and " + std::to_string(peers.size() - kShown) + " more";
  return out;
}

Error Ambiguous(const PlainString& name, const std::vector<const StoredPeer*>& same) {
  std::string names;
  for (std::size_t i = 0; i < same.size(); ++i) {
    if (i > 0) names += i + 1 == same.size() ? " and " : ", ";
    names += Quoted(same[i]->peer.name);
  }
  return MakeError(ErrorCode::kFailedPrecondition,
                   "the peer name " + Quoted(name) + " is ambiguous: " + names +
                       " differ only in case or in how their letters are encoded",
                   ErrorDetail::kAmbiguousPeer);
}

}  // namespace

Result<const StoredPeer*> FindPeer(const std::vector<StoredPeer>& peers, const PlainString& name,
                                   PeerMatch match) {
  std::vector<const StoredPeer*> same = PeersNamed(peers, name);
  if (same.size() == 1) return same.front();
  if (same.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "no peer named " + Quoted(name) + "; known peers: " + KnownPeers(peers),
                     ErrorDetail::kNoSuchPeer);
  }
  if (match == PeerMatch::kExactResolves) {
    const auto exact = std::count_if(same.begin(), same.end(),
                                     [&](const StoredPeer* p) { return p->peer.name == name; });
    if (exact == 1) {
      return *std::find_if(same.begin(), same.end(),
                           [&](const StoredPeer* p) { return p->peer.name == name; });
    }
  }
  return Ambiguous(name, same);
}

namespace {

// A peer's name: UTF-8 text without control characters (C0, DEL, C1), which
// a person could not type after --to nor tell apart on a terminal.
Status RequirePeerName(std::string_view what, const PlainString& name) {
  if (name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a peer needs a name",
                     ErrorDetail::kPeerNameMissing);
  }
  TVAULT_TRY(RequireText(what, name));
  const std::string_view s(name.data(), name.size());
  for (std::size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(s, i, cp);
    if (n == 0) return OkStatus();  // only under AcceptAnyTextForTestsOnly
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      char where[64];
      std::snprintf(where, sizeof where, "(U+%04X at offset %zu)", static_cast<unsigned>(cp), i);
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(what) + " holds a control character " + where,
                       ErrorDetail::kTextNotUtf8);
    }
    i += n;
  }
  return OkStatus();
}

// A peer's keys, parsed: either may be empty, not both.
Status CheckedKeys(std::string_view age_recipient, std::string_view minisign_public_key,
                   Peer& p) {
  if (age_recipient.empty() && minisign_public_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "give an age recipient (to send to this peer), a minisign key (to accept "
                     "bundles from them), or both",
                     ErrorDetail::kPeerNeedsKey);
  }
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
  return OkStatus();
}

// A new peer with its name and keys checked, its keys parsed.
Result<Peer> CheckedPeer(const PlainString& name, std::string_view age_recipient,
                         std::string_view minisign_public_key) {
  TVAULT_TRY(RequirePeerName("the peer name", name));
  Peer p;
  p.name = name;
  TVAULT_TRY(CheckedKeys(age_recipient, minisign_public_key, p));
  return p;
}

std::string PeerObject(const Peer& p) {
  return !p.recipient_fingerprint.empty() ? p.recipient_fingerprint : p.minisign_key_id;
}

// Refuses `name` if another peer than `self` already holds it, ignoring case.
Status RequireFreeName(const std::vector<StoredPeer>& peers, const PlainString& name,
                       const StoredPeer* self) {
  for (const StoredPeer* other : PeersNamed(peers, name)) {
    if (other == self) continue;
    return MakeError(ErrorCode::kAlreadyExists,
                     "a peer named " + Quoted(other->peer.name) +
                         " already exists (names are compared ignoring case); pick another name");
  }
  return OkStatus();
}

// Seals `p` as peer row `rowid` under a fresh record key: a new row, or the
// row's new content (the old record key is dropped with the old blobs).
// Returns the row's record digest, which the event that stored it carries.
Result<audit::Hash> StorePeer(Vault::Impl& v, int64_t rowid, const Peer& p, bool insert) {
  FieldSet f;
  f.SetText(peer_tag::kName, p.name);
  f.SetTextIfAny(peer_tag::kAgeRecipient, PlainString(p.age_recipient));
  f.SetTextIfAny(peer_tag::kMinisignKey, PlainString(p.minisign_public_key));
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.vault_items,
                                   v.Address(RecordKind::kVaultItem, PeerRecordId(rowid), 1), key, f);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare(insert ? "INSERT INTO peers(wrapped_key, sealed, id, created_at) "
                            "VALUES (?, ?, ?, ?)"
                          : "UPDATE peers SET wrapped_key = ?, sealed = ? WHERE id = ?"));
  st.BindBlob(1, sealed.wrapped_key).BindBlob(2, sealed.fields).Bind(3, rowid);
  if (insert) st.Bind(4, v.Now());
  TVAULT_TRY(st.Run());
  return audit::RecordDigest(sealed.wrapped_key, sealed.fields);
}

// The event of a change to peer row `rowid`: it names the row and, unless
// the row was removed, carries the digest of what was stored, so that audit
// verify finds an older copy of the row put back.
LogEntry PeerEvent(audit::Action action, const Peer& p, int64_t rowid,
                   std::optional<audit::Hash> digest) {
  LogEntry entry{action, PeerObject(p), 0, {}, {}, {}};
  entry.refs.push_back(PeerRecordId(rowid));
  if (digest) entry.digests.push_back(*digest);
  return entry;
}

}  // namespace

Status ValidatePeer(const PlainString& name, std::string_view age_recipient,
                    std::string_view minisign_public_key) {
  auto p = CheckedPeer(name, age_recipient, minisign_public_key);
  if (!p.ok()) return p.take_error();
  return OkStatus();
}

Status ValidatePeerName(const PlainString& name) {
  return RequirePeerName("the new peer name", name);
}

Status ValidatePeerKeys(std::string_view age_recipient, std::string_view minisign_public_key) {
  Peer unused;
  return CheckedKeys(age_recipient, minisign_public_key, unused);
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
  TVAULT_TRY(RequireFreeName(existing, name, nullptr));
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> next,
                          v.db.QueryInt("SELECT coalesce(max(id), 0) + 1 FROM peers"));
  const int64_t rowid = next.value_or(1);
  TVAULT_ASSIGN_OR_RETURN(audit::Hash digest, StorePeer(v, rowid, p, /*insert=*/true));
  LogEntry entry = PeerEvent(audit::Action::kPeerAdd, p, rowid, digest);
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
  TVAULT_ASSIGN_OR_RETURN(const StoredPeer* found,
                          FindPeer(existing, name, PeerMatch::kExactResolves));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, v.db.Prepare("DELETE FROM peers WHERE id = ?"));
  TVAULT_TRY(st.Bind(1, found->rowid).Run());
  LogEntry entry = PeerEvent(audit::Action::kPeerRemove, found->peer, found->rowid, {});
  entry.secrets.detail = found->peer.name;
  TVAULT_TRY(txn.Log(std::move(entry)));
  return txn.Commit();
}

Status Vault::RenamePeer(const PlainString& old_name, const PlainString& new_name) {
  Impl& v = *impl_;
  TVAULT_TRY(RequirePeerName("the new peer name", new_name));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> existing, ReadPeers(v));
  TVAULT_ASSIGN_OR_RETURN(const StoredPeer* found,
                          FindPeer(existing, old_name, PeerMatch::kExactResolves));
  if (found->peer.name == new_name) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "nothing changed: the peer is already named " + Quoted(new_name));
  }
  TVAULT_TRY(RequireFreeName(existing, new_name, found));
  Peer renamed = found->peer;
  renamed.name = new_name;
  TVAULT_ASSIGN_OR_RETURN(audit::Hash digest,
                          StorePeer(v, found->rowid, renamed, /*insert=*/false));
  LogEntry entry = PeerEvent(audit::Action::kPeerRename, renamed, found->rowid, digest);
  entry.secrets.detail = found->peer.name + PlainString(" -> ") + new_name;
  TVAULT_TRY(txn.Log(std::move(entry)));
  return txn.Commit();
}

Result<PeerKeyChange> Vault::EditPeer(const PlainString& name, std::string_view age_recipient,
                                      std::string_view minisign_public_key) {
  Impl& v = *impl_;
  Peer keys;
  TVAULT_TRY(CheckedKeys(age_recipient, minisign_public_key, keys));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> existing, ReadPeers(v));
  TVAULT_ASSIGN_OR_RETURN(const StoredPeer* found, FindPeer(existing, name));
  const Peer& before = found->peer;
  PeerKeyChange change;
  change.peer = before;
  LogEntry entry{audit::Action::kPeerKeyChange, "", 0, {}, {}, {}};
  if (!keys.age_recipient.empty() && keys.recipient_fingerprint != before.recipient_fingerprint) {
    change.age_recipient_changed = true;
    change.peer.age_recipient = keys.age_recipient;
    change.peer.recipient_fingerprint = keys.recipient_fingerprint;
    if (!before.recipient_fingerprint.empty())
      entry.refs.push_back("replaced-age:" + before.recipient_fingerprint);
  }
  if (!keys.minisign_public_key.empty() && keys.minisign_public_key != before.minisign_public_key) {
    change.minisign_key_changed = true;
    change.peer.minisign_public_key = keys.minisign_public_key;
    change.peer.minisign_key_id = keys.minisign_key_id;
    if (!before.minisign_key_id.empty())
      entry.refs.push_back("replaced-minisign:" + before.minisign_key_id);
    entry.refs.push_back("minisign:" + keys.minisign_key_id);
  }
  if (!change.age_recipient_changed && !change.minisign_key_changed) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "nothing changed: the peer already holds " +
                         std::string(age_recipient.empty() || minisign_public_key.empty()
                                         ? "this key"
                                         : "these keys"));
  }
  TVAULT_ASSIGN_OR_RETURN(audit::Hash digest,
                          StorePeer(v, found->rowid, change.peer, /*insert=*/false));
  entry.object_id = PeerObject(change.peer);
  entry.refs.insert(entry.refs.begin(), PeerRecordId(found->rowid));
  entry.digests.push_back(digest);
  entry.secrets.detail = change.peer.name;
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return change;
}

}  // namespace tvault
