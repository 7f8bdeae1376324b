#include "util/text_search.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <array>
#include <cstring>
#include <memory>

#include "util/utf8.h"
#include "vault/text.h"

namespace tvault {
namespace {

// The full folding of one code point as UTF-8 (at most three code points of
// three bytes each for the BMP: the longest folding, U+0390, is six bytes).
struct Folded {
  uint8_t len = 0;  // 0: the code point folds to itself
  std::array<char, 11> bytes{};
};

void PutUtf8(uint32_t cp, Folded& f) {
  auto put = [&f](uint32_t b) { f.bytes[f.len++] = static_cast<char>(b); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6)); put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12)); put(0x80 | ((cp >> 6) & 0x3F)); put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18)); put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F)); put(0x80 | (cp & 0x3F));
  }
}

Folded FoldCodePoint(uint32_t cp) {
  UChar src[2] = {0, 0};
  int32_t src_len = 0;
  UBool error = false;
  U16_APPEND(src, src_len, 2, cp, error);
  UChar dst[8] = {};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = u_strFoldCase(dst, 8, src, src_len, U_FOLD_CASE_DEFAULT, &status);
  Folded f;
  if (error || U_FAILURE(status) || (n == src_len && std::memcmp(dst, src, n * sizeof(UChar)) == 0)) {
    return f;  // folds to itself
  }
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U16_NEXT(dst, i, n, c);
    if (f.len + 4u > f.bytes.size()) return Folded{};  // cannot happen with Unicode 15
    PutUtf8(static_cast<uint32_t>(c), f);
  }
  return f;
}

// Every BMP code point's folding, computed once per process (about 64K
// calls into ICU, a few milliseconds); the rare supplementary letters
// (Deseret, Adlam, ...) are folded as they come.
const std::vector<Folded>& BmpTable() {
  static const std::unique_ptr<const std::vector<Folded>> table = [] {
    auto t = std::make_unique<std::vector<Folded>>(0x10000);
    for (uint32_t cp = 0x80; cp < 0x10000; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      (*t)[cp] = FoldCodePoint(cp);
    }
    return std::unique_ptr<const std::vector<Folded>>(std::move(t));
  }();
  return *table;
}

// One step of the folding: the unit of `text` at `i` (an ASCII byte, a
// well-formed character, or one byte that is neither) and what it folds to.
// Returns the unit's length; `out`/`out_len` point at its folding.
std::size_t FoldUnit(std::string_view text, std::size_t i, const std::vector<Folded>& bmp,
                     Folded& spare, const char*& out, std::size_t& out_len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    spare.len = 1;
    spare.bytes[0] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    out = spare.bytes.data();
    out_len = 1;
    return 1;
  }
  uint32_t cp = 0;
  const std::size_t n = DecodeUtf8(text, i, cp);
  if (n == 0) {  // not UTF-8: the byte itself
    out = text.data() + i;
    out_len = 1;
    return 1;
  }
  const Folded* f = nullptr;
  if (cp < 0x10000) {
    f = &bmp[cp];
  } else {
    spare = FoldCodePoint(cp);
    f = &spare;
  }
  if (f->len == 0) {
    out = text.data() + i;
    out_len = n;
  } else {
    out = f->bytes.data();
    out_len = f->len;
  }
  return n;
}

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

void AppendCaseFolded(std::string_view text, PlainString& out) {
  const std::vector<Folded>& bmp = BmpTable();
  Folded spare;
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs, the bulk of most statements, folded in place of a copy
    // without the general step.
    std::size_t run = i;
    while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) ++run;
    if (run > i) {
      const std::size_t at = out.size();
      out.append(text.data() + i, run - i);
      for (char* p = out.data() + at; p != out.data() + out.size(); ++p) {
        if (*p >= 'A' && *p <= 'Z') *p = static_cast<char>(*p + 32);
      }
      i = run;
      continue;
    }
    const char* f = nullptr;
    std::size_t f_len = 0;
    i += FoldUnit(text, i, bmp, spare, f, f_len);
    out.append(f, f_len);
  }
}

