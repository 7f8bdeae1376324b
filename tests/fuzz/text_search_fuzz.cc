// Fuzzes TextSearch (vault/base/util/text_search.h) on bytes as a bundle may
// carry them into statements: the first byte splits the input into a query
// and a text. Properties:
//  * never crashes or reads out of bounds (ASan), whatever the UTF-8;
//  * a match lies inside the text, begins no later than it ends, and the
//    matched bytes fold to text that holds the folded query;
//  * the text always finds itself (when it folds to something), and its
//    context is one line: no '\n' or '\r' survives in it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "util/text_search.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault;
  if (size == 0) return 0;
  const std::string_view all(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = std::min<std::size_t>(data[0], all.size());
  const std::string_view query = all.substr(0, split), text = all.substr(split);
  TextSearch::Scratch scratch;
  TextSearch search(query);
  if (auto m = search.Find(text, scratch)) {
    if (m->begin > m->end || m->end > text.size()) std::abort();
    PlainString folded_match, folded_query;
    AppendCaseFolded(text.substr(m->begin, m->end - m->begin), folded_match);
    AppendCaseFolded(query, folded_query);
    if (std::string_view(folded_match).find(std::string_view(folded_query)) ==
        std::string_view::npos) {
      std::abort();
    }
    for (char c : TextSearch::Context(text, *m)) {
      if (c == '\n' || c == '\r') std::abort();
    }
  }
  TextSearch self(text);
  if (!self.empty() && !self.Find(text, scratch)) std::abort();
  return 0;
}
