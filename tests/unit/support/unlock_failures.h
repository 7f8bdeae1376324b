// The `unlock-failures` file as docs/format.md, section 1.1 writes it:
// "COUNT\nFIRST_FAILURE_UNIX_SECONDS\n". (No <regex>: GCC 12 at -O1 with
// ASan warns inside it, and warnings are errors.)
#ifndef TVAULT_TESTS_UNLOCK_FAILURES_H_
#define TVAULT_TESTS_UNLOCK_FAILURES_H_

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tvault::testing {

// Whether `bytes` is `count`, a line break, a non-empty run of digits and a
// line break.
inline bool IsCountAndTime(const std::vector<uint8_t>& bytes, const std::string& count) {
  const std::string s(bytes.begin(), bytes.end());
  const std::string head = count + "\n";
  if (s.size() < head.size() + 2 || s.compare(0, head.size(), head) != 0 || s.back() != '\n') {
    return false;
  }
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(head.size()), s.end() - 1,
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_UNLOCK_FAILURES_H_
