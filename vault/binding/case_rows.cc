// Case membership rows (docs/format.md, section 4.6).
#include "binding/case_rows.h"

#include <map>

#include "binding/record_fields.h"

namespace tvault {

Status RequireRecord(Vault::Impl& v, const std::string& id) {
  const bool witness = id[0] == 'W';
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare(witness ? "SELECT 1 FROM witnesses WHERE id = ?"
                                               : "SELECT 1 FROM testimonies WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, witness ? "witness" : "testimony");
  return OkStatus();
}

Result<std::string> NormalizeCaseId(std::string_view in) {
  Result<std::string> id = NormalizeRecordId(in);
  if (id.ok() && (*id)[0] != 'C') {
    return MakeError(ErrorCode::kInvalidArgument, *id + " is not a case id (C-...)");
  }
  return id;
}

Status RequireCase(Vault::Impl& v, const std::string& case_id) {
  if (v.has_case_tables) {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                            v.db.Prepare("SELECT 1 FROM cases WHERE id = ?"));
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, case_id).Step());
    if (row) return OkStatus();
  }
  return MakeError(ErrorCode::kNotFound, "no case " + case_id + " in this vault");
}

Status InsertCaseMembers(Vault::Impl& v, VaultTxn& txn, const std::string& case_id,
                         const std::vector<std::string>& record_ids) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement member,
      v.db.Prepare("SELECT 1 FROM case_members WHERE case_id = ? AND record_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement insert,
      v.db.Prepare("INSERT INTO case_members(case_id, record_id, added_at) VALUES (?, ?, ?)"));
  for (const std::string& id : record_ids) {
    TVAULT_TRY(RequireRecord(v, id));
    member.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool already, member.Bind(1, case_id).Bind(2, id).Step());
    if (already) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       id + " is already in case " + case_id + "; nothing was assigned");
    }
    insert.Reset();
    TVAULT_TRY(insert.Bind(1, case_id).Bind(2, id).Bind(3, v.Now()).Run());
  }
  return txn.Log({audit::Action::kCaseAssign, case_id, 0, record_ids, {}, {}});
}

Result<std::vector<std::string>> CaseMembers(Vault::Impl& v, const std::string& case_id,
                                             char kind) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT record_id FROM case_members WHERE case_id = ? "
                   "AND substr(record_id, 1, 1) = ? ORDER BY record_id"));
  st.Bind(1, case_id).Bind(2, std::string_view(&kind, 1));
  std::vector<std::string> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.ColumnText(0));
  }
  return out;
}

Status DropShreddedMembers(Vault::Impl& v, VaultTxn& txn,
                           std::span<const std::string> shredded_ids) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement find,
      v.db.Prepare("SELECT case_id FROM case_members WHERE record_id = ? ORDER BY case_id"));
  std::map<std::string, std::vector<std::string>> by_case;
  for (const std::string& id : shredded_ids) {
    if (id[0] != 'W' && id[0] != 'T') continue;
    find.Reset();
    find.Bind(1, id);
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, find.Step());
      if (!row) break;
      by_case[find.ColumnText(0)].push_back(id);
    }
  }
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement drop,
      v.db.Prepare("DELETE FROM case_members WHERE case_id = ? AND record_id = ?"));
  for (auto& [case_id, ids] : by_case) {
    for (const std::string& id : ids) {
      drop.Reset();
      TVAULT_TRY(drop.Bind(1, case_id).Bind(2, id).Run());
    }
    LogEntry entry{audit::Action::kCaseUnassign, case_id, 0, std::move(ids), {}, {}};
    entry.secrets.detail = PlainString("shred");
    TVAULT_TRY(txn.Log(std::move(entry)));
  }
  return OkStatus();
}

}  // namespace tvault
