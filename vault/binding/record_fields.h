// Field-set tags of each record kind (docs/format.md, section 5.1), the
// part numbers, and small helpers shared by the record files.
#ifndef TVAULT_RECORDS_RECORD_FIELDS_H_
#define TVAULT_RECORDS_RECORD_FIELDS_H_

#include <cstdint>

#include "records/envelope.h"
#include "records/field_set.h"
#include "binding/vault_impl.h"

namespace tvault {

namespace part {
inline constexpr uint8_t kFields = 1;
inline constexpr uint8_t kStatement = 2;
}  // namespace part

namespace witness_tag {
inline constexpr uint16_t kName = 1, kAliases = 2, kPhone = 3, kEmail = 4, kAddress = 5,
                          kRelatives = 6, kNotes = 7;
inline constexpr uint16_t kReason = 16;  // why this version was recorded (versions >= 2)
inline constexpr uint16_t kAll[] = {1, 2, 3, 4, 5, 6, 7, 16};
}  // namespace witness_tag

namespace testimony_tag {
inline constexpr uint16_t kTitle = 1, kLanguage = 2, kTakenAt = 3, kPlace = 4,
                          kInterviewer = 5, kInterpreter = 6, kNotes = 7, kFileName = 8;
inline constexpr uint16_t kSha256 = 16, kSize = 17, kReason = 18, kCommitmentSalt = 19;
// The version's redaction secret (docs/redaction-format.md, section 2).
inline constexpr uint16_t kRedactionSecret = 20;
inline constexpr uint16_t kBundleId = 32, kSigner = 33, kOriginRecord = 34;
inline constexpr uint16_t kAll[] = {1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 18, 19, 20, 32, 33, 34};
}  // namespace testimony_tag

// Evidence metadata (kind 3, part 1). The sealed size is the authoritative
// one; the ciphertext file's size reveals it anyway (docs/threat-model.md).
namespace evidence_tag {
inline constexpr uint16_t kDescription = 1, kMediaType = 2;
inline constexpr uint16_t kSha256 = 16, kSize = 17, kCommitmentSalt = 19;
inline constexpr uint16_t kBundleId = 32, kSigner = 33, kOriginRecord = 34;
inline constexpr uint16_t kAll[] = {1, 2, 16, 17, 19, 32, 33, 34};
}  // namespace evidence_tag

namespace tombstone_tag {
inline constexpr uint16_t kReason = 1, kKind = 2, kVersionHashes = 3, kWitness = 4,
                          kTestimony = 5;
inline constexpr uint16_t kAll[] = {1, 2, 3, 4, 5};
}  // namespace tombstone_tag

// Seals a field set as a new single-version record: returns
// (wrapped_key, sealed part 1) and, through `record_key`, the key used.
struct SealedRecord {
  std::vector<uint8_t> wrapped_key;
  std::vector<uint8_t> fields;
};
SealedRecord SealFields(const Vault::Impl& v, const SecretBytes& compartment,
                        const RecordAddress& addr, const SecretBytes& record_key,
                        const FieldSet& fields);

// Unwraps the record key and opens + parses part 1.
template <std::size_t N>
Result<FieldSet> OpenFields(const SecretBytes& compartment, const RecordAddress& addr,
                            std::span<const uint8_t> wrapped, std::span<const uint8_t> sealed,
                            const uint16_t (&known_tags)[N]) {
  TVAULT_ASSIGN_OR_RETURN(SecretBytes key, UnwrapRecordKey(compartment, addr, wrapped));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes plain, OpenPart(key, addr, part::kFields, sealed));
  return FieldSet::Parse(plain, known_tags);
}

// Same, reusing `record_key` as the guarded buffer for the unwrapped key.
template <std::size_t N>
Result<FieldSet> OpenFieldsWith(SecretBytes& record_key, const SecretBytes& compartment,
                                const RecordAddress& addr, std::span<const uint8_t> wrapped,
                                std::span<const uint8_t> sealed, const uint16_t (&known_tags)[N]) {
  TVAULT_TRY(UnwrapRecordKeyInto(compartment, addr, wrapped, record_key));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes plain, OpenPart(record_key, addr, part::kFields, sealed));
  return FieldSet::Parse(plain, known_tags);
}

// Every witness with its name (no transaction, no audit event: callers log);
// `case_id` non-empty: only the witnesses assigned to that case.
Result<std::vector<WitnessSummary>> ReadWitnessList(Vault::Impl& v,
                                                    const std::string& case_id = {});

// Every tombstone, opened (no transaction, no audit event).
Result<std::vector<Tombstone>> ReadTombstones(Vault::Impl& v);

// "no witness W-XXXXX" or, for a shredded record, when and why.
Error RecordMissing(Vault::Impl& v, const std::string& id, const char* what);

}  // namespace tvault

#endif  // TVAULT_RECORDS_RECORD_FIELDS_H_
