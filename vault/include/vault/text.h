// Text helpers the CLI and tests need: hex, base64, UTC dates and times,
// UTF-8 validity, and escaping for the terminal.
#ifndef TVAULT_TEXT_H_
#define TVAULT_TEXT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tvault {

std::string ToHex(std::span<const uint8_t> bytes);
std::string ToBase64(std::span<const uint8_t> bytes);  // RFC 4648, padded
// "2026-11-26T15:37:47Z"
std::string FormatUtc(int64_t unix_s);
// Validates a YYYY-MM-DD calendar date.
bool IsValidDate(std::string_view date);
// Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ".
std::optional<int64_t> ParseUtc(std::string_view text);
// True if `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::span<const uint8_t> bytes);
// Text from outside (a bundle, a file, the command line, the database), safe
// to print on a terminal: control characters, bidirectional overrides and
// invalid UTF-8 become visible escapes (\u{XXXX}, \xNN), '\' becomes "\\".
std::string EscapeUntrusted(std::string_view text);

}  // namespace tvault

#endif  // TVAULT_TEXT_H_
