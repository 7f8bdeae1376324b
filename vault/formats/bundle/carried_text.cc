#include "bundle/carried_text.h"

#include <cstdint>
#include <span>
#include <vector>

#include "crypto/encoding.h"
#include "util/utf8.h"
#include "vault/text.h"

namespace tvault::bundle {

bool IsUtf8Text(std::string_view bytes) {
  return IsValidUtf8(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

PlainString EscapeNotUtf8(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  PlainString out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(bytes, i, cp);
    if (n > 0) {
      out.append(bytes.substr(i, n));
      i += n;
      continue;
    }
    const auto b = static_cast<uint8_t>(bytes[i++]);
    out += "\\x";
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

void WriteCarriedText(JsonWriter& w, std::string_view key, std::string_view value) {
  if (IsUtf8Text(value)) {
    w.Field(key, value);
    return;
  }
  const PlainString shown = EscapeNotUtf8(value);
  w.Field(key, std::string_view(shown.data(), shown.size()));
  std::string bytes_key(key);
  bytes_key += kBytesSuffix;
  const std::span<const uint8_t> raw(reinterpret_cast<const uint8_t*>(value.data()), value.size());
  w.Field(bytes_key, crypto::Base64Encode(raw, crypto::Base64Variant::kPadded));
}

std::optional<std::string> DecodeCarriedText(std::string_view shown, std::string_view carried,
                                             std::string& why) {
  std::optional<std::vector<uint8_t>> raw =
      crypto::Base64Decode(carried, crypto::Base64Variant::kPadded);
  if (!raw) {
    why = "not padded base64";
    return std::nullopt;
  }
  std::string bytes(raw->begin(), raw->end());
  if (IsUtf8Text(bytes)) {
    why = "holds UTF-8, which the field itself carries (one spelling per value)";
    return std::nullopt;
  }
  const PlainString escaped = EscapeNotUtf8(bytes);
  if (std::string_view(escaped.data(), escaped.size()) != shown) {
    why = "does not match the escaped text beside it";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace tvault::bundle
