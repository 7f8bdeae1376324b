#include "human/table.h"

#include <locale.h>
#include <wchar.h>

#include <algorithm>
#include <cstdint>

namespace tvault::cli::human {
namespace {

// glibc's C.UTF-8 is built in, whatever locales are installed; the width
// table must not depend on the user's LANG.
locale_t Utf8Locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

// Decodes the UTF-8 sequence at s[i] (valid by contract; a stray byte counts
// as one column) and advances i.
uint32_t Next(std::string_view s, std::size_t& i) {
  const auto c = static_cast<uint8_t>(s[i]);
  std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

void Pad(Text& line, std::size_t spaces) {
  for (std::size_t k = 0; k < spaces; ++k) line += Format(" ");
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  const locale_t loc = Utf8Locale();
  const locale_t old = loc ? uselocale(loc) : static_cast<locale_t>(0);
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const uint32_t cp = Next(utf8, i);
    const int w = loc ? ::wcwidth(static_cast<wchar_t>(cp)) : 1;
    width += w > 0 ? static_cast<std::size_t>(w) : 0;
  }
  if (loc) uselocale(old);
  return width;
}

Text Table(const std::vector<Text>& header, const std::vector<std::vector<Text>>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<Text>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c].view()));
    }
  };
  measure(header);
  for (const std::vector<Text>& row : rows) measure(row);
  Text out;
  auto emit = [&](const std::vector<Text>& row) {
    const std::size_t n = std::min(row.size(), widths.size());
    for (std::size_t c = 0; c < n; ++c) {
      if (c > 0) out += Format("  ");
      out += row[c];
      if (c + 1 < n) Pad(out, widths[c] - DisplayWidth(row[c].view()));
    }
    out += Format("\n");
  };
  emit(header);
  for (const std::vector<Text>& row : rows) emit(row);
  return out;
}

}  // namespace tvault::cli::human
