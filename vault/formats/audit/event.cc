#include "audit/event.h"

#include <algorithm>

#include "crypto/aead.h"
#include "crypto/key_hierarchy.h"
#include "records/field_set.h"
#include "util/byte_io.h"

namespace tvault::audit {
namespace {

Error Malformed(const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "malformed audit event: " + what);
}

namespace secret_tag {
constexpr uint16_t kReason = 1, kStatementSha256 = 2, kSalt = 3, kCount = 4, kBundleSha256 = 5,
                   kRecipients = 6, kDetail = 7, kErasableReason = 8;
constexpr uint16_t kAll[] = {1, 2, 3, 4, 5, 6, 7, 8};
}  // namespace secret_tag

std::vector<uint8_t> SecretsAd(std::span<const uint8_t> vault_id, uint64_t seq, Action action) {
  std::vector<uint8_t> ad;
  ByteWriter w(ad);
  w.Raw("tvault/v1/audit-event");
  w.Raw(vault_id);
  w.U64(seq);
  w.U16(static_cast<uint16_t>(action));
  return ad;
}

bool ReadHash(ByteReader& r, Hash& out) {
  std::span<const uint8_t> b;
  if (!r.Raw(out.size(), b)) return false;
  std::copy(b.begin(), b.end(), out.begin());
  return true;
}

std::optional<Hash> HashField(const FieldSet& f, uint16_t tag) {
  auto b = f.Get(tag);
  if (b.size() != 32) return std::nullopt;
  Hash h;
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

}  // namespace

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kInit: return "init";
    case Action::kWitnessAdd: return "witness.add";
    case Action::kWitnessView: return "witness.view";
    case Action::kWitnessList: return "witness.list";
    case Action::kTestimonyAdd: return "testimony.add";
    case Action::kTestimonyView: return "testimony.view";
    case Action::kTestimonyList: return "testimony.list";
    case Action::kTestimonyAmend: return "testimony.amend";
    case Action::kTestimonyHistory: return "testimony.history";
    case Action::kShred: return "shred";
    case Action::kExport: return "export";
    case Action::kImport: return "import";
    case Action::kPeerAdd: return "peer.add";
    case Action::kPeerRemove: return "peer.remove";
    case Action::kPassphraseChange: return "passphrase.change";
    case Action::kKeyslotAdd: return "keyslot.add";
    case Action::kKeyslotRemove: return "keyslot.remove";
    case Action::kIdentityChange: return "identity.change";
    case Action::kUnlockFailures: return "unlock.failures";
    case Action::kCheck: return "check";
    case Action::kAuditCheckpoint: return "audit.checkpoint";
    case Action::kAuditExport: return "audit.export";
    case Action::kAuditView: return "audit.view";
    case Action::kEvidenceAdd: return "evidence.add";
    case Action::kEvidenceView: return "evidence.view";
    case Action::kTombstonesList: return "tombstones.list";
    case Action::kAuditVerify: return "audit.verify";
    case Action::kBundleVerify: return "bundle.verify";
    case Action::kCaseAdd: return "case.add";
    case Action::kCaseEdit: return "case.edit";
    case Action::kCaseAssign: return "case.assign";
    case Action::kCaseUnassign: return "case.unassign";
    case Action::kCaseView: return "case.view";
    case Action::kSearch: return "search";
    case Action::kWitnessEdit: return "witness.edit";
    case Action::kWitnessHistory: return "witness.history";
    case Action::kWitnessHistoryValues: return "witness.history_values";
    case Action::kPeerRename: return "peer.rename";
    case Action::kPeerKeyChange: return "peer.key_change";
    case Action::kKeyslotLabel: return "keyslot.label";
    case Action::kRecoveryCreate: return "recovery.create";
    case Action::kRecoveryRestore: return "recovery.restore";
    case Action::kRecoveryRevoke: return "recovery.revoke";
    case Action::kRecoveryView: return "recovery.view";
    case Action::kBackup: return "backup";
    case Action::kBackupVerify: return "backup.verify";
    case Action::kRestore: return "restore";
    case Action::kConsentRecord: return "consent.record";
    case Action::kConsentWithdraw: return "consent.withdraw";
    case Action::kConsentView: return "consent.view";
    case Action::kExportOverrideConsent: return "export.override_consent";
    case Action::kHoldAdd: return "hold.add";
    case Action::kHoldRemove: return "hold.remove";
    case Action::kCaseRetention: return "case.retention";
    case Action::kDue: return "due";
    case Action::kHoldView: return "hold.view";
    case Action::kAuditTimestampRequest: return "audit.timestamp_request";
    case Action::kAuditTimestamp: return "audit.timestamp";
    case Action::kBundleExtract: return "bundle.extract";
    case Action::kTestimonyRedactionCommitment: return "testimony.redaction_commitment";
    case Action::kRedactionAdd: return "redaction.add";
    case Action::kRedactionView: return "redaction.view";
    case Action::kRedactionList: return "redaction.list";
  }
  return "unknown";
}

