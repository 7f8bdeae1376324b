#include "vault/text.h"

#include <ctime>

#include "crypto/encoding.h"
#include "vault/vault.h"

namespace tvault {

std::string ToHex(std::span<const uint8_t> bytes) { return crypto::HexEncode(bytes); }

std::string ToBase64(std::span<const uint8_t> bytes) {
  return crypto::Base64Encode(bytes, crypto::Base64Variant::kPadded);
}

std::string FormatUtc(int64_t unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<int64_t> ParseUtc(std::string_view text) {
  std::string_view date = text.substr(0, 10);
  if (!IsValidDate(date)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(std::string(date.substr(0, 4))) - 1900;
  tm.tm_mon = std::stoi(std::string(date.substr(5, 2))) - 1;
  tm.tm_mday = std::stoi(std::string(date.substr(8, 2)));
  if (text.size() == 20) {
    if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
      return std::nullopt;
    for (std::size_t i : {11, 12, 14, 15, 17, 18})
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
    tm.tm_hour = std::stoi(std::string(text.substr(11, 2)));
    tm.tm_min = std::stoi(std::string(text.substr(14, 2)));
    tm.tm_sec = std::stoi(std::string(text.substr(17, 2)));
    if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) return std::nullopt;
  } else if (text.size() != 10) {
    return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm));
}

bool IsValidUtf8(std::span<const uint8_t> s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const uint8_t c = s[i];
    std::size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace tvault

#include "bundle/bundle_format.h"

namespace tvault {

std::string EscapeUntrusted(std::string_view text) { return bundle::EscapeForTerminal(text); }

}  // namespace tvault
