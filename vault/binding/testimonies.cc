// Testimonies (kind 2): intake, show, list, amend, history.
#include "binding/case_rows.h"
#include "binding/consent_rows.h"
#include "binding/journal.h"
#include "crypto/hash.h"
#include "binding/testimony_rows.h"
#include "binding/text_intake.h"
#include "util/file_io.h"
#include "util/parallel.h"

namespace tvault {
namespace {

Result<PlainBytes> LoadStatement(const StatementSource& source) {
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, source());
  if (statement.size() > kMaxStatementBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "statement is larger than " + std::to_string(kMaxStatementBytes) +
                         " bytes (256 MiB); attach it as evidence instead");
  }
  return statement;
}

Sha256Bytes Sha256Of(std::span<const uint8_t> bytes) { return crypto::Sha256(bytes); }

Status RequireWitness(Vault::Impl& v, const std::string& witness_id) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT 1 FROM witnesses WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, witness_id).Step());
  if (!row) return RecordMissing(v, witness_id, "witness");
  return OkStatus();
}

TestimonyMetadata Merge(TestimonyMetadata base, const TestimonyMetadata& changes) {
  auto take = [](PlainString& field, const PlainString& change) {
    if (!change.empty()) field = change;
  };
  take(base.title, changes.title);
  take(base.language, changes.language);
  take(base.taken_at, changes.taken_at);
  take(base.place, changes.place);
  take(base.interviewer, changes.interviewer);
  take(base.interpreter, changes.interpreter);
  take(base.notes, changes.notes);
  take(base.file_name, changes.file_name);
  return base;
}

bool SameMetadata(const TestimonyMetadata& a, const TestimonyMetadata& b) {
  return a.title == b.title && a.language == b.language && a.taken_at == b.taken_at &&
         a.place == b.place && a.interviewer == b.interviewer &&
         a.interpreter == b.interpreter && a.notes == b.notes && a.file_name == b.file_name;
}

}  // namespace

Status ValidateTestimonyMetadata(const TestimonyMetadata& m) {
  TVAULT_TRY(RequireText(m));
  if (!m.taken_at.empty() && !IsValidDate(std::string_view(m.taken_at.data(), m.taken_at.size()))) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the date taken must be a calendar date written YYYY-MM-DD",
                     ErrorDetail::kBadDate);
  }
  return OkStatus();
}

StatementSource StatementFromFile(std::filesystem::path path) {
  // The file's own limit is the statement limit, so its message states it.
  return [path = std::move(path)]() { return ReadPlainFile(path, kMaxStatementBytes); };
}

Result<std::vector<AddedTestimony>> Vault::AddTestimonies(std::string_view witness_in,
                                                       const TestimonyMetadata& metadata,
                                                       std::span<const StatementSource> sources,
                                                       std::string_view case_in) {
  std::vector<NewTestimony> testimonies;
  for (const StatementSource& source : sources) testimonies.push_back({source, metadata});
  return AddTestimonies(witness_in, testimonies, case_in);
}

Result<std::vector<AddedTestimony>> Vault::AddTestimonies(
    std::string_view witness_in, std::span<const NewTestimony> testimonies,
    std::string_view case_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string witness_id, NormalizeRecordId(witness_in));
  if (witness_id[0] != 'W') {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a testimony's witness must be a witness id (W-...)",
                     ErrorDetail::kNotAWitnessId);
  }
  for (const NewTestimony& t : testimonies) TVAULT_TRY(ValidateTestimonyMetadata(t.metadata));
  if (testimonies.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "no statement file given",
                     ErrorDetail::kNoFiles);
  }

  std::string case_id;
  if (!case_in.empty()) {
    TVAULT_ASSIGN_OR_RETURN(case_id, NormalizeCaseId(case_in));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireWitness(v, witness_id));
  if (!case_id.empty()) TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(TestimonyWriter writer, TestimonyWriter::Prepare(v));
  std::vector<AddedTestimony> added;
  const PlainString intake("intake");
  for (const NewTestimony& t : testimonies) {
    TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, LoadStatement(t.source));
    TVAULT_ASSIGN_OR_RETURN(std::string id, writer.NewTestimonyId());
    const Sha256Bytes sha256 = Sha256Of(statement);
    Sha256Bytes commitment;
    FieldSet meta =
        TestimonyMetaFields(t.metadata, sha256, statement.size(), intake, nullptr, commitment);
    const std::optional<Sha256Bytes> redaction = AddRedactionCommitment(meta, statement);
    TVAULT_TRY(writer.InsertTestimony(id, witness_id));
    TVAULT_TRY(writer.InsertVersion(id, 1, meta, statement));
    TVAULT_TRY(txn.Log({audit::Action::kTestimonyAdd, id, 1, {witness_id},
                        VersionDigests(commitment, redaction), {}}));
    added.push_back(AddedTestimony{std::move(id), sha256, statement.size()});
  }
  if (!case_id.empty()) {
    std::vector<std::string> ids;
    for (const AddedTestimony& t : added) ids.push_back(t.id);
    TVAULT_TRY(InsertCaseMembers(v, txn, case_id, ids));
  }
  TVAULT_TRY(txn.Commit());
  return added;
}

