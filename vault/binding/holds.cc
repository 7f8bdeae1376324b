// Legal holds (docs/format.md, section 4.9): the Vault methods, the checks
// shred makes, and the plaintext count panic reads.
#include "binding/holds.h"

#include <set>

#include "binding/case_rows.h"
#include "binding/journal.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"
#include "util/file_io.h"

namespace tvault {
namespace {

constexpr uint16_t kReasonTag = 1;
constexpr uint16_t kHoldTags[] = {1};

Result<std::string> HoldSubject(std::string_view in) {
  Result<std::string> id = NormalizeRecordId(in);
  if (id.ok() && (*id)[0] != 'C' && (*id)[0] != 'W' && (*id)[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument,
                     *id + ": a hold is placed on a case (C-...), a witness (W-...) or a "
                           "testimony (T-...)");
  }
  return id;
}

Status RequireHoldTarget(Vault::Impl& v, const std::string& id) {
  return id[0] == 'C' ? RequireCase(v, id) : RequireRecord(v, id);
}

Result<uint64_t> CountHolds(Vault::Impl& v) {
  if (!v.has_consent_tables) return uint64_t{0};
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> n, v.db.QueryInt("SELECT count(*) FROM holds"));
  return static_cast<uint64_t>(n.value_or(0));
}

Status RequireHoldsTable(const Vault::Impl& v) {
  if (v.has_consent_tables) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "this vault predates holds; open it once for writing to upgrade it");
}

// Adds to `out` the ids a hold on which applies to `id` (W, T or E).
Status HoldCandidates(Vault::Impl& v, const std::string& id, std::set<std::string>& out) {
  std::vector<std::string> records{id};
  if (id[0] == 'E') {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                            v.db.Prepare("SELECT testimony_id FROM evidence WHERE id = ?"));
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
    if (!row) return OkStatus();
    records = {st.ColumnText(0)};
  }
  if (records[0][0] == 'T') {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                            v.db.Prepare("SELECT witness_id FROM testimonies WHERE id = ?"));
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, records[0]).Step());
    if (row) records.push_back(st.ColumnText(0));
  }
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement cases,
      v.db.Prepare("SELECT case_id FROM case_members WHERE record_id = ?"));
  for (const std::string& r : records) {
    out.insert(r);
    cases.Reset();
    cases.Bind(1, r);
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, cases.Step());
      if (!row) break;
      out.insert(cases.ColumnText(0));
    }
  }
  return OkStatus();
}

}  // namespace

