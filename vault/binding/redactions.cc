// Redactions of testimony versions (docs/format.md, section 4.11;
// docs/redaction-format.md): create, list, show, and the proof an export
// carries. A redaction is its own sealed record (kind 9, testimony
// compartment) that names a version and the token ranges it hides; the
// proof is rebuilt from the version's text and redaction secret whenever it
// is asked for, and checked against the commitment in the audit log.
#include <algorithm>

#include "audit/event.h"
#include "bundle/bundle_format.h"
#include "binding/journal.h"
#include "binding/redaction_rows.h"
#include "binding/testimony_rows.h"
#include "binding/text_intake.h"
#include "redaction/commitment.h"
#include "redaction/redaction_proof.h"
#include "redaction/tokenizer.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

// Field-set tags of a redaction record (docs/format.md, section 4.11).
namespace redaction_tag {
inline constexpr uint16_t kReason = 1, kHidden = 2, kTokenCount = 3, kCommitment = 4,
                          kAtIntake = 5;
inline constexpr uint16_t kAll[] = {1, 2, 3, 4, 5};
}  // namespace redaction_tag

Status RequireRedactionTable(const Vault::Impl& v) {
  if (v.has_redaction_table) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "this vault predates redactions; open it once for writing to upgrade it");
}

Result<std::string> RedactionId(std::string_view in) {
  Result<std::string> id = NormalizeRecordId(in);
  if (id.ok() && (*id)[0] != 'R') {
    return MakeError(ErrorCode::kInvalidArgument, *id + " is not a redaction id (R-...)");
  }
  return id;
}

Result<std::string> TestimonyId(std::string_view in) {
  Result<std::string> id = NormalizeRecordId(in);
  if (id.ok() && (*id)[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument, *id + " is not a testimony id (T-...)");
  }
  return id;
}

std::string_view AsText(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// A version opened with its statement, for redaction.
struct VersionText {
  std::string id;
  uint32_t version = 0;
  OpenedVersion opened;
  PlainBytes statement;
};

Result<VersionText> OpenVersionText(Vault::Impl& v, const std::string& id,
                                    std::optional<uint32_t> version) {
  TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
  const uint32_t want = version.value_or(head.versions);
  if (want < 1 || want > head.versions) {
    return MakeError(ErrorCode::kNotFound, "testimony " + id + " has versions 1 to " +
                                               std::to_string(head.versions) + " only");
  }
  TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, id, want));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, OpenStatement(v, id, opened));
  return VersionText{id, want, std::move(opened), std::move(statement)};
}

Error NotRedactable(const VersionText& t) {
  return MakeError(ErrorCode::kFailedPrecondition,
                   "version " + std::to_string(t.version) + " of " + t.id +
                       " cannot be redacted: its text is not UTF-8 or is beyond the limits of "
                       "provable redaction (16 MiB, 2^23 tokens)");
}

// Where the log holds a version's redaction commitment.
struct LoggedCommitment {
  SecretBytes secret;
  redaction::Hash commitment{};
  uint64_t seq = 0;
  bool at_intake = false;
};

Error CommitmentNotLogged(const VersionText& t) {
  return MakeError(ErrorCode::kIntegrity,
                   "the redaction commitment of version " + std::to_string(t.version) + " of " +
                       t.id + " is not in the audit log",
                   ErrorDetail::kCheckVault);
}

// Whether event `e` logs `commitment` for version `version` of `id`:
// its creating event's second digest, or a later commitment's only one.
bool LogsCommitment(const audit::Event& e, const std::string& id, uint32_t version,
                    const redaction::Hash& commitment, bool& at_intake) {
  if (e.object_id != id || e.object_version != version) return false;
  const bool creates = (e.action == audit::Action::kTestimonyAdd && version == 1) ||
                       e.action == audit::Action::kTestimonyAmend;
  if (creates && e.digests.size() == 2 && e.digests[1] == commitment) {
    at_intake = true;
    return true;
  }
  if (e.action == audit::Action::kTestimonyRedactionCommitment && e.digests.size() == 1 &&
      e.digests[0] == commitment) {
    at_intake = false;
    return true;
  }
  return false;
}

Result<audit::Event> EventAt(Vault::Impl& v, uint64_t seq) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT entry FROM audit_events WHERE seq = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, static_cast<int64_t>(seq)).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no audit event " + std::to_string(seq));
  return audit::ParseEvent(st.ColumnBlob(0));
}

