// Fuzz target: the stored-record path (docs/format.md, section 5): wrapped
// keys and sealed parts as read from the database, and the field-set parser
// that reads their plaintext.
// Properties: never crashes; random bytes never authenticate; an accepted
// field set re-serializes to the same bytes; sealing then opening any
// plaintext gives it back.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "records/envelope.h"
#include "records/field_set.h"
#include "vault/crypto_init.h"

namespace {
const uint16_t kAllTags[] = {1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 32, 33, 34};
const uint8_t kVaultId[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = tvault::InitCrypto();
  static const tvault::SecretBytes compartment = tvault::SecretBytes::Random(32);
  if (!ready) std::abort();
  std::span<const uint8_t> in(data, size);
  const tvault::RecordAddress addr{kVaultId, tvault::RecordKind::kTestimony, "T-ABCDEF", 1};

  // Stored bytes as an attacker would plant them.
  auto key = tvault::UnwrapRecordKey(compartment, addr, in);
  if (key.ok()) std::abort();  // forging a wrapped key must not succeed
  tvault::SecretBytes record_key = tvault::SecretBytes::Random(32);
  if (tvault::OpenPart(record_key, addr, 1, in).ok()) std::abort();

  // The plaintext parser, with the canonical round trip.
  auto fields = tvault::FieldSet::Parse(in, kAllTags);
  if (fields.ok()) {
    tvault::PlainBytes again = fields->Serialize();
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
    (void)fields->GetList(2);
  }

  // Seal and open whatever arrived: the envelope must give it back exactly.
  std::vector<uint8_t> sealed = tvault::SealPart(record_key, addr, 2, in);
  auto opened = tvault::OpenPart(record_key, addr, 2, sealed);
  if (!opened.ok() || opened->size() != size || !std::equal(opened->begin(), opened->end(), data))
    std::abort();
  return 0;
}