std::vector<uint8_t> SerializeEvent(const Event& e) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.U8(kEventFormat);
  w.U64(e.seq);
  w.U64(static_cast<uint64_t>(e.time_unix_s));
  w.Raw(e.actor);
  w.U16(static_cast<uint16_t>(e.action));
  w.U8(static_cast<uint8_t>(e.object_id.size()));
  w.Raw(e.object_id);
  w.U32(e.object_version);
  w.U32(static_cast<uint32_t>(e.refs.size()));
  for (const std::string& r : e.refs) {
    w.U8(static_cast<uint8_t>(r.size()));
    w.Raw(r);
  }
  w.U8(static_cast<uint8_t>(e.digests.size()));
  for (const Hash& d : e.digests) w.Raw(d);
  w.Lp32(e.sealed);
  return out;
}

Result<Event> ParseEvent(std::span<const uint8_t> entry) {
  if (entry.size() > kMaxEventBytes) return Malformed("too large");
  ByteReader r(entry);
  Event e;
  uint8_t format = 0, object_len = 0, digest_count = 0;
  uint16_t action = 0;
  uint64_t time = 0;
  uint32_t ref_count = 0;
  std::span<const uint8_t> actor, object, sealed;
  if (!r.U8(format)) return Malformed("empty");
  if (format != kEventFormat) return Malformed("unknown event format " + std::to_string(format));
  if (!r.U64(e.seq) || !r.U64(time) || !r.Raw(8, actor) || !r.U16(action) || !r.U8(object_len) ||
      !r.Raw(object_len, object) || !r.U32(e.object_version) || !r.U32(ref_count))
    return Malformed("truncated");
  if (time > static_cast<uint64_t>(INT64_MAX)) return Malformed("time out of range");
  // A code in range without a name (a gap left for another change) is
  // unknown as well.
  if (action < 1 || action > kMaxAction ||
      ActionName(static_cast<Action>(action)) == std::string_view("unknown"))
    return Malformed("unknown action " + std::to_string(action));
  e.time_unix_s = static_cast<int64_t>(time);
  std::copy(actor.begin(), actor.end(), e.actor.begin());
  e.action = static_cast<Action>(action);
  e.object_id.assign(object.begin(), object.end());
  // Each ref takes at least one byte: a count beyond the input is a lie.
  if (ref_count > r.remaining()) return Malformed("too many refs");
  e.refs.reserve(ref_count);
  for (uint32_t i = 0; i < ref_count; ++i) {
    uint8_t len = 0;
    std::span<const uint8_t> ref;
    if (!r.U8(len) || !r.Raw(len, ref)) return Malformed("truncated ref");
    e.refs.emplace_back(ref.begin(), ref.end());
  }
  if (!r.U8(digest_count)) return Malformed("truncated");
  e.digests.resize(digest_count);
  for (Hash& d : e.digests)
    if (!ReadHash(r, d)) return Malformed("truncated digest");
  if (!r.Lp32(sealed)) return Malformed("truncated sealed part");
  if (!sealed.empty() && (sealed.size() < 41 || sealed[0] != 1)) return Malformed("sealed part");
  e.sealed.assign(sealed.begin(), sealed.end());
  if (!r.done()) return Malformed("trailing bytes");
  // Ids and refs are printable ASCII: nothing else is ever written.
  auto printable = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
  };
  if (!printable(e.object_id)) return Malformed("object id");
  for (const std::string& ref : e.refs)
    if (ref.empty() || !printable(ref)) return Malformed("ref");
  return e;
}

bool EventSecrets::empty() const {
  return reason.empty() && !statement_sha256 && !commitment_salt && !count && !bundle_sha256 &&
         recipient_names.empty() && detail.empty() && erasable_reason.empty();
}

std::vector<uint8_t> SealSecrets(const SecretBytes& audit_key, std::span<const uint8_t> vault_id,
                                 uint64_t seq, Action action, const EventSecrets& s) {
  if (s.empty()) return {};
  FieldSet f;
  f.SetTextIfAny(secret_tag::kReason, s.reason);
  if (s.statement_sha256) f.Set(secret_tag::kStatementSha256, *s.statement_sha256);
  if (s.commitment_salt) f.Set(secret_tag::kSalt, *s.commitment_salt);
  if (s.count) f.SetU64(secret_tag::kCount, *s.count);
  if (s.bundle_sha256) f.Set(secret_tag::kBundleSha256, *s.bundle_sha256);
  if (!s.recipient_names.empty()) f.SetList(secret_tag::kRecipients, s.recipient_names);
  f.SetTextIfAny(secret_tag::kDetail, s.detail);
  if (!s.erasable_reason.empty()) f.Set(secret_tag::kErasableReason, s.erasable_reason);
  std::vector<uint8_t> out = {1};
  crypto::AeadSealAppend(out, audit_key, f.Serialize(), SecretsAd(vault_id, seq, action));
  return out;
}

