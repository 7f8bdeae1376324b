#include "vault/text.h"

#include <cctype>
#include <ctime>

#include "crypto/encoding.h"
#include "util/utf8.h"

namespace tvault {

std::string ToHex(std::span<const uint8_t> bytes) { return crypto::HexEncode(bytes); }

std::string ToBase64(std::span<const uint8_t> bytes) {
  return crypto::Base64Encode(bytes, crypto::Base64Variant::kPadded);
}

bool IsValidDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  int y = std::stoi(std::string(d.substr(0, 4)));
  int m = std::stoi(std::string(d.substr(5, 2)));
  int day = std::stoi(std::string(d.substr(8, 2)));
  if (y < 1 || m < 1 || m > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return day <= max_day;
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

bool IsValidUtf8(std::span<const uint8_t> bytes) {
  const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  uint32_t cp = 0;
  for (std::size_t i = 0, n = 0; i < s.size(); i += n)
    if ((n = DecodeUtf8(s, i, cp)) == 0) return false;
  return true;
}

std::string EscapeUntrusted(std::string_view text) { return EscapeForTerminal(text); }

}  // namespace tvault
