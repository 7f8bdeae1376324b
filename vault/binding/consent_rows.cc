// Consent record rows (docs/format.md, section 4.9).
#include "binding/consent_rows.h"

#include "binding/record_fields.h"
#include "vault/text.h"

namespace tvault {
namespace {

constexpr uint64_t kConsentKind = 1, kWithdrawalKind = 2;

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

FieldSet ToFields(const StoredConsent& c) {
  const ConsentRecord& r = c.record;
  FieldSet f;
  f.SetU64(consent_tag::kKind, r.withdrawal ? kWithdrawalKind : kConsentKind);
  if (r.withdrawal) {
    f.SetText(consent_tag::kReason, r.reason);
    return f;
  }
  std::vector<PlainString> scopes;
  for (const std::string& s : ConsentScopeNames(r.scopes)) scopes.emplace_back(s);
  f.SetList(consent_tag::kScopes, scopes);
  f.SetTextIfAny(consent_tag::kUntil, PlainString(r.until));
  if (!r.recipients.empty()) {
    std::vector<PlainString> keys;
    for (const std::string& k : c.recipient_keys) keys.emplace_back(k);
    f.SetList(consent_tag::kRecipientNames, r.recipients);
    f.SetList(consent_tag::kRecipientKeys, keys);
  }
  f.SetTextIfAny(consent_tag::kConditions, r.conditions);
  f.SetTextIfAny(consent_tag::kForm, PlainString(r.form_evidence_id));
  return f;
}

Result<StoredConsent> FromFields(const FieldSet& f, const std::string& subject) {
  auto malformed = [&] {
    return MakeError(ErrorCode::kIntegrity, "a consent record of " + subject + " is malformed",
                     ErrorDetail::kCheckVault);
  };
  StoredConsent c;
  ConsentRecord& r = c.record;
  r.subject_id = subject;
  const std::optional<uint64_t> kind = f.GetU64(consent_tag::kKind);
  if (kind != kConsentKind && kind != kWithdrawalKind) return malformed();
  r.withdrawal = *kind == kWithdrawalKind;
  r.reason = f.GetText(consent_tag::kReason);
  if (r.withdrawal) return c;
  TVAULT_ASSIGN_OR_RETURN(std::vector<PlainString> scopes, f.GetList(consent_tag::kScopes));
  std::string joined;
  for (const PlainString& s : scopes) joined += (joined.empty() ? "" : ",") + Str(s);
  Result<ConsentScopes> parsed = ParseConsentScopes(joined);
  if (!parsed.ok()) return malformed();
  r.scopes = *parsed;
  r.until = Str(f.GetText(consent_tag::kUntil));
  if (!r.until.empty() && !IsValidDate(r.until)) return malformed();
  TVAULT_ASSIGN_OR_RETURN(r.recipients, f.GetList(consent_tag::kRecipientNames));
  TVAULT_ASSIGN_OR_RETURN(std::vector<PlainString> keys, f.GetList(consent_tag::kRecipientKeys));
  if (keys.size() != r.recipients.size()) return malformed();
  for (const PlainString& k : keys) c.recipient_keys.push_back(Str(k));
  r.conditions = f.GetText(consent_tag::kConditions);
  r.form_evidence_id = Str(f.GetText(consent_tag::kForm));
  return c;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

Result<std::vector<StoredConsent>> ReadConsentRecords(Vault::Impl& v, const std::string& subject) {
  std::vector<StoredConsent> out;
  if (!v.has_consent_tables) return out;
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT number, created_at, wrapped_key, fields FROM consent_records "
                   "WHERE subject_id = ? ORDER BY number"));
  st.Bind(1, subject);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const auto number = static_cast<uint32_t>(st.ColumnInt(0));
    if (number != out.size() + 1) {
      return MakeError(ErrorCode::kIntegrity,
                       "the consent records of " + subject + " have a gap before number " +
                           std::to_string(number),
                       ErrorDetail::kCheckVault);
    }
    TVAULT_ASSIGN_OR_RETURN(
        FieldSet f, OpenFields(v.keys.testimony, v.Address(RecordKind::kConsent, subject, number),
                               st.ColumnBlob(2), st.ColumnBlob(3), consent_tag::kAll));
    TVAULT_ASSIGN_OR_RETURN(StoredConsent c, FromFields(f, subject));
    c.record.number = number;
    c.record.created_at_unix_s = st.ColumnInt(1);
    out.push_back(std::move(c));
  }
  return out;
}