uint64_t ReadHoldCount(const std::filesystem::path& dir) {
  auto bytes = ReadSmallFile(dir / vault_files::kHolds, 64);
  if (!bytes.ok()) return 0;
  uint64_t n = 0;
  for (uint8_t c : *bytes) {
    if (c == '\n') break;
    if (c < '0' || c > '9' || n > UINT64_MAX / 10 - 9) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

Status WriteHoldCount(const std::filesystem::path& dir, uint64_t count) {
  const std::string text = std::to_string(count) + "\n";
  return WriteFileAtomically(dir / vault_files::kHolds,
                             {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

void SyncHoldCount(Vault::Impl& v) {
  Result<uint64_t> n = CountHolds(v);
  if (!n.ok()) return;
  const bool exists = std::filesystem::exists(v.dir / vault_files::kHolds);
  if (*n != ReadHoldCount(v.dir) || (!exists && *n > 0)) (void)WriteHoldCount(v.dir, *n);
}

Status RequireNoHold(Vault::Impl& v, const std::vector<std::string>& ids) {
  if (!v.has_consent_tables) return OkStatus();
  std::set<std::string> candidates;
  for (const std::string& id : ids) TVAULT_TRY(HoldCandidates(v, id, candidates));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT 1 FROM holds WHERE subject_id = ?"));
  for (const std::string& c : candidates) {
    st.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool held, st.Bind(1, c).Step());
    if (held) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "a legal hold on " + c + " applies; nothing was shredded",
                       ErrorDetail::kUnderHold);
    }
  }
  return OkStatus();
}

Status CheckHoldsAgainstLog(Vault::Impl& v,
                            const std::map<std::string, std::pair<audit::Hash, uint64_t>>& logged,
                            uint64_t& records) {
  std::set<std::string> present;
  if (v.has_consent_tables) {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                            v.db.Prepare("SELECT subject_id, wrapped_key, fields FROM holds"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const std::string id = st.ColumnText(0);
      auto it = logged.find(id);
      if (it == logged.end()) {
        return MakeError(ErrorCode::kIntegrity, "a hold on " + id +
                                                    " is in the database but no standing "
                                                    "hold.add event records it");
      }
      if (!ConstantTimeEqual(it->second.first,
                             audit::RecordDigest(st.ColumnBlob(1), st.ColumnBlob(2)))) {
        return MakeError(ErrorCode::kIntegrity, "the hold on " + id +
                                                    " differs from what audit event " +
                                                    std::to_string(it->second.second) + " recorded");
      }
      present.insert(id);
      ++records;
    }
  }
  for (const auto& [id, l] : logged) {
    if (!present.count(id)) {
      return MakeError(ErrorCode::kIntegrity,
                       "audit event " + std::to_string(l.second) + " placed a hold on " + id +
                           " but it is gone from the database without a hold.remove event");
    }
  }
  return OkStatus();
}

Status Vault::AddHold(std::string_view id_in, const PlainString& reason) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, HoldSubject(id_in));
  if (reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a hold needs a reason",
                     ErrorDetail::kReasonMissing);
  }
  TVAULT_TRY(RequireText("the hold reason", reason));
  TVAULT_TRY(RequireHoldsTable(v));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireHoldTarget(v, id));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement held,
                          v.db.Prepare("SELECT 1 FROM holds WHERE subject_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool already, held.Bind(1, id).Step());
  if (already) {
    return MakeError(ErrorCode::kAlreadyExists, id + " is already under a legal hold");
  }
  FieldSet f;
  f.SetText(kReasonTag, reason);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.testimony, v.Address(RecordKind::kHold, id, 1), key, f);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO holds(subject_id, added_at, wrapped_key, fields) "
                   "VALUES (?, ?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, id).Bind(2, v.Now()).BindBlob(3, sealed.wrapped_key)
                 .BindBlob(4, sealed.fields).Run());
  LogEntry entry{audit::Action::kHoldAdd, id, 1, {},
                 {audit::RecordDigest(sealed.wrapped_key, sealed.fields)}, {}};
  entry.secrets.reason = reason;
  TVAULT_TRY(txn.Log(std::move(entry)));
  // The count first: a crash after it leaves panic refusing too often, never
  // too rarely (docs/format.md 4.9).
  TVAULT_ASSIGN_OR_RETURN(uint64_t count, CountHolds(v));
  TVAULT_TRY(WriteHoldCount(v.dir, count));
  return txn.Commit();
}

Status Vault::RemoveHold(std::string_view id_in) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, HoldSubject(id_in));
  TVAULT_TRY(RequireHoldsTable(v));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement held,
                          v.db.Prepare("SELECT 1 FROM holds WHERE subject_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool present, held.Bind(1, id).Step());
  if (!present) {
    return MakeError(ErrorCode::kNotFound,
                     id + " is not under a legal hold");
  }
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("DELETE FROM holds WHERE subject_id = ?"));
  TVAULT_TRY(st.Bind(1, id).Run());
  TVAULT_TRY(txn.Log({audit::Action::kHoldRemove, id, 1, {}, {}, {}}));
  TVAULT_ASSIGN_OR_RETURN(uint64_t count, CountHolds(v));
  TVAULT_TRY(txn.Commit());
  // After the commit, for the same reason as in AddHold.
  return WriteHoldCount(v.dir, count);
}

Result<std::vector<Hold>> Vault::ListHolds() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  std::vector<Hold> out;
  if (v.has_consent_tables) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT subject_id, added_at, wrapped_key, fields FROM holds "
                     "ORDER BY added_at, subject_id"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Hold h;
      h.id = st.ColumnText(0);
      h.added_at_unix_s = st.ColumnInt(1);
      TVAULT_ASSIGN_OR_RETURN(FieldSet f,
                              OpenFields(v.keys.testimony, v.Address(RecordKind::kHold, h.id, 1),
                                         st.ColumnBlob(2), st.ColumnBlob(3), kHoldTags));
      h.reason = f.GetText(kReasonTag);
      out.push_back(std::move(h));
    }
  }
  LogEntry entry{audit::Action::kHoldView, "", 0, {}, {}, {}};
  for (const Hold& h : out) entry.refs.push_back(h.id);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

}  // namespace tvault
