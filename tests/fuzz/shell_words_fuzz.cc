// Fuzz target: SplitShellWords, the splitter of lines typed at `tvault
// shell`. Words never hold more bytes than the line; no crash, no leak.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "input/shell_words.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto words = tvault::cli::SplitShellWords(line);
  if (words.ok()) {
    std::size_t total = 0;
    for (const std::string& w : *words) total += w.size();
    if (total > size) std::abort();
  }
  return 0;
}