Result<uint32_t> AppendConsent(Vault::Impl& v, VaultTxn& txn, const std::string& subject,
                               StoredConsent c) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement count,
      v.db.Prepare("SELECT count(*) FROM consent_records WHERE subject_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, count.Bind(1, subject).Step());
  const auto number = static_cast<uint32_t>((row ? count.ColumnInt(0) : 0) + 1);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.testimony,
                                   v.Address(RecordKind::kConsent, subject, number), key,
                                   ToFields(c));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO consent_records(subject_id, number, created_at, wrapped_key, "
                   "fields) VALUES (?, ?, ?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, subject).Bind(2, int64_t{number}).Bind(3, v.Now())
                 .BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Run());
  LogEntry entry{c.record.withdrawal ? audit::Action::kConsentWithdraw
                                     : audit::Action::kConsentRecord,
                 subject, number, {}, {audit::RecordDigest(sealed.wrapped_key, sealed.fields)},
                 {}};
  if (!c.record.form_evidence_id.empty()) entry.refs.push_back(c.record.form_evidence_id);
  if (c.record.withdrawal) entry.secrets.reason = c.record.reason;
  TVAULT_TRY(txn.Log(std::move(entry)));
  return number;
}

Result<std::optional<StoredConsent>> ConsentInEffect(Vault::Impl& v, const std::string& tid,
                                                     const std::string& wid) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredConsent> own, ReadConsentRecords(v, tid));
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredConsent> witness, ReadConsentRecords(v, wid));
  std::optional<StoredConsent> latest_witness;
  if (!witness.empty()) latest_witness = std::move(witness.back());
  if (own.empty()) return latest_witness;
  // A witness who withdraws withdraws for every testimony: a withdrawal
  // that is not older than the testimony's own record wins.
  if (latest_witness && latest_witness->record.withdrawal &&
      latest_witness->record.created_at_unix_s >= own.back().record.created_at_unix_s) {
    return latest_witness;
  }
  return std::optional<StoredConsent>(std::move(own.back()));
}

std::string UtcDay(int64_t unix_s) { return FormatUtc(unix_s).substr(0, 10); }

ConsentVerdict JudgeConsent(const std::optional<StoredConsent>& c, ConsentScope purpose,
                            const std::vector<ConsentRecipient>& to, const std::string& today,
                            std::string& why) {
  const std::string purpose_name = ConsentScopeNames(static_cast<ConsentScopes>(purpose))[0];
  if (!c) {
    why = "no consent";
    return ConsentVerdict::kNoConsent;
  }
  const ConsentRecord& r = c->record;
  if (r.withdrawal) {
    why = "withdrawn on " + UtcDay(r.created_at_unix_s) + " (" + r.subject_id + ")";
    return ConsentVerdict::kWithdrawn;
  }
  if ((r.scopes & static_cast<ConsentScopes>(purpose)) == 0) {
    why = "scope: " + r.subject_id + " consented to " + Join(ConsentScopeNames(r.scopes)) +
          ", not " + purpose_name;
    return ConsentVerdict::kScope;
  }
  if (!r.until.empty() && today > r.until) {
    why = "expired: " + r.subject_id + "'s consent ended on " + r.until;
    return ConsentVerdict::kExpired;
  }
  if (!r.recipients.empty()) {
    for (const ConsentRecipient& recipient : to) {
      bool agreed = false;
      for (const std::string& key : c->recipient_keys) agreed = agreed || key == recipient.age_recipient;
      if (!agreed) {
        why = "recipient: " + r.subject_id + " did not consent to " + Str(recipient.name);
        return ConsentVerdict::kRecipient;
      }
    }
  }
  return ConsentVerdict::kCovered;
}

