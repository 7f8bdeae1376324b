#include "util/utf8.h"

#include <cstdio>

namespace tvault {
namespace {

void AppendCodePoint(std::string& out, uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
  out += buf;
}

bool IsDangerousCodePoint(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // C0, DEL, C1
         cp == 0x061C || cp == 0x200E || cp == 0x200F ||  // bidi marks (Arabic letter, LRM, RLM)
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x2028 || cp == 0x2029;      // line and paragraph separators
}

}  // namespace

std::size_t DecodeUtf8(std::string_view s, std::size_t i, uint32_t& cp) {
  const auto c = static_cast<uint8_t>(s[i]);
  std::size_t n;
  if (c < 0x80) { cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string EscapeForTerminal(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size());
  std::size_t i = 0;
  while (i < untrusted.size()) {
    uint32_t cp = 0;
    std::size_t n = DecodeUtf8(untrusted, i, cp);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<uint8_t>(untrusted[i])));
      out += buf;
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (IsDangerousCodePoint(cp)) {
      AppendCodePoint(out, cp);
    } else {
      out.append(untrusted.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace tvault
