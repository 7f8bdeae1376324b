// The canonical field set (docs/format.md, section 5.1): the plaintext of
// every metadata part. Parse is strict: ascending unique tags, only the tags
// the caller declares, no trailing bytes. Serialize(Parse(x)) == x.
#ifndef TVAULT_RECORDS_FIELD_SET_H_
#define TVAULT_RECORDS_FIELD_SET_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

inline constexpr uint8_t kFieldSetVersion = 1;
inline constexpr std::size_t kMaxFieldBytes = 16u << 20;

class FieldSet {
 public:
  void Set(uint16_t tag, std::span<const uint8_t> value);
  void SetText(uint16_t tag, const PlainString& value);
  // Sets only when non-empty: absent and empty mean the same thing.
  void SetTextIfAny(uint16_t tag, const PlainString& value);
  void SetU64(uint16_t tag, uint64_t value);
  void SetList(uint16_t tag, const std::vector<PlainString>& items);

  bool Has(uint16_t tag) const { return fields_.count(tag) != 0; }
  std::span<const uint8_t> Get(uint16_t tag) const;  // empty if absent
  PlainString GetText(uint16_t tag) const;
  std::optional<uint64_t> GetU64(uint16_t tag) const;
  Result<std::vector<PlainString>> GetList(uint16_t tag) const;

  PlainBytes Serialize() const;
  // kIntegrity on any malformation (the bytes were authenticated, so a
  // malformed set means a bug or a forged key, never user error).
  static Result<FieldSet> Parse(std::span<const uint8_t> bytes,
                                std::span<const uint16_t> known_tags);

 private:
  std::map<uint16_t, PlainBytes> fields_;
};

}  // namespace tvault

#endif  // TVAULT_RECORDS_FIELD_SET_H_
