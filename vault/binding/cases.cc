// Cases (kind 6, docs/format.md section 4.6): a matter grouping witnesses
// and testimonies. Each version of a case's text is sealed under its own
// record key in the testimony compartment; membership rows hold ids only.
#include <set>

#include "binding/case_rows.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"

namespace tvault {
namespace {

namespace case_tag {
inline constexpr uint16_t kTitle = 1, kReference = 2, kNotes = 3;
inline constexpr uint16_t kAll[] = {1, 2, 3};
}  // namespace case_tag

FieldSet ToFields(const CaseDetails& d) {
  FieldSet f;
  f.SetText(case_tag::kTitle, d.title);
  f.SetTextIfAny(case_tag::kReference, d.reference);
  f.SetTextIfAny(case_tag::kNotes, d.notes);
  return f;
}

CaseDetails FromFields(const FieldSet& f) {
  return CaseDetails{f.GetText(case_tag::kTitle), f.GetText(case_tag::kReference),
                     f.GetText(case_tag::kNotes)};
}

Status RequireCaseText(const CaseDetails& d) {
  TVAULT_TRY(RequireText("the case title", d.title));
  TVAULT_TRY(RequireText("the case reference", d.reference));
  return RequireText("the case notes", d.notes);
}

bool SameDetails(const CaseDetails& a, const CaseDetails& b) {
  return a.title == b.title && a.reference == b.reference && a.notes == b.notes;
}

// Seals `details` as version `version` of the case under a fresh record key
// and inserts the row; returns the record digest its audit event carries.
Result<audit::Hash> InsertCaseVersion(Vault::Impl& v, const std::string& id, uint32_t version,
                                      const CaseDetails& details) {
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.testimony, v.Address(RecordKind::kCase, id, version),
                                   key, ToFields(details));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO case_versions(case_id, version, created_at, wrapped_key, fields) "
                   "VALUES (?, ?, ?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, id).Bind(2, int64_t{version}).Bind(3, v.Now())
                 .BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Run());
  return audit::RecordDigest(sealed.wrapped_key, sealed.fields);
}

struct CaseHead {
  int64_t created_at = 0;
  uint32_t versions = 0;
  int64_t version_created_at = 0;
  CaseDetails details;
};

// The case row and its latest version, opened.
Result<CaseHead> LoadCase(Vault::Impl& v, const std::string& id) {
  TVAULT_TRY(RequireCase(v, id));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT c.created_at, c.versions, cv.created_at, cv.wrapped_key, cv.fields "
                   "FROM cases c LEFT JOIN case_versions cv "
                   "ON cv.case_id = c.id AND cv.version = c.versions WHERE c.id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row || st.ColumnIsNull(3)) {
    return MakeError(ErrorCode::kIntegrity, "case " + id + " has lost its latest version",
                     ErrorDetail::kCheckVault);
  }
  CaseHead head;
  head.created_at = st.ColumnInt(0);
  head.versions = static_cast<uint32_t>(st.ColumnInt(1));
  head.version_created_at = st.ColumnInt(2);
  TVAULT_ASSIGN_OR_RETURN(
      FieldSet f, OpenFields(v.keys.testimony, v.Address(RecordKind::kCase, id, head.versions),
                             st.ColumnBlob(3), st.ColumnBlob(4), case_tag::kAll));
  head.details = FromFields(f);
  return head;
}

// Normalised, deduplicated W/T ids in the caller's order.
Result<std::vector<std::string>> MemberIds(std::span<const std::string> in) {
  if (in.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name at least one witness or testimony id");
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& raw : in) {
    TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(raw));
    if (id[0] != 'W' && id[0] != 'T') {
      return MakeError(ErrorCode::kInvalidArgument,
                       id + ": only witnesses (W-...) and testimonies (T-...) belong to cases");
    }
    if (seen.insert(id).second) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace

Status CheckCaseRecords(Vault::Impl& v) {
  if (!v.has_case_tables) return OkStatus();
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT case_id, version, wrapped_key, fields FROM case_versions"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string id = st.ColumnText(0);
    const auto version = static_cast<uint32_t>(st.ColumnInt(1));
    TVAULT_ASSIGN_OR_RETURN(FieldSet f,
                            OpenFields(v.keys.testimony, v.Address(RecordKind::kCase, id, version),
                                       st.ColumnBlob(2), st.ColumnBlob(3), case_tag::kAll));
    (void)f;
  }
  return OkStatus();
}

Result<std::string> Vault::AddCase(const CaseDetails& details) {
  Impl& v = *impl_;
  if (details.title.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a case needs a title");
  }
  TVAULT_TRY(RequireCaseText(details));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::string id, NewUnusedRecordId(v.db, IdKind::kCase));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("INSERT INTO cases(id, created_at, versions) "
                                       "VALUES (?, ?, 1)"));
  TVAULT_TRY(st.Bind(1, id).Bind(2, v.Now()).Run());
  TVAULT_ASSIGN_OR_RETURN(audit::Hash digest, InsertCaseVersion(v, id, 1, details));
  TVAULT_TRY(txn.Log({audit::Action::kCaseAdd, id, 1, {}, {digest}, {}}));
  TVAULT_TRY(txn.Commit());
  return id;
}