// The seq of the event logging the commitment: a redaction of the same
// version already found it (checked again here: the column is not sealed),
// else the log is searched from its end.
Result<uint64_t> FindCommitmentEvent(Vault::Impl& v, const VersionText& t,
                                     LoggedCommitment& c) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement known,
                          v.db.Prepare("SELECT commitment_seq FROM redactions WHERE "
                                       "testimony_id = ? AND version = ? LIMIT 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, known.Bind(1, t.id).Bind(2, int64_t{t.version}).Step());
  if (row) {
    const auto seq = static_cast<uint64_t>(known.ColumnInt(0));
    Result<audit::Event> e = EventAt(v, seq);
    if (e.ok() && LogsCommitment(*e, t.id, t.version, c.commitment, c.at_intake)) return seq;
    return CommitmentNotLogged(t);
  }
  TVAULT_ASSIGN_OR_RETURN(storage::Statement all,
                          v.db.Prepare("SELECT seq, entry FROM audit_events ORDER BY seq DESC"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool more, all.Step());
    if (!more) return CommitmentNotLogged(t);
    TVAULT_ASSIGN_OR_RETURN(audit::Event e, audit::ParseEvent(all.ColumnBlob(1)));
    if (LogsCommitment(e, t.id, t.version, c.commitment, c.at_intake)) {
      return static_cast<uint64_t>(all.ColumnInt(0));
    }
  }
}

// A version made before redaction commitments existed gets its secret now:
// sealed into the version's metadata (tag 20) and the commitment logged in
// its own event, testimony.redaction_commitment.
Status CommitLate(Vault::Impl& v, VaultTxn& txn, VersionText& t, LoggedCommitment& c) {
  c.secret = redaction::NewRedactionSecret();
  Result<redaction::Hash> commitment = redaction::Commit(AsText(t.statement), c.secret);
  if (!commitment.ok()) return NotRedactable(t);
  c.commitment = *commitment;
  t.opened.meta.Set(testimony_tag::kRedactionSecret, c.secret.reveal());
  const RecordAddress addr = v.Address(RecordKind::kTestimony, t.id, t.version);
  const std::vector<uint8_t> sealed =
      SealPart(t.opened.record_key, addr, part::kFields, t.opened.meta.Serialize());
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("UPDATE testimony_versions SET meta = ? "
                                       "WHERE testimony_id = ? AND version = ?"));
  TVAULT_TRY(st.BindBlob(1, sealed).Bind(2, t.id).Bind(3, int64_t{t.version}).Run());
  c.seq = txn.next_seq();
  c.at_intake = false;
  return txn.Log({audit::Action::kTestimonyRedactionCommitment, t.id, t.version, {},
                  {c.commitment}, {}});
}

// The version's secret and logged commitment; `may_create` lets a version
// without one get it (CreateRedaction), otherwise its absence is kIntegrity.
Result<LoggedCommitment> CommitmentOf(Vault::Impl& v, VaultTxn& txn, VersionText& t,
                                      bool may_create) {
  LoggedCommitment c;
  const std::span<const uint8_t> stored = t.opened.meta.Get(testimony_tag::kRedactionSecret);
  if (stored.empty()) {
    if (!may_create) return CommitmentNotLogged(t);
    TVAULT_TRY(CommitLate(v, txn, t, c));
    return c;
  }
  c.secret = SecretBytes(stored.size());
  std::copy(stored.begin(), stored.end(), c.secret.reveal().begin());
  Result<redaction::Hash> commitment = redaction::Commit(AsText(t.statement), c.secret);
  if (!commitment.ok()) return NotRedactable(t);
  c.commitment = *commitment;
  TVAULT_ASSIGN_OR_RETURN(c.seq, FindCommitmentEvent(v, t, c));
  return c;
}

