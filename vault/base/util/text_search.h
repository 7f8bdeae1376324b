// Case-insensitive substring search in text that may be any bytes, for
// `tvault search` (docs/format.md has nothing to say: nothing here is stored).
//
// Matching is on Unicode full case folding (ICU's default folding, the
// CaseFolding.txt mappings with status C and F): "ürümqi" finds "Ürümqi",
// "strasse" finds "Straße". Bytes that are not well-formed UTF-8 are compared
// as they are. Text is not normalized: a query typed with precomposed
// letters (NFC) does not find the same word stored decomposed (NFD).
//
// Thread-safety: a TextSearch is immutable after construction; Find may run
// on many threads at once, each with its own Scratch.
#ifndef TVAULT_UTIL_TEXT_SEARCH_H_
#define TVAULT_UTIL_TEXT_SEARCH_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "vault/secret.h"

namespace tvault {

// Appends the case folding of `text` to `out`.
void AppendCaseFolded(std::string_view text, PlainString& out);

// The key under which two names are the same name: Unicode NFKC_Casefold
// (ICU), so that names differing only in case, in composition (NFC "Ä" and
// NFD "A" + U+0308) or by compatibility forms (full-width letters) get one
// key. Text that is not UTF-8 (a name stored before tvault refused such
// text) gets its case folding (AppendCaseFolded) instead.
PlainString NameKey(std::string_view name);

class TextSearch {
 public:
  // `query` must be non-empty after folding; it is folded once here.
  explicit TextSearch(std::string_view query);

  // A buffer Find reuses (it holds folded plaintext; wiped when freed).
  struct Scratch {
    PlainString folded;
  };

  struct Match {
    std::size_t begin = 0, end = 0;  // byte offsets of the match in `text`
  };
  // The first match in `text`, if any.
  std::optional<Match> Find(std::string_view text, Scratch& scratch) const;

  // One line of context around `m`: up to `chars` characters on each side,
  // cut at character boundaries, without crossing a line break; tabs and
  // line breaks inside become spaces. Raw bytes: the caller escapes them.
  static PlainString Context(std::string_view text, const Match& m, std::size_t chars = 32);

  bool empty() const { return folded_query_.empty(); }

 private:
  PlainString folded_query_;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_TEXT_SEARCH_H_
