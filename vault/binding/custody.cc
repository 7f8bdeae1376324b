#include "binding/custody.h"

#include "bundle/carried_text.h"
#include "binding/journal.h"
#include "crypto/encoding.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/testimony_rows.h"
#include "util/json_writer.h"
#include "vault/text.h"

namespace tvault {
namespace {

bool Names(const audit::Event& e, const std::string& id) {
  if (e.object_id == id) return true;
  for (const std::string& r : e.refs)
    if (r == id || r.rfind(id + "@", 0) == 0) return true;
  return false;
}

bool CreatesVersion(audit::Action a) {
  return a == audit::Action::kTestimonyAdd || a == audit::Action::kTestimonyAmend;
}

// A witness has no versions: its report is its events. Only whether it
// exists, or was shredded, is read here.
Status LoadWitness(Vault::Impl& v, CustodyReport& r) {
  r.witness_id = r.id;
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT 1 FROM witnesses WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, r.id).Step());
  if (row) return OkStatus();
  TVAULT_ASSIGN_OR_RETURN(storage::Statement tomb,
                          v.db.Prepare("SELECT 1 FROM tombstones WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(r.shredded, tomb.Bind(1, r.id).Step());
  if (r.shredded) return OkStatus();
  return RecordMissing(v, r.id, "witness");
}

Status LoadVersions(Vault::Impl& v, CustodyReport& r) {
  if (r.id[0] == 'W') return LoadWitness(v, r);
  auto head = LoadTestimonyHead(v, r.id);
  if (head.ok()) {
    r.witness_id = head->witness_id;
    for (uint32_t n = 1; n <= head->versions; ++n) {
      TVAULT_ASSIGN_OR_RETURN(OpenedVersion o, OpenTestimonyVersion(v, r.id, n));
      if (n == 1) r.provenance = ProvenanceFromFields(o.meta);
      r.versions.push_back(CustodyVersionOf(n, o));
    }
    return OkStatus();
  }
  if (head.error().code != ErrorCode::kNotFound) return head.take_error();
  // Shredded: only the tombstone's hashes remain.
  TVAULT_ASSIGN_OR_RETURN(std::vector<Tombstone> tombs, ReadTombstones(v));
  for (const Tombstone& t : tombs) {
    if (t.id != r.id) continue;
    r.shredded = true;
    for (const auto& [version, sha] : t.version_hashes) {
      CustodyVersion cv;
      cv.version = version;
      cv.sha256 = sha;
      cv.shredded = true;
      r.versions.push_back(std::move(cv));
    }
    return OkStatus();
  }
  return head.take_error();
}

}  // namespace

AuditEvent PublicView(const audit::Event& e) {
  AuditEvent out;
  out.seq = e.seq;
  out.time_unix_s = e.time_unix_s;
  out.actor = FormatFingerprint(e.actor);
  out.action = std::string(audit::ActionName(e.action));
  out.object_id = e.object_id;
  out.object_version = e.object_version;
  out.refs = e.refs;
  for (const audit::Hash& d : e.digests) out.digests.push_back(crypto::HexEncode(d));
  return out;
}

Status AddSealedFields(Vault::Impl& v, const audit::Event& e, AuditEvent& view) {
  TVAULT_ASSIGN_OR_RETURN(audit::EventSecrets s,
                          audit::OpenSecrets(v.keys.audit, v.header.vault_id, e));
  view.reason = std::move(s.reason);
  view.count = s.count;
  view.bundle_sha256 = s.bundle_sha256;
  view.recipient_names = std::move(s.recipient_names);
  view.detail = std::move(s.detail);
  if (s.erasable_reason.empty()) return OkStatus();
  // Only testimony.amend carries one (docs/audit-format.md, section 2.1); its
  // key is the version's own record key, which shred destroys.
  if (e.action != audit::Action::kTestimonyAmend || e.object_version == 0) {
    return MakeError(ErrorCode::kIntegrity, "audit event " + std::to_string(e.seq) +
                                                " holds an erasable reason it cannot have");
  }
  auto version = OpenTestimonyVersion(v, e.object_id, e.object_version);
  if (!version.ok()) {
    auto head = LoadTestimonyHead(v, e.object_id);
    if (head.ok() || head.error().code != ErrorCode::kNotFound) return version.take_error();
    view.reason_erased = true;  // shredded: the key that opened it is gone
    return OkStatus();
  }
  TVAULT_ASSIGN_OR_RETURN(view.reason,
                          audit::OpenErasableReason(version->record_key, v.header.vault_id,
                                                    e.object_id, e.object_version,
                                                    s.erasable_reason));
  return OkStatus();
}

Result<LogSnapshot> SnapshotLog(Vault::Impl& v, const std::unordered_set<std::string>& ids,
                                CustodyScope scope) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT entry FROM audit_events ORDER BY seq"));
  std::vector<audit::Hash> leaves;
  LogSnapshot snap;
  std::unordered_map<std::string, std::string> evidence_of;  // E id -> its testimony
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto entry = st.ColumnBlob(0);
    leaves.push_back(audit::LeafHash(entry));
    TVAULT_ASSIGN_OR_RETURN(audit::Event e, audit::ParseEvent(entry));
    auto keep = [&](const std::string& id) {
      snap.events_by_record[id].emplace_back(e, std::vector<uint8_t>(entry.begin(), entry.end()));
    };
    if (scope == CustodyScope::kVersionsOnly) {
      if (CreatesVersion(e.action) && ids.count(e.object_id)) keep(e.object_id);
      if (e.action == audit::Action::kTestimonyRedactionCommitment && ids.count(e.object_id)) {
        snap.late_commitments_by_record[e.object_id].emplace_back(
            e, std::vector<uint8_t>(entry.begin(), entry.end()));
      }
      continue;
    }
    for (const std::string& id : ids)
      if (Names(e, id)) keep(id);
    // A recovery put the vault's keys in other hands (the share holders'):
    // it belongs to the custody of every record that existed then.
    if (e.action == audit::Action::kRecoveryRestore) {
      for (const std::string& id : ids)
        if (snap.events_by_record.count(id) != 0) keep(id);
    }
    // A testimony's custody includes its evidence: evidence.add names the
    // testimony (a ref); later events name only the evidence id.
    if (e.action == audit::Action::kEvidenceAdd && !e.refs.empty() && ids.count(e.refs[0])) {
      evidence_of[e.object_id] = e.refs[0];
    } else if (auto it = evidence_of.find(e.object_id);
               it != evidence_of.end() && !Names(e, it->second)) {
      keep(it->second);
    }
  }
  snap.tree = audit::MerkleTree(std::move(leaves));
  TVAULT_ASSIGN_OR_RETURN(snap.checkpoint, audit_store::SignAnchor(v));
  return snap;
}