Result<ConsentRefusals> JudgeExport(Vault::Impl& v,
                                    const std::vector<std::pair<std::string, std::string>>& records,
                                    ConsentScope purpose, const std::vector<ConsentRecipient>& to) {
  const std::string today = UtcDay(v.Now());
  ConsentRefusals out;
  for (const auto& [tid, wid] : records) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<StoredConsent> c, ConsentInEffect(v, tid, wid));
    std::string why;
    const ConsentVerdict verdict = JudgeConsent(c, purpose, to, today, why);
    if (verdict == ConsentVerdict::kCovered) continue;
    if (verdict == ConsentVerdict::kNoConsent) why += " recorded for it or its witness " + wid;
    out.listing += (out.listing.empty() ? "" : "; ") + tid + ": " + why;
    out.ids.push_back(tid);
  }
  return out;
}

Result<std::vector<TestimonySummary>> KeepConsentedFor(Vault::Impl& v,
                                                       std::vector<TestimonySummary> list,
                                                       ConsentScope scope) {
  const std::string today = UtcDay(v.Now());
  std::vector<TestimonySummary> out;
  for (TestimonySummary& t : list) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<StoredConsent> c,
                            ConsentInEffect(v, t.id, t.witness_id));
    std::string why;
    if (JudgeConsent(c, scope, {}, today, why) == ConsentVerdict::kCovered) {
      out.push_back(std::move(t));
    }
  }
  return out;
}

Status DropConsentOf(Vault::Impl& v, std::span<const std::string> shredded_ids) {
  if (!v.has_consent_tables) return OkStatus();
  TVAULT_ASSIGN_OR_RETURN(storage::Statement drop,
                          v.db.Prepare("DELETE FROM consent_records WHERE subject_id = ?"));
  for (const std::string& id : shredded_ids) {
    if (id[0] != 'W' && id[0] != 'T') continue;
    drop.Reset();
    TVAULT_TRY(drop.Bind(1, id).Run());
  }
  return OkStatus();
}

Status CheckConsentAgainstLog(Vault::Impl& v, const std::map<std::string, LoggedConsent>& logged,
                              const std::unordered_set<std::string>& shredded,
                              uint64_t& records) {
  std::unordered_set<std::string> present;
  if (v.has_consent_tables) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT subject_id, number, wrapped_key, fields FROM consent_records"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const std::string key = st.ColumnText(0) + "@" + std::to_string(st.ColumnInt(1));
      auto it = logged.find(key);
      if (it == logged.end()) {
        return MakeError(ErrorCode::kIntegrity, "consent record " + key +
                                                    " is in the database but no audit event "
                                                    "records it (added outside tvault)");
      }
      if (!ConstantTimeEqual(it->second.digest,
                             audit::RecordDigest(st.ColumnBlob(2), st.ColumnBlob(3)))) {
        return MakeError(ErrorCode::kIntegrity, "consent record " + key +
                                                    " differs from what audit event " +
                                                    std::to_string(it->second.seq) + " recorded");
      }
      present.insert(key);
      ++records;
    }
  }
  for (const auto& [key, l] : logged) {
    if (!present.count(key) && !shredded.count(l.subject)) {
      return MakeError(ErrorCode::kIntegrity,
                       "audit event " + std::to_string(l.seq) + " recorded consent record " + key +
                           " but it is gone from the database without a shred: the database "
                           "was rolled back or rows were deleted");
    }
  }
  return OkStatus();
}

}  // namespace tvault