Result<std::vector<CaseSummary>> Vault::ListCases() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  std::vector<CaseSummary> out;
  if (v.has_case_tables) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT c.id, c.created_at, c.versions, cv.wrapped_key, cv.fields, "
                     "(SELECT count(*) FROM case_members m WHERE m.case_id = c.id "
                     " AND substr(m.record_id, 1, 1) = 'W'), "
                     "(SELECT count(*) FROM case_members m WHERE m.case_id = c.id "
                     " AND substr(m.record_id, 1, 1) = 'T') "
                     "FROM cases c LEFT JOIN case_versions cv "
                     "ON cv.case_id = c.id AND cv.version = c.versions "
                     "ORDER BY c.created_at, c.id"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      CaseSummary s;
      s.id = st.ColumnText(0);
      s.created_at_unix_s = st.ColumnInt(1);
      s.version_count = static_cast<uint32_t>(st.ColumnInt(2));
      if (st.ColumnIsNull(3)) {
        return MakeError(ErrorCode::kIntegrity, "case " + s.id + " has lost its latest version",
                         ErrorDetail::kCheckVault);
      }
      TVAULT_ASSIGN_OR_RETURN(
          FieldSet f,
          OpenFields(v.keys.testimony, v.Address(RecordKind::kCase, s.id, s.version_count),
                     st.ColumnBlob(3), st.ColumnBlob(4), case_tag::kAll));
      CaseDetails d = FromFields(f);
      s.title = std::move(d.title);
      s.reference = std::move(d.reference);
      s.witness_count = st.ColumnInt(5);
      s.testimony_count = st.ColumnInt(6);
      out.push_back(std::move(s));
    }
  }
  LogEntry entry{audit::Action::kCaseView, "", 0, {}, {}, {}};
  for (const CaseSummary& c : out) entry.refs.push_back(c.id);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<Case> Vault::GetCase(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeCaseId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(CaseHead head, LoadCase(v, id));
  Case c;
  c.id = id;
  c.created_at_unix_s = head.created_at;
  c.version = head.versions;
  c.version_created_at_unix_s = head.version_created_at;
  c.details = std::move(head.details);
  TVAULT_ASSIGN_OR_RETURN(c.witnesses, CaseMembers(v, id, 'W'));
  TVAULT_ASSIGN_OR_RETURN(c.testimonies, CaseMembers(v, id, 'T'));
  TVAULT_TRY(txn.Log({audit::Action::kCaseView, id, c.version, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return c;
}

Result<uint32_t> Vault::EditCase(std::string_view id_in, const CaseDetails& changes) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeCaseId(id_in));
  if (changes.title.empty() && changes.reference.empty() && changes.notes.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "nothing to change: give a new title, reference or notes");
  }
  TVAULT_TRY(RequireCaseText(changes));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(CaseHead head, LoadCase(v, id));
  CaseDetails next = head.details;
  if (!changes.title.empty()) next.title = changes.title;
  if (!changes.reference.empty()) next.reference = changes.reference;
  if (!changes.notes.empty()) next.notes = changes.notes;
  if (SameDetails(next, head.details)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "case " + id + " already reads so (version " +
                         std::to_string(head.versions) + "); nothing was stored",
                     ErrorDetail::kSameAsVersion);
  }
  const uint32_t version = head.versions + 1;
  TVAULT_ASSIGN_OR_RETURN(audit::Hash digest, InsertCaseVersion(v, id, version, next));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("UPDATE cases SET versions = ? WHERE id = ?"));
  TVAULT_TRY(st.Bind(1, int64_t{version}).Bind(2, id).Run());
  TVAULT_TRY(txn.Log({audit::Action::kCaseEdit, id, version, {}, {digest}, {}}));
  TVAULT_TRY(txn.Commit());
  return version;
}

Status Vault::AssignToCase(std::string_view case_in, std::span<const std::string> record_ids) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string case_id, NormalizeCaseId(case_in));
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> ids, MemberIds(record_ids));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_TRY(InsertCaseMembers(v, txn, case_id, ids));
  return txn.Commit();
}

Status Vault::UnassignFromCase(std::string_view case_in,
                               std::span<const std::string> record_ids) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string case_id, NormalizeCaseId(case_in));
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> ids, MemberIds(record_ids));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement member,
      v.db.Prepare("SELECT 1 FROM case_members WHERE case_id = ? AND record_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement drop,
      v.db.Prepare("DELETE FROM case_members WHERE case_id = ? AND record_id = ?"));
  for (const std::string& id : ids) {
    member.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool present, member.Bind(1, case_id).Bind(2, id).Step());
    if (!present) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       id + " is not in case " + case_id + "; nothing was unassigned");
    }
    drop.Reset();
    TVAULT_TRY(drop.Bind(1, case_id).Bind(2, id).Run());
  }
  TVAULT_TRY(txn.Log({audit::Action::kCaseUnassign, case_id, 0, ids, {}, {}}));
  return txn.Commit();
}

}  // namespace tvault
