#include "records/field_set.h"

#include <algorithm>

#include "util/byte_io.h"

namespace tvault {
namespace {
Error Malformed(const char* what) {
  return MakeError(ErrorCode::kIntegrity, std::string("malformed record fields: ") + what);
}
using PlainWriter = BasicByteWriter<PlainBytes>;
}  // namespace

void FieldSet::Set(uint16_t tag, std::span<const uint8_t> value) {
  fields_[tag] = PlainBytes(value.begin(), value.end());
}

void FieldSet::SetText(uint16_t tag, const PlainString& value) { Set(tag, AsBytes(value)); }

void FieldSet::SetTextIfAny(uint16_t tag, const PlainString& value) {
  if (!value.empty()) SetText(tag, value);
}

void FieldSet::SetU64(uint16_t tag, uint64_t value) {
  PlainBytes b;
  PlainWriter(b).U64(value);
  fields_[tag] = std::move(b);
}

void FieldSet::SetList(uint16_t tag, const std::vector<PlainString>& items) {
  PlainBytes b;
  PlainWriter w(b);
  w.U16(static_cast<uint16_t>(items.size()));
  for (const PlainString& s : items) w.Lp32(std::string_view(s.data(), s.size()));
  fields_[tag] = std::move(b);
}

std::span<const uint8_t> FieldSet::Get(uint16_t tag) const {
  auto it = fields_.find(tag);
  if (it == fields_.end()) return {};
  return it->second;
}

PlainString FieldSet::GetText(uint16_t tag) const { return AsPlainString(Get(tag)); }

std::optional<uint64_t> FieldSet::GetU64(uint16_t tag) const {
  auto it = fields_.find(tag);
  if (it == fields_.end() || it->second.size() != 8) return std::nullopt;
  ByteReader r(it->second);
  uint64_t v = 0;
  r.U64(v);
  return v;
}

Result<std::vector<PlainString>> FieldSet::GetList(uint16_t tag) const {
  std::vector<PlainString> out;
  auto it = fields_.find(tag);
  if (it == fields_.end()) return out;
  ByteReader r(it->second);
  uint16_t n = 0;
  if (!r.U16(n)) return Malformed("list");
  for (uint16_t i = 0; i < n; ++i) {
    std::span<const uint8_t> item;
    if (!r.Lp32(item)) return Malformed("list item");
    out.push_back(AsPlainString(item));
  }
  if (!r.done()) return Malformed("list trailing bytes");
  return out;
}

PlainBytes FieldSet::Serialize() const {
  PlainBytes out;
  PlainWriter w(out);
  w.U8(kFieldSetVersion);
  w.U16(static_cast<uint16_t>(fields_.size()));
  for (const auto& [tag, value] : fields_) {
    w.U16(tag);
    w.U32(static_cast<uint32_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
  }
  return out;
}

Result<FieldSet> FieldSet::Parse(std::span<const uint8_t> bytes,
                                 std::span<const uint16_t> known_tags) {
  ByteReader r(bytes);
  uint8_t version = 0;
  uint16_t count = 0;
  if (!r.U8(version) || !r.U16(count)) return Malformed("truncated");
  if (version != kFieldSetVersion) return Malformed("unknown version");
  FieldSet fs;
  int last_tag = -1;
  for (uint16_t i = 0; i < count; ++i) {
    uint16_t tag = 0;
    std::span<const uint8_t> value;
    if (!r.U16(tag) || !r.Lp32(value)) return Malformed("truncated field");
    if (static_cast<int>(tag) <= last_tag) return Malformed("tags out of order");
    if (std::find(known_tags.begin(), known_tags.end(), tag) == known_tags.end())
      return Malformed("unknown tag");
    if (value.size() > kMaxFieldBytes) return Malformed("field too large");
    last_tag = tag;
    fs.fields_.emplace(tag, PlainBytes(value.begin(), value.end()));
  }
  if (!r.done()) return Malformed("trailing bytes");
  return fs;
}

}  // namespace tvault
