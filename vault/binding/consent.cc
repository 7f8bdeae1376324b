// Consent (docs/format.md, section 4.9): the Vault methods that record,
// withdraw and show it, and the scope and date checks of vault/consent.h.
#include <set>

#include "binding/case_rows.h"
#include "binding/consent_rows.h"
#include "binding/evidence.h"
#include "binding/peer_store.h"
#include "binding/text_intake.h"
#include "binding/testimony_rows.h"
#include "util/byte_stream.h"
#include "vault/text.h"

namespace tvault {
namespace {

struct ScopeName {
  ConsentScope scope;
  const char* name;
};
constexpr ScopeName kScopeNames[] = {{ConsentScope::kCourt, "court"},
                                     {ConsentScope::kNgo, "ngo"},
                                     {ConsentScope::kPress, "press"},
                                     {ConsentScope::kPublic, "public"},
                                     {ConsentScope::kResearch, "research"}};
constexpr const char* kKnownScopes = "court, ngo, press, public, research";

// A witness or testimony id, normalised.
Result<std::string> SubjectId(std::string_view in) {
  Result<std::string> id = NormalizeRecordId(in);
  if (id.ok() && (*id)[0] != 'W' && (*id)[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument,
                     *id + ": consent is recorded for a witness (W-...) or a testimony (T-...)");
  }
  return id;
}

// The witness of `id` (itself for a witness); kNotFound if it is absent.
Result<std::string> WitnessOf(Vault::Impl& v, const std::string& id) {
  TVAULT_TRY(RequireRecord(v, id));
  if (id[0] == 'W') return id;
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  return head.witness_id;
}

Status CheckNewConsent(const NewConsent& c) {
  if (c.scopes == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("consent needs at least one scope: ") + kKnownScopes);
  }
  if (!c.until.empty()) TVAULT_TRY(ValidateDateOption(c.until, "the last day of the consent"));
  TVAULT_TRY(RequireText("the consent conditions", c.conditions));
  for (const PlainString& name : c.recipients) TVAULT_TRY(RequireText("a recipient name", name));
  return OkStatus();
}

// The peers named, each once, with their age recipients.
Status ResolveConsentRecipients(Vault::Impl& v, const NewConsent& c, StoredConsent& out) {
  if (c.recipients.empty()) return OkStatus();
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> peers, ReadPeers(v));
  std::set<int64_t> seen;
  for (const PlainString& name : c.recipients) {
    TVAULT_ASSIGN_OR_RETURN(const StoredPeer* p, FindPeer(peers, name));
    if (p->peer.age_recipient.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "a consent recipient must be a peer that bundles can be sent to (with an "
                       "age recipient)");
    }
    if (!seen.insert(p->rowid).second) continue;
    out.record.recipients.push_back(p->peer.name);
    out.recipient_keys.push_back(p->peer.age_recipient);
  }
  return OkStatus();
}

}  // namespace

Result<ConsentScope> ParseConsentScope(std::string_view name) {
  for (const ScopeName& s : kScopeNames) {
    if (name == s.name) return s.scope;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown consent scope '" + std::string(name) + "'; the scopes are " +
                       kKnownScopes);
}

Result<ConsentScopes> ParseConsentScopes(std::string_view list) {
  ConsentScopes out = 0;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    TVAULT_ASSIGN_OR_RETURN(ConsentScope s, ParseConsentScope(list.substr(at, comma - at)));
    const auto bit = static_cast<ConsentScopes>(s);
    if (out & bit) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "consent scope '" + std::string(list.substr(at, comma - at)) +
                           "' is given twice");
    }
    out |= bit;
    at = comma + 1;
  }
  return out;
}

std::vector<std::string> ConsentScopeNames(ConsentScopes scopes) {
  std::vector<std::string> out;
  for (const ScopeName& s : kScopeNames) {
    if (scopes & static_cast<ConsentScopes>(s.scope)) out.emplace_back(s.name);
  }
  return out;
}

Status ValidateDateOption(std::string_view date, std::string_view option) {
  if (IsValidDate(date)) return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   std::string(option) + " must be a calendar date written YYYY-MM-DD (UTC), not '" +
                       std::string(date) + "'");
}

Result<uint32_t> Vault::RecordConsent(std::string_view id_in, const NewConsent& consent) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, SubjectId(id_in));
  TVAULT_TRY(CheckNewConsent(consent));
  if (!consent.form.empty() && id[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a consent form is kept as evidence of a testimony: a witness's consent "
                     "cannot carry one; record it with one of their testimonies");
  }
  std::optional<FileSource> form;
  if (!consent.form.empty()) {
    TVAULT_ASSIGN_OR_RETURN(FileSource in, FileSource::Open(consent.form));
    form.emplace(std::move(in));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireRecord(v, id));
  StoredConsent c;
  c.record.scopes = consent.scopes;
  c.record.until = consent.until;
  c.record.conditions = consent.conditions;
  TVAULT_TRY(ResolveConsentRecipients(v, consent, c));
  std::string form_id;
  if (form) {
    EvidenceMeta meta;
    meta.description = PlainString("signed consent form");
    TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info, AddEvidenceInTxn(v, txn, id, *form, meta));
    form_id = info.id;
    c.record.form_evidence_id = info.id;
  }
  Result<uint32_t> number = AppendConsent(v, txn, id, std::move(c));
  Status committed = number.ok() ? txn.Commit() : Status(number.error());
  if (!committed.ok()) {
    if (!form_id.empty()) (void)DiscardEvidenceFile(v, form_id);
    return committed.error();
  }
  if (!form_id.empty()) PublishEvidenceFile(v, form_id);
  return number;
}

Result<uint32_t> Vault::WithdrawConsent(std::string_view id_in, const PlainString& reason) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, SubjectId(id_in));
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a withdrawal needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the withdrawal reason", reason));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireRecord(v, id));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredConsent> records, ReadConsentRecords(v, id));
  if (records.empty() || records.back().record.withdrawal) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     id + " has no consent of its own to withdraw" +
                         (records.empty() ? "" : " (already withdrawn)"));
  }
  StoredConsent c;
  c.record.withdrawal = true;
  c.record.reason = reason;
  TVAULT_ASSIGN_OR_RETURN(uint32_t number, AppendConsent(v, txn, id, std::move(c)));
  TVAULT_TRY(txn.Commit());
  return number;
}

Result<ConsentState> Vault::ShowConsent(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, SubjectId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::string witness, WitnessOf(v, id));
  ConsentState state;
  state.id = id;
  std::optional<StoredConsent> c;
  if (id[0] == 'T') {
    TVAULT_ASSIGN_OR_RETURN(c, ConsentInEffect(v, id, witness));
  } else {
    TVAULT_ASSIGN_OR_RETURN(std::vector<StoredConsent> own, ReadConsentRecords(v, id));
    if (!own.empty()) c = std::move(own.back());
  }
  if (c) {
    state.in_effect = std::move(c->record);
    state.expired = !state.in_effect->withdrawal && !state.in_effect->until.empty() &&
                    UtcDay(v.Now()) > state.in_effect->until;
  }
  TVAULT_TRY(txn.Log({audit::Action::kConsentView, id, 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return state;
}

Result<std::vector<ConsentRecord>> Vault::ConsentHistory(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, SubjectId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireRecord(v, id));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredConsent> records, ReadConsentRecords(v, id));
  std::vector<ConsentRecord> out;
  for (StoredConsent& c : records) out.push_back(std::move(c.record));
  LogEntry entry{audit::Action::kConsentView, id, 0, {}, {}, {}};
  entry.secrets.detail = PlainString("history");
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

}  // namespace tvault
