// Writing and opening witness rows (kind 1): shared by the witness
// commands and by bundle export and import.
#ifndef TVAULT_RECORDS_WITNESS_ROWS_H_
#define TVAULT_RECORDS_WITNESS_ROWS_H_

#include "binding/journal.h"

namespace tvault {

// Seals `details` under a fresh record key, inserts the row and logs
// witness.add. Returns the new W- id.
Result<std::string> InsertWitness(Vault::Impl& v, VaultTxn& txn, const WitnessDetails& details);

// Authenticates and opens a witness row's contact details.
Result<WitnessDetails> OpenWitnessRow(Vault::Impl& v, const std::string& id, uint32_t version,
                                      std::span<const uint8_t> wrapped,
                                      std::span<const uint8_t> contact);

}  // namespace tvault

#endif  // TVAULT_RECORDS_WITNESS_ROWS_H_
