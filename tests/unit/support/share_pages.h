// Reading back the share pages `tvault recovery create --out-dir` writes
// (cli/recovery_shares.h), as a holder would type them.
#ifndef TVAULT_TESTS_SHARE_PAGES_H_
#define TVAULT_TESTS_SHARE_PAGES_H_

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace tvault::testing {

inline std::string ReadText(const std::filesystem::path& p) {
  const std::vector<uint8_t> b = ReadBytes(p);
  return std::string(b.begin(), b.end());
}

// The words of a share page, in order, joined by single spaces.
inline std::string MnemonicOf(const std::filesystem::path& page) {
  const std::string html = ReadText(page);
  static const std::regex kWord("<li>([a-z]+)</li>");
  std::string words;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    words += (words.empty() ? "" : " ") + (*it)[1].str();
  }
  return words;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_SHARE_PAGES_H_