Result<EventSecrets> OpenSecrets(const SecretBytes& audit_key, std::span<const uint8_t> vault_id,
                                 const Event& e) {
  EventSecrets s;
  if (e.sealed.empty()) return s;
  auto plain = crypto::AeadOpen(audit_key, std::span(e.sealed).subspan(1),
                                SecretsAd(vault_id, e.seq, e.action));
  if (!plain.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "audit event " + std::to_string(e.seq) + " has a sealed part that fails "
                                                              "authentication");
  }
  TVAULT_ASSIGN_OR_RETURN(FieldSet f, FieldSet::Parse(*plain, secret_tag::kAll));
  s.reason = f.GetText(secret_tag::kReason);
  s.statement_sha256 = HashField(f, secret_tag::kStatementSha256);
  s.commitment_salt = HashField(f, secret_tag::kSalt);
  s.count = f.GetU64(secret_tag::kCount);
  s.bundle_sha256 = HashField(f, secret_tag::kBundleSha256);
  TVAULT_ASSIGN_OR_RETURN(s.recipient_names, f.GetList(secret_tag::kRecipients));
  s.detail = f.GetText(secret_tag::kDetail);
  auto erasable = f.Get(secret_tag::kErasableReason);
  s.erasable_reason.assign(erasable.begin(), erasable.end());
  return s;
}

namespace {

constexpr std::string_view kErasableReasonLabel = "tvault/v1/audit-erasable-reason";

std::vector<uint8_t> ErasableReasonAd(std::span<const uint8_t> vault_id,
                                      std::string_view object_id, uint32_t version) {
  std::vector<uint8_t> ad;
  ByteWriter w(ad);
  w.Raw(kErasableReasonLabel);
  w.Raw(vault_id);
  w.U8(static_cast<uint8_t>(object_id.size()));
  w.Raw(object_id);
  w.U32(version);
  return ad;
}

}  // namespace

std::vector<uint8_t> SealErasableReason(const SecretBytes& record_key,
                                        std::span<const uint8_t> vault_id,
                                        std::string_view object_id, uint32_t version,
                                        const PlainString& reason) {
  const SecretBytes key = crypto::DeriveSubkey(record_key, vault_id, kErasableReasonLabel);
  const std::span<const uint8_t> plain(reinterpret_cast<const uint8_t*>(reason.data()),
                                       reason.size());
  return crypto::AeadSeal(key, plain, ErasableReasonAd(vault_id, object_id, version));
}

Result<PlainString> OpenErasableReason(const SecretBytes& record_key,
                                       std::span<const uint8_t> vault_id,
                                       std::string_view object_id, uint32_t version,
                                       std::span<const uint8_t> sealed) {
  const SecretBytes key = crypto::DeriveSubkey(record_key, vault_id, kErasableReasonLabel);
  TVAULT_ASSIGN_OR_RETURN(PlainBytes plain,
                          crypto::AeadOpen(key, sealed, ErasableReasonAd(vault_id, object_id,
                                                                         version)));
  return PlainString(plain.begin(), plain.end());
}

Hash StatementCommitment(const Hash& salt, const Hash& statement_sha256) {
  std::vector<uint8_t> in;
  ByteWriter w(in);
  w.Raw("tvault/v1/statement-commitment");
  w.Raw(salt);
  w.Raw(statement_sha256);
  return crypto::Sha256(in);
}

Hash EvidenceCommitment(const Hash& salt, const Hash& evidence_sha256) {
  std::vector<uint8_t> in;
  ByteWriter w(in);
  w.Raw("tvault/v1/evidence-commitment");
  w.Raw(salt);
  w.Raw(evidence_sha256);
  return crypto::Sha256(in);
}

Hash RecordDigest(std::span<const uint8_t> wrapped_key, std::span<const uint8_t> sealed_part) {
  crypto::Sha256Hasher h;
  std::vector<uint8_t> head;
  ByteWriter w(head);
  w.Raw("tvault/v1/record-digest");
  w.U32(static_cast<uint32_t>(wrapped_key.size()));
  h.Update(head);
  h.Update(wrapped_key);
  head.clear();
  w.U32(static_cast<uint32_t>(sealed_part.size()));
  h.Update(head);
  h.Update(sealed_part);
  return h.Finish();
}

}  // namespace tvault::audit