CustodyVersion CustodyVersionOf(uint32_t version, const OpenedVersion& o) {
  CustodyVersion cv;
  cv.version = version;
  cv.created_at_unix_s = o.info.created_at_unix_s;
  cv.sha256 = o.info.sha256;
  cv.size_bytes = o.info.size_bytes;
  cv.reason = o.info.reason;
  auto salt = o.meta.Get(testimony_tag::kCommitmentSalt);
  if (salt.size() == cv.commitment_salt.size()) {
    std::copy(salt.begin(), salt.end(), cv.commitment_salt.begin());
  }
  return cv;
}

Result<CustodyReport> CustodyOf(Vault::Impl& v, const LogSnapshot& snap, const std::string& id,
                                CustodyScope scope) {
  CustodyReport r;
  r.id = id;
  TVAULT_TRY(LoadVersions(v, r));
  TVAULT_ASSIGN_OR_RETURN(r, CustodyOfLoaded(v, snap, std::move(r), scope));
  if (scope != CustodyScope::kFull) return r;
  // The custodian's own report shows the sealed fields. One that fails to
  // open is left out here; `audit verify` names it.
  for (CustodyEvent& ce : r.events) {
    auto e = audit::ParseEvent(ce.entry);
    if (e.ok()) (void)AddSealedFields(v, *e, ce.event);
  }
  return r;
}