Result<Testimony> Vault::GetTestimony(std::string_view id_in, std::optional<uint32_t> version) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  const uint32_t want = version.value_or(head.versions);
  if (want < 1 || want > head.versions) {
    return MakeError(ErrorCode::kNotFound, "testimony " + id + " has versions 1 to " +
                                               std::to_string(head.versions) + " only");
  }
  TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, want));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, OpenStatement(v, id, opened));
  Testimony t;
  t.id = id;
  t.witness_id = head.witness_id;
  t.created_at_unix_s = head.created_at_unix_s;
  t.version_count = head.versions;
  t.metadata = MetadataFromFields(opened.meta);
  t.provenance = ProvenanceFromFields(opened.meta);
  t.version = std::move(opened.info);
  t.statement = std::move(statement);
  TVAULT_TRY(txn.Log({audit::Action::kTestimonyView, id, want, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return t;
}

Result<std::vector<TestimonySummary>> Vault::ListTestimonies(const ListFilter& filter) {
  Impl& v = *impl_;
  std::string case_id;
  if (!filter.case_id.empty()) {
    TVAULT_ASSIGN_OR_RETURN(case_id, NormalizeCaseId(filter.case_id));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  if (!case_id.empty()) TVAULT_TRY(RequireCase(v, case_id));
  // case_members is named only when asked (see ReadWitnessList).
  const std::string where =
      case_id.empty() ? "" : "WHERE t.id IN (SELECT record_id FROM case_members WHERE case_id = ?) ";
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT t.id, t.witness_id, t.created_at, t.versions, v.wrapped_key, v.meta "
                   "FROM testimonies t LEFT JOIN testimony_versions v "
                   "ON v.testimony_id = t.id AND v.version = t.versions " +
                   where + "ORDER BY t.created_at, t.id"));
  if (!case_id.empty()) st.Bind(1, case_id);
  // Fetch every row first, then authenticate and decrypt them in parallel:
  // listing 100,000 testimonies is mostly AEAD work.
  struct Row {
    std::vector<uint8_t> wrapped, meta;
  };
  std::vector<TestimonySummary> out;
  std::vector<Row> rows;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TestimonySummary s;
    s.id = st.ColumnText(0);
    s.witness_id = st.ColumnText(1);
    s.created_at_unix_s = st.ColumnInt(2);
    s.version_count = static_cast<uint32_t>(st.ColumnInt(3));
    if (st.ColumnIsNull(4)) {
      return MakeError(ErrorCode::kIntegrity, "testimony " + s.id + " has lost its latest version",
                       ErrorDetail::kCheckVault);
    }
    auto wrapped = st.ColumnBlob(4), meta = st.ColumnBlob(5);
    rows.push_back(Row{{wrapped.begin(), wrapped.end()}, {meta.begin(), meta.end()}});
    out.push_back(std::move(s));
  }
  TVAULT_TRY(ParallelFor(
      out.size(), [] { return SecretBytes(32); },
      [&](std::size_t i, SecretBytes& record_key) -> Status {
        TestimonySummary& s = out[i];
        const RecordAddress addr = v.Address(RecordKind::kTestimony, s.id, s.version_count);
        TVAULT_ASSIGN_OR_RETURN(FieldSet meta,
                                OpenFieldsWith(record_key, v.keys.testimony, addr, rows[i].wrapped,
                                               rows[i].meta, testimony_tag::kAll));
        s.title = meta.GetText(testimony_tag::kTitle);
        s.file_name = meta.GetText(testimony_tag::kFileName);
        return OkStatus();
      }));
  if (filter.consent_for) {
    TVAULT_ASSIGN_OR_RETURN(out, KeepConsentedFor(v, std::move(out), *filter.consent_for));
  }
  LogEntry entry{audit::Action::kTestimonyList, "", 0, {}, {}, {}};
  entry.secrets.count = out.size();
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<uint32_t> Vault::AmendTestimony(std::string_view id_in, const StatementSource& source,
                                       const PlainString& reason,
                                       const TestimonyMetadata& changes) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "an amendment needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the amendment reason", reason));
  TVAULT_TRY(ValidateTestimonyMetadata(changes));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  TVAULT_ASSIGN_OR_RETURN(OpenedVersion latest, OpenTestimonyVersion(v, id, head.versions));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, LoadStatement(source));
  const Sha256Bytes sha256 = Sha256Of(statement);
  const TestimonyMetadata latest_metadata = MetadataFromFields(latest.meta);
  const TestimonyMetadata merged = Merge(latest_metadata, changes);
  // A version that repeats the latest bytes and metadata would be permanent
  // and travel in every export as if the statement had changed. New metadata
  // with the same bytes is a real change (the way to fix a title).
  if (sha256 == latest.info.sha256 && SameMetadata(merged, latest_metadata)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the new statement is identical to version " +
                         std::to_string(head.versions) + " of " + id +
                         " (the latest); nothing was stored",
                     ErrorDetail::kSameAsVersion);
  }
  const uint32_t next = head.versions + 1;
  Sha256Bytes commitment;
  FieldSet meta = TestimonyMetaFields(merged, sha256,
                                      statement.size(), reason, nullptr, commitment);
  const std::optional<Sha256Bytes> redaction = AddRedactionCommitment(meta, statement);
  TVAULT_ASSIGN_OR_RETURN(TestimonyWriter writer, TestimonyWriter::Prepare(v));
  TVAULT_TRY(writer.InsertVersion(id, next, meta, statement));
  TVAULT_TRY(writer.BumpVersionCount(id, next));
  LogEntry entry{audit::Action::kTestimonyAmend, id, next, {}, VersionDigests(commitment, redaction),
                 {}};
  // Erasable (docs/audit-format.md, section 2.1): shred takes it with the
  // version's key.
  entry.secrets.erasable_reason = audit::SealErasableReason(
      writer.last_record_key(), v.header.vault_id, id, next, reason);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return next;
}

Result<std::vector<TestimonyVersionInfo>> Vault::TestimonyHistory(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  std::vector<TestimonyVersionInfo> out;
  for (uint32_t version = 1; version <= head.versions; ++version) {
    TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, version));
    out.push_back(std::move(opened.info));
  }
  TVAULT_TRY(txn.Log({audit::Action::kTestimonyHistory, id, head.versions, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

}  // namespace tvault
