// The record envelope (docs/format.md, section 5): per-version record keys
// wrapped under a compartment key, and sealed parts under the record key.
// Associated data binds every blob to vault id, kind, record id, version and
// part, so blobs cannot be swapped, moved or replayed.
#ifndef TVAULT_RECORDS_ENVELOPE_H_
#define TVAULT_RECORDS_ENVELOPE_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

enum class RecordKind : uint8_t {
  kWitness = 1,
  kTestimony = 2,
  kEvidence = 3,
  kTombstone = 4,
  kVaultItem = 5,
  kCase = 6,  // sealed under the testimony compartment (docs/format.md, 4.6)
  kConsent = 7,  // consent records, testimony compartment (4.9)
  kHold = 8,     // legal holds, testimony compartment (4.9)
  kRedaction = 9,  // redactions of testimony versions, testimony compartment (4.11)
};

namespace envelope_format {
inline constexpr uint8_t kBlobFormat = 1;
inline constexpr std::size_t kWrappedKeyBytes = 1 + 24 + 32 + 16;
inline constexpr std::size_t kMinSealedPartBytes = 1 + 24 + 16;
inline constexpr std::size_t kMaxRecordIdBytes = 64;
}  // namespace envelope_format

struct RecordAddress {
  std::span<const uint8_t> vault_id;
  RecordKind kind;
  std::string_view record_id;
  uint32_t version;
};

SecretBytes NewRecordKey();
// Overwrites a record key buffer with fresh random bytes: batches reuse one
// guarded allocation instead of mapping pages per record.
void RefreshRecordKey(SecretBytes& key);

std::vector<uint8_t> WrapRecordKey(const SecretBytes& compartment_key,
                                   const RecordAddress& addr, const SecretBytes& record_key);
// kIntegrity naming the record on any failure.
Result<SecretBytes> UnwrapRecordKey(const SecretBytes& compartment_key,
                                    const RecordAddress& addr,
                                    std::span<const uint8_t> wrapped);

// Same, into a reused 32-byte guarded buffer.
Status UnwrapRecordKeyInto(const SecretBytes& compartment_key, const RecordAddress& addr,
                           std::span<const uint8_t> wrapped, SecretBytes& record_key);

// The associated data of a sealed part (for incremental decryption).
std::vector<uint8_t> PartAssociatedData(const RecordAddress& addr, uint8_t part);

std::vector<uint8_t> SealPart(const SecretBytes& record_key, const RecordAddress& addr,
                              uint8_t part, std::span<const uint8_t> plaintext);
Result<PlainBytes> OpenPart(const SecretBytes& record_key, const RecordAddress& addr,
                            uint8_t part, std::span<const uint8_t> sealed);

}  // namespace tvault

#endif  // TVAULT_RECORDS_ENVELOPE_H_
