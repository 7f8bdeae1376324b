// Writing witness rows (kind 1) inside a caller's transaction: shared by
// `witness add` and bundle import.
#ifndef TVAULT_RECORDS_WITNESS_ROWS_H_
#define TVAULT_RECORDS_WITNESS_ROWS_H_

#include "audit/journal.h"

namespace tvault {

// Seals `details` under a fresh record key, inserts the row and logs
// witness.add. Returns the new W- id.
Result<std::string> InsertWitness(Vault::Impl& v, VaultTxn& txn, const WitnessDetails& details);

}  // namespace tvault

#endif  // TVAULT_RECORDS_WITNESS_ROWS_H_