// Byte and token ranges as sorted, merged token ranges of `tokens`.
Result<std::vector<redaction::TokenRange>> HiddenTokens(
    std::span<const redaction::TokenSpan> tokens, std::size_t text_bytes,
    std::span<const RedactionRange> ranges) {
  if (ranges.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a redaction needs at least one range to hide");
  }
  std::vector<redaction::ByteRange> bytes;
  std::vector<redaction::TokenRange> out;
  for (const RedactionRange& r : ranges) {
    if (r.unit == RedactionRange::Unit::kBytes) {
      bytes.push_back({r.begin, r.end});
      continue;
    }
    if (r.begin >= r.end || r.end > tokens.size()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "token range " + std::to_string(r.begin) + "-" + std::to_string(r.end) +
                           " is empty or beyond the text's " + std::to_string(tokens.size()) +
                           " tokens");
    }
    out.push_back({static_cast<uint32_t>(r.begin), static_cast<uint32_t>(r.end)});
  }
  TVAULT_ASSIGN_OR_RETURN(auto from_bytes,
                          redaction::TokenRangesForBytes(tokens, text_bytes, bytes));
  out.insert(out.end(), from_bytes.begin(), from_bytes.end());
  std::sort(out.begin(), out.end(),
            [](const redaction::TokenRange& a, const redaction::TokenRange& b) {
              return a.first < b.first;
            });
  std::vector<redaction::TokenRange> merged;
  for (const redaction::TokenRange& r : out) {
    if (!merged.empty() && r.first <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

std::vector<uint8_t> EncodeHidden(std::span<const std::pair<uint32_t, uint32_t>> hidden) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  for (const auto& [first, end] : hidden) {
    w.U32(first);
    w.U32(end);
  }
  return out;
}

Result<std::vector<std::pair<uint32_t, uint32_t>>> DecodeHidden(std::span<const uint8_t> bytes) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  ByteReader r(bytes);
  while (!r.done()) {
    uint32_t first = 0, end = 0;
    if (!r.U32(first) || !r.U32(end)) {
      return MakeError(ErrorCode::kIntegrity, "a redaction's hidden ranges are malformed",
                       ErrorDetail::kCheckVault);
    }
    out.emplace_back(first, end);
  }
  return out;
}

// One row of `redactions`, opened.
struct RedactionRow {
  RedactionSummary summary;
  PlainString reason;
};

constexpr const char* kRowColumns =
    "SELECT id, testimony_id, version, created_at, commitment_seq, wrapped_key, fields "
    "FROM redactions ";

Result<RedactionRow> ReadRow(Vault::Impl& v, storage::Statement& st) {
  RedactionRow row;
  RedactionSummary& s = row.summary;
  s.id = st.ColumnText(0);
  s.testimony_id = st.ColumnText(1);
  s.version = static_cast<uint32_t>(st.ColumnInt(2));
  s.created_at_unix_s = st.ColumnInt(3);
  s.commitment_seq = static_cast<uint64_t>(st.ColumnInt(4));
  const RecordAddress addr = v.Address(RecordKind::kRedaction, s.id, 1);
  TVAULT_ASSIGN_OR_RETURN(FieldSet f, OpenFields(v.keys.testimony, addr, st.ColumnBlob(5),
                                                 st.ColumnBlob(6), redaction_tag::kAll));
  row.reason = f.GetText(redaction_tag::kReason);
  TVAULT_ASSIGN_OR_RETURN(s.hidden, DecodeHidden(f.Get(redaction_tag::kHidden)));
  s.token_count = static_cast<uint32_t>(f.GetU64(redaction_tag::kTokenCount).value_or(0));
  const std::span<const uint8_t> commitment = f.Get(redaction_tag::kCommitment);
  if (commitment.size() != s.commitment.size()) {
    return MakeError(ErrorCode::kIntegrity, "redaction " + s.id + " lacks its commitment",
                     ErrorDetail::kCheckVault);
  }
  std::copy(commitment.begin(), commitment.end(), s.commitment.begin());
  s.commitment_at_intake = f.GetU64(redaction_tag::kAtIntake).value_or(0) == 1;
  for (const auto& [first, end] : s.hidden) s.hidden_tokens += end - first;
  return row;
}

