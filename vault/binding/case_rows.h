// Case membership (docs/format.md, section 4.6), shared by the case
// methods, intake with a case (AddWitness, AddTestimonies), the case
// filters of the lists and export, and shred. Inside the caller's
// transaction; each function logs only what its comment says.
#ifndef TVAULT_BINDING_CASE_ROWS_H_
#define TVAULT_BINDING_CASE_ROWS_H_

#include <span>
#include <string>
#include <vector>

#include "binding/journal.h"

namespace tvault {

// A case id from the caller: normalised, and of kind C (kInvalidArgument
// naming `id` otherwise).
Result<std::string> NormalizeCaseId(std::string_view id);

// OK if the witness or testimony `id` (normalised, W- or T-) exists;
// kNotFound naming it (or saying it was shredded) otherwise.
Status RequireRecord(Vault::Impl& v, const std::string& id);

// OK if the case exists; kNotFound "no case C-... in this vault".
Status RequireCase(Vault::Impl& v, const std::string& case_id);

// Adds `record_ids` (normalised, existing W or T records not yet in the
// case) to the case and logs one case.assign naming them.
Status InsertCaseMembers(Vault::Impl& v, VaultTxn& txn, const std::string& case_id,
                         const std::vector<std::string>& record_ids);

// The members of a case of one kind ('W' or 'T'), in id order.
Result<std::vector<std::string>> CaseMembers(Vault::Impl& v, const std::string& case_id,
                                             char kind);

// Removes every membership of the shredded records and logs one
// case.unassign per case concerned (sealed detail "shred").
Status DropShreddedMembers(Vault::Impl& v, VaultTxn& txn,
                           std::span<const std::string> shredded_ids);

// Authenticates every version of every case (for Vault::Check): kIntegrity
// naming the first that fails. Logs nothing.
Status CheckCaseRecords(Vault::Impl& v);

}  // namespace tvault

#endif  // TVAULT_BINDING_CASE_ROWS_H_
