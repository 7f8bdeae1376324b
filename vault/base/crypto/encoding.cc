#include "crypto/encoding.h"

#include <array>

#include <sodium.h>

namespace tvault::crypto {
namespace {
int SodiumVariant(Base64Variant v) {
  return v == Base64Variant::kPadded ? sodium_base64_VARIANT_ORIGINAL
                                     : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}
bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '+' || c == '/';
}
}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return {};
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::vector<uint8_t>> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  if (hex.empty()) return std::vector<uint8_t>{};  // libsodium must not see a null buffer
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
      return std::nullopt;
  }
  std::vector<uint8_t> out(hex.size() / 2);
  size_t len = 0;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != out.size())
    return std::nullopt;
  return out;
}

namespace {
// 0-15 for '0'-'9' and 'a'-'f', 0xFF for every other byte.
constexpr std::array<uint8_t, 256> kLowerHexValue = [] {
  std::array<uint8_t, 256> t{};
  t.fill(0xFF);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<uint8_t>(c - 'a' + 10);
  return t;
}();
}  // namespace

bool DecodeLowerHex(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != 2 * out.size()) return false;
  uint8_t bad = 0;  // any 0xFF entry sets the high bits
  for (std::size_t i = 0; i < out.size(); ++i) {
    const uint8_t hi = kLowerHexValue[static_cast<uint8_t>(hex[2 * i])];
    const uint8_t lo = kLowerHexValue[static_cast<uint8_t>(hex[2 * i + 1])];
    bad |= static_cast<uint8_t>(hi | lo);
    out[i] = static_cast<uint8_t>(hi << 4 | (lo & 0x0F));
  }
  return (bad & 0xF0) == 0;
}

std::string Base64Encode(std::span<const uint8_t> bytes, Base64Variant v) {
  std::string out(sodium_base64_encoded_len(bytes.size(), SodiumVariant(v)), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), SodiumVariant(v));
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::vector<uint8_t>> Base64Decode(std::string_view text, Base64Variant v) {
  // libsodium already refuses non-zero trailing bits; check the alphabet and
  // the padding shape ourselves so that nothing else slips through.
  std::size_t body = text.size();
  if (v == Base64Variant::kPadded) {
    if (text.size() % 4 != 0) return std::nullopt;
    while (body > 0 && text[body - 1] == '=' && text.size() - body < 2) --body;
  } else if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < body; ++i) {
    if (!IsBase64Char(text[i])) return std::nullopt;
  }
  if (text.empty()) return std::vector<uint8_t>{};
  std::vector<uint8_t> out(text.size() / 4 * 3 + 3);
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len,
                        &end, SodiumVariant(v)) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  // Canonical: re-encoding gives back the same text.
  if (Base64Encode(out, v) != text) return std::nullopt;
  return out;
}

}  // namespace tvault::crypto