Result<RedactionRow> LoadRow(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare(std::string(kRowColumns) + "WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, "redaction");
  return ReadRow(v, st);
}

// The proof of a stored redaction, checked against the commitment its
// event logged (the event's digest, not the sealed copy, is the reference).
// `opened` (optional) receives the version it opened.
Result<redaction::RedactionProof> RebuildProof(Vault::Impl& v, const RedactionRow& row,
                                               PlainString& text,
                                               OpenedVersion* opened = nullptr) {
  const RedactionSummary& s = row.summary;
  TVAULT_ASSIGN_OR_RETURN(VersionText t, OpenVersionText(v, s.testimony_id, s.version));
  const std::span<const uint8_t> stored = t.opened.meta.Get(testimony_tag::kRedactionSecret);
  if (stored.empty()) return CommitmentNotLogged(t);
  LoggedCommitment c;
  c.secret = SecretBytes(stored.size());
  std::copy(stored.begin(), stored.end(), c.secret.reveal().begin());
  std::vector<redaction::TokenRange> hidden;
  for (const auto& [first, end] : s.hidden) hidden.push_back({first, end});
  // MakeProof computes the version's commitment from its text and secret
  // (the root its leaves make): the one the log must hold. Computing it
  // once more with Commit would repeat every leaf.
  Result<redaction::RedactionProof> made =
      redaction::MakeProof(AsText(t.statement), c.secret, hidden);
  if (!made.ok()) return NotRedactable(t);
  redaction::RedactionProof proof = std::move(made).value();
  c.commitment = proof.commitment;
  TVAULT_ASSIGN_OR_RETURN(c.seq, FindCommitmentEvent(v, t, c));
  if (c.seq != s.commitment_seq || c.commitment != s.commitment) return CommitmentNotLogged(t);
  TVAULT_ASSIGN_OR_RETURN(redaction::RedactedText shown, redaction::VerifyProof(proof, c.commitment));
  text = std::move(shown.text);
  if (opened != nullptr) *opened = std::move(t.opened);
  return proof;
}

}  // namespace

Result<RedactionSummary> Vault::CreateRedaction(const NewRedaction& request) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string testimony_id, TestimonyId(request.testimony_id));
  if (request.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a redaction needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the redaction reason", request.reason));
  TVAULT_TRY(RequireRedactionTable(v));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(VersionText t, OpenVersionText(v, testimony_id, request.version));
  Result<std::vector<redaction::TokenSpan>> tokens = redaction::Tokenize(AsText(t.statement));
  if (!tokens.ok()) return NotRedactable(t);
  TVAULT_ASSIGN_OR_RETURN(auto hidden,
                          HiddenTokens(*tokens, t.statement.size(), request.ranges));
  // A proof no bundle may carry (docs/bundle-format.md 7.7) is refused now,
  // not at the export.
  const uint64_t proof_bytes = redaction::ProofSize(*tokens, hidden);
  if (proof_bytes > bundle::kMaxBundleProofBytes) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the proof of this redaction would be " + std::to_string(proof_bytes) +
                         " bytes, more than a bundle may carry (" +
                         std::to_string(bundle::kMaxBundleProofBytes) +
                         "): a statement this long cannot be sent redacted; amend it into "
                         "shorter versions first");
  }
  TVAULT_ASSIGN_OR_RETURN(LoggedCommitment c, CommitmentOf(v, txn, t, /*may_create=*/true));

  RedactionSummary s;
  TVAULT_ASSIGN_OR_RETURN(s.id, NewUnusedRecordId(v.db, IdKind::kRedaction));
  s.testimony_id = t.id;
  s.version = t.version;
  s.created_at_unix_s = v.Now();
  s.token_count = static_cast<uint32_t>(tokens->size());
  for (const redaction::TokenRange& r : hidden) {
    s.hidden.emplace_back(r.first, r.end);
    s.hidden_tokens += r.end - r.first;
  }
  s.commitment_seq = c.seq;
  s.commitment_at_intake = c.at_intake;
  std::copy(c.commitment.begin(), c.commitment.end(), s.commitment.begin());

  FieldSet f;
  f.SetText(redaction_tag::kReason, request.reason);
  f.Set(redaction_tag::kHidden, EncodeHidden(s.hidden));
  f.SetU64(redaction_tag::kTokenCount, s.token_count);
  f.Set(redaction_tag::kCommitment, s.commitment);
  f.SetU64(redaction_tag::kAtIntake, s.commitment_at_intake ? 1 : 0);
  const RecordAddress addr = v.Address(RecordKind::kRedaction, s.id, 1);
  const SealedRecord sealed = SealFields(v, v.keys.testimony, addr, NewRecordKey(), f);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO redactions(id, testimony_id, version, created_at, "
                   "commitment_seq, wrapped_key, fields) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, s.id).Bind(2, s.testimony_id).Bind(3, int64_t{s.version})
                 .Bind(4, s.created_at_unix_s).Bind(5, static_cast<int64_t>(s.commitment_seq))
                 .BindBlob(6, sealed.wrapped_key).BindBlob(7, sealed.fields).Run());
  TVAULT_TRY(txn.Log({audit::Action::kRedactionAdd, s.id, 1,
                      {s.testimony_id, s.testimony_id + "@" + std::to_string(s.version)},
                      {c.commitment}, {}}));
  TVAULT_TRY(txn.Commit());
  return s;
}

