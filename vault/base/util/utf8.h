// UTF-8 decoding and the one function that makes outside text safe to show.
//
// Every text that came from outside (a bundle, a file, the command line, the
// database) is passed through EscapeForTerminal once, just before a person
// sees it; JSON output is written exactly instead.
//
// Thread-safety: pure functions, no state.
#ifndef TVAULT_UTIL_UTF8_H_
#define TVAULT_UTIL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tvault {

// Length (1..4) of the well-formed UTF-8 sequence that starts at s[i], with
// its code point in `cp`; 0 if the bytes there are not well-formed (truncated,
// overlong, a surrogate, above U+10FFFF). Requires i < s.size().
std::size_t DecodeUtf8(std::string_view s, std::size_t i, uint32_t& cp);

// Renders untrusted bytes for a terminal: printable ASCII and valid UTF-8
// text pass, except that '\' becomes "\\"; control characters (C0, DEL, C1),
// bidirectional overrides, marks and isolates, and line/paragraph separators
// become "\u{XXXX}", and bytes that are not valid UTF-8 become "\xNN". The
// result holds no byte a terminal interprets and never renders two inputs
// the same way.
std::string EscapeForTerminal(std::string_view untrusted);

}  // namespace tvault

#endif  // TVAULT_UTIL_UTF8_H_