PlainString NameKey(std::string_view name) {
  // UTF-16 copies of the name, wiped when freed like the name itself.
  using Utf16 = std::basic_string<UChar, std::char_traits<UChar>, ZeroizingAllocator<UChar>>;
  PlainString key;
  // A name is short; past 1 MiB the sizes below could overflow int32_t.
  const bool text =
      name.size() <= (std::size_t{1} << 20) &&
      IsValidUtf8({reinterpret_cast<const uint8_t*>(name.data()), name.size()});
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfkc_cf = text ? unorm2_getNFKCCasefoldInstance(&status) : nullptr;
  if (nfkc_cf == nullptr || U_FAILURE(status)) {
    AppendCaseFolded(name, key);
    return key;
  }
  // UTF-16 needs at most one unit per UTF-8 byte; NFKC_Casefold grows a
  // string by at most a factor of 18 (U+FDFA), UTF-8 by 3 per unit.
  Utf16 in(name.size(), 0);
  int32_t in_len = 0;
  u_strFromUTF8(in.data(), static_cast<int32_t>(in.size()), &in_len, name.data(),
                static_cast<int32_t>(name.size()), &status);
  Utf16 out(static_cast<std::size_t>(in_len) * 18 + 1, 0);
  const int32_t out_len = unorm2_normalize(nfkc_cf, in.data(), in_len, out.data(),
                                           static_cast<int32_t>(out.size()), &status);
  key.resize(static_cast<std::size_t>(out_len) * 3 + 1);
  int32_t key_len = 0;
  u_strToUTF8(key.data(), static_cast<int32_t>(key.size()), &key_len, out.data(), out_len,
              &status);
  if (U_FAILURE(status)) {
    key.clear();
    AppendCaseFolded(name, key);
    return key;
  }
  key.resize(static_cast<std::size_t>(key_len));
  return key;
}

TextSearch::TextSearch(std::string_view query) { AppendCaseFolded(query, folded_query_); }

std::optional<TextSearch::Match> TextSearch::Find(std::string_view text, Scratch& scratch) const {
  if (folded_query_.empty()) return std::nullopt;
  scratch.folded.clear();
  AppendCaseFolded(text, scratch.folded);
  const void* hit = ::memmem(scratch.folded.data(), scratch.folded.size(), folded_query_.data(),
                             folded_query_.size());
  if (hit == nullptr) return std::nullopt;
  const std::size_t at = static_cast<const char*>(hit) - scratch.folded.data();
  const std::size_t last = at + folded_query_.size() - 1;
  // Map the folded range back to the units of `text` that produced it.
  const std::vector<Folded>& bmp = BmpTable();
  Folded spare;
  Match m;
  std::size_t i = 0, folded_pos = 0;
  bool begun = false;
  while (i < text.size()) {
    const char* f = nullptr;
    std::size_t f_len = 0;
    const std::size_t n = FoldUnit(text, i, bmp, spare, f, f_len);
    if (!begun && folded_pos + f_len > at) {
      m.begin = i;
      begun = true;
    }
    if (folded_pos + f_len > last) {
      m.end = i + n;
      break;
    }
    folded_pos += f_len;
    i += n;
  }
  return m;
}

PlainString TextSearch::Context(std::string_view text, const Match& m, std::size_t chars) {
  std::size_t from = m.begin;
  for (std::size_t k = 0; k < chars && from > 0 && !IsLineBreak(text[from - 1]); ++k) {
    --from;
    for (int back = 0; back < 3 && from > 0 && IsContinuation(text[from]); ++back) --from;
  }
  std::size_t to = m.end;
  for (std::size_t k = 0; k < chars && to < text.size() && !IsLineBreak(text[to]); ++k) {
    uint32_t cp = 0;
    const std::size_t n = DecodeUtf8(text, to, cp);
    to += n == 0 ? 1 : n;
  }
  PlainString out(text.substr(from, to - from));
  for (char& c : out) {
    if (c == '\t' || IsLineBreak(c)) c = ' ';
  }
  return out;
}

}  // namespace tvault