Result<CustodyReport> CustodyOfLoaded(const Vault::Impl& v, const LogSnapshot& snap, CustodyReport r,
                                      CustodyScope /*scope*/) {
  const std::string& id = r.id;
  r.checkpoint = snap.checkpoint;
  r.checkpoint_size = snap.tree.size();
  r.signer_key = minisign::EncodePublicKey(MinisignKeyFor(v.sign_public));
  r.origin = audit_store::Origin(v);
  auto it = snap.events_by_record.find(id);
  if (it == snap.events_by_record.end()) return r;
  for (const auto& [e, entry] : it->second) {
    CustodyEvent ce;
    ce.event = PublicView(e);
    TVAULT_ASSIGN_OR_RETURN(std::vector<audit::Hash> proof, snap.tree.InclusionProof(e.seq));
    for (const audit::Hash& h : proof) ce.inclusion_proof.push_back(crypto::HexEncode(h));
    ce.entry = entry;
    r.events.push_back(std::move(ce));
  }
  return r;
}

// Written with JsonWriter (the same bytes nlohmann's dump(2) gives, without
// a DOM per record: this runs once per record of an export).
PlainString CustodyReportJson(const CustodyReport& r) {
  PlainString out;
  out.reserve(4096);
  JsonWriter w(out);
  auto str = [](const PlainString& s) { return std::string_view(s.data(), s.size()); };
  w.BeginObject();
  w.Field("format", "tvault-custody");
  w.FieldUint("version", 1);
  w.Field("record", r.id);
  w.Field("witness", r.witness_id);
  w.FieldBool("shredded", r.shredded);
  w.Field("origin", r.origin);
  w.Field("signer_key", r.signer_key);
  w.Field("checkpoint", r.checkpoint);
  w.FieldUint("checkpoint_size", r.checkpoint_size);
  w.Key("versions");
  w.BeginArray();
  for (const CustodyVersion& v : r.versions) {
    w.BeginObject();
    w.FieldUint("version", v.version);
    w.Field("sha256", crypto::HexEncode(v.sha256));
    if (!v.shredded) {
      w.Field("created_at", FormatUtc(v.created_at_unix_s));
      w.FieldUint("size_bytes", v.size_bytes);
      // Lossless (docs/bundle-format.md, section 3.1): an export that
      // carries a reason that is not UTF-8 carries it here too.
      bundle::WriteCarriedText(w, "reason", str(v.reason));
      w.Field("commitment_salt", crypto::HexEncode(v.commitment_salt));
    }
    w.FieldBool("shredded", v.shredded);
    w.EndObject();
  }
  w.EndArray();
  if (!r.provenance.bundle_id.empty()) {
    w.Key("provenance");
    w.BeginObject();
    w.Field("bundle_id", r.provenance.bundle_id);
    w.Field("signer", r.provenance.signer);
    w.Field("origin_record", r.provenance.origin_record);
    w.EndObject();
  }
  w.Key("events");
  w.BeginArray();
  for (const CustodyEvent& ce : r.events) {
    const AuditEvent& e = ce.event;
    w.BeginObject();
    w.FieldUint("seq", e.seq);
    w.Field("time", FormatUtc(e.time_unix_s));
    w.Field("actor", e.actor);
    w.Field("action", e.action);
    w.Field("object", e.object_id);
    w.FieldUint("version", e.object_version);
    w.FieldStrings("refs", e.refs);
    w.FieldStrings("digests", e.digests);
    if (!e.reason.empty()) bundle::WriteCarriedText(w, "reason", str(e.reason));
    if (e.reason_erased) w.FieldBool("reason_erased", true);
    if (!e.recipient_names.empty()) w.FieldStrings("recipients", e.recipient_names);
    if (e.bundle_sha256) w.Field("bundle_sha256", crypto::HexEncode(*e.bundle_sha256));
    w.Field("entry", crypto::Base64Encode(ce.entry, crypto::Base64Variant::kPadded));
    w.FieldStrings("inclusion_proof", ce.inclusion_proof);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

Result<CustodyReport> Vault::Custody(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  if (id[0] != 'T' && id[0] != 'W') {
    return MakeError(ErrorCode::kInvalidArgument,
                     "custody reports are per testimony (T-...) or witness (W-...)");
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(LogSnapshot snap, SnapshotLog(v, {id}, CustodyScope::kFull));
  TVAULT_ASSIGN_OR_RETURN(CustodyReport r, CustodyOf(v, snap, id, CustodyScope::kFull));
  TVAULT_TRY(txn.Log({audit::Action::kAuditView, id, 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return r;
}

}  // namespace tvault
