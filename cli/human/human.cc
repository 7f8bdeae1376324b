#include "human/human.h"

#include <cstdint>

#include "vault/text.h"

namespace tvault::cli::human {
namespace detail {

void AppendEscaped(PlainString& out, std::string_view untrusted) {
  std::string escaped = EscapeUntrusted(untrusted);
  out.append(escaped);
  SecureWipe(escaped.data(), escaped.size());
}

void AppendText(PlainString& out, const Text& safe) { out += safe.s_; }

void AppendLiteral(PlainString& out, std::string_view literal) { out.append(literal); }

}  // namespace detail

namespace {

// Decodes one well-formed UTF-8 sequence at s[i]; 0 if malformed. Written
// apart from the escaper on purpose: this is the check its output is held to.
std::size_t Decode(std::string_view s, std::size_t i, uint32_t& cp) {
  const auto c = static_cast<uint8_t>(s[i]);
  std::size_t n = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

bool Interpreted(uint32_t cp) {
  return (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
         cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

}  // namespace

bool IsTerminalSafe(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    uint32_t cp = 0;
    const std::size_t n = Decode(bytes, i, cp);
    if (n == 0 || Interpreted(cp)) return false;
    i += n;
  }
  return true;
}

}  // namespace tvault::cli::human