Result<std::vector<RedactionSummary>> Vault::ListRedactions(std::string_view testimony_in) {
  Impl& v = *impl_;
  std::string testimony_id;
  if (!testimony_in.empty()) {
    TVAULT_ASSIGN_OR_RETURN(testimony_id, TestimonyId(testimony_in));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  std::vector<RedactionSummary> out;
  if (!testimony_id.empty()) {
    TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, testimony_id));
  }
  if (v.has_redaction_table) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare(std::string(kRowColumns) +
                     (testimony_id.empty() ? "" : "WHERE testimony_id = ? ") +
                     "ORDER BY created_at, id"));
    if (!testimony_id.empty()) st.Bind(1, testimony_id);
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      TVAULT_ASSIGN_OR_RETURN(RedactionRow r, ReadRow(v, st));
      out.push_back(std::move(r.summary));
    }
  }
  LogEntry entry{audit::Action::kRedactionList, testimony_id, 0, {}, {}, {}};
  for (const RedactionSummary& s : out) entry.refs.push_back(s.id);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<Redaction> Vault::ShowRedaction(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, RedactionId(id_in));
  TVAULT_TRY(RequireRedactionTable(v));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(RedactionRow row, LoadRow(v, id));
  Redaction out;
  TVAULT_ASSIGN_OR_RETURN(auto proof, RebuildProof(v, row, out.redacted_text));
  (void)proof;
  out.summary = std::move(row.summary);
  out.reason = std::move(row.reason);
  TVAULT_TRY(txn.Log({audit::Action::kRedactionView, id, 1, {out.summary.testimony_id}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<RedactionSummary> LoadRedaction(Vault::Impl& v, std::string_view id_in) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, RedactionId(id_in));
  TVAULT_TRY(RequireRedactionTable(v));
  TVAULT_ASSIGN_OR_RETURN(RedactionRow row, LoadRow(v, id));
  return std::move(row.summary);
}

Result<std::optional<std::string>> NewestRedactionOf(Vault::Impl& v,
                                                     const std::string& testimony_id) {
  if (!v.has_redaction_table) return std::optional<std::string>();
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id, created_at FROM redactions WHERE "
                                       "testimony_id = ? ORDER BY created_at DESC LIMIT 2"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, testimony_id).Step());
  if (!row) return std::optional<std::string>();
  const std::string newest = st.ColumnText(0);
  const int64_t at = st.ColumnInt(1);
  TVAULT_ASSIGN_OR_RETURN(bool second, st.Step());
  // Times are in seconds: two redactions of the same second have no order,
  // and sending either one would be a guess.
  if (second && st.ColumnInt(1) == at) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     testimony_id + " has two newest redactions, " + newest + " and " +
                         st.ColumnText(0) + ", made in the same second: choose one for it");
  }
  return std::optional<std::string>(newest);
}

Result<RedactionProofBundle> RedactionProofOf(Vault::Impl& v, const std::string& id,
                                              OpenedVersion* opened) {
  TVAULT_TRY(RequireRedactionTable(v));
  TVAULT_ASSIGN_OR_RETURN(RedactionRow row, LoadRow(v, id));
  RedactionProofBundle out;
  TVAULT_ASSIGN_OR_RETURN(auto proof, RebuildProof(v, row, out.redacted_text, opened));
  out.proof = redaction::SerializeProof(proof);
  out.summary = std::move(row.summary);
  return out;
}

Result<RedactionProofBundle> Vault::RedactionProof(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, RedactionId(id_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(RedactionProofBundle out, RedactionProofOf(v, id));
  LogEntry entry{audit::Action::kRedactionView, id, 1, {out.summary.testimony_id}, {}, {}};
  entry.secrets.detail = PlainString("proof");
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<StatementTokens> Vault::TokensOf(std::string_view testimony_in,
                                        std::optional<uint32_t> version) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string testimony_id, TestimonyId(testimony_in));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(VersionText t, OpenVersionText(v, testimony_id, version));
  Result<std::vector<redaction::TokenSpan>> tokens = redaction::Tokenize(AsText(t.statement));
  if (!tokens.ok()) return NotRedactable(t);
  StatementTokens out;
  out.text.assign(AsText(t.statement));
  for (const redaction::TokenSpan& s : *tokens) out.tokens.emplace_back(s.offset, s.length);
  TVAULT_TRY(txn.Log({audit::Action::kTestimonyView, t.id, t.version, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

}  // namespace tvault
