// Case retention and `due` (docs/format.md, section 4.9). Retention deletes
// nothing: it makes `due` list the records a lawyer should review.
#include "binding/case_rows.h"
#include "binding/consent_rows.h"
#include "binding/journal.h"

namespace tvault {

Status Vault::SetCaseRetention(std::string_view case_in, std::string_view until) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string case_id, NormalizeCaseId(case_in));
  TVAULT_TRY(ValidateDateOption(until, "the retention date"));
  if (!v.has_consent_tables) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "this vault predates retention dates; open it once for writing to upgrade it");
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireCase(v, case_id));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT OR REPLACE INTO case_retention(case_id, until, set_at) "
                   "VALUES (?, ?, ?)"));
  TVAULT_TRY(st.Bind(1, case_id).Bind(2, until).Bind(3, v.Now()).Run());
  TVAULT_TRY(txn.Log({audit::Action::kCaseRetention, case_id, 0,
                      {"until:" + std::string(until)}, {}, {}}));
  return txn.Commit();
}

Result<std::vector<DueCase>> Vault::Due() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  std::vector<DueCase> out;
  if (v.has_consent_tables) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT case_id, until FROM case_retention WHERE until < ? "
                     "ORDER BY until, case_id"));
    st.Bind(1, UtcDay(v.Now()));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(DueCase{st.ColumnText(0), st.ColumnText(1), {}, {}});
    }
  }
  LogEntry entry{audit::Action::kDue, "", 0, {}, {}, {}};
  for (DueCase& d : out) {
    TVAULT_ASSIGN_OR_RETURN(d.witnesses, CaseMembers(v, d.case_id, 'W'));
    TVAULT_ASSIGN_OR_RETURN(d.testimonies, CaseMembers(v, d.case_id, 'T'));
    entry.refs.push_back(d.case_id);
  }
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return out;
}

}  // namespace tvault
