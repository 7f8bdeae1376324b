// Writing and opening witness rows (kind 1): shared by the witness
// commands and by bundle export and import.
#ifndef TVAULT_RECORDS_WITNESS_ROWS_H_
#define TVAULT_RECORDS_WITNESS_ROWS_H_

#include "binding/journal.h"
#include "binding/record_fields.h"

namespace tvault {

// Seals `details` under a fresh record key, inserts the row and logs
// witness.add. Returns the new W- id.
Result<std::string> InsertWitness(Vault::Impl& v, VaultTxn& txn, const WitnessDetails& details);

// Authenticates and opens a witness row's contact details.
Result<WitnessDetails> OpenWitnessRow(Vault::Impl& v, const std::string& id, uint32_t version,
                                      std::span<const uint8_t> wrapped,
                                      std::span<const uint8_t> contact);

// Sealing and opening one version, with the reason it carries (field tag
// 16, docs/format.md section 5.1; empty for version 1).
struct OpenedWitness {
  WitnessDetails details;
  PlainString reason;
};
SealedRecord SealWitnessVersion(Vault::Impl& v, const std::string& id, uint32_t version,
                                const WitnessDetails& details, const PlainString& reason);
Result<OpenedWitness> OpenWitnessVersionRow(Vault::Impl& v, const std::string& id,
                                            uint32_t version, std::span<const uint8_t> wrapped,
                                            std::span<const uint8_t> contact);

// The names of the fields ("name", "aliases", "phone", ...) in which `b`
// differs from `a`, in that order: the one place versions are compared.
std::vector<std::string> ChangedWitnessFields(const WitnessDetails& a, const WitnessDetails& b);

// Authenticates every superseded version of every witness and refuses a
// gap or a stray version row (for Vault::Check; the latest versions are
// opened by ReadWitnessList). kIntegrity naming the first fault. Logs nothing.
Status CheckWitnessVersions(Vault::Impl& v);

// The number of versions of witness `id` (for the shred plan): kNotFound
// as RecordMissing gives.
Result<uint32_t> WitnessVersionCount(Vault::Impl& v, const std::string& id);

}  // namespace tvault

#endif  // TVAULT_RECORDS_WITNESS_ROWS_H_
