// The compiled-in SLIP-39 word list (vault/formats/slip39/wordlist.inc)
// against the published list (tests/data/slip39/wordlist.txt), and the
// constant-time lookups over it.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "slip39/wordlist.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using slip39::kWordCount;

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::vector<std::string> PublishedList() {
  std::ifstream in(std::filesystem::path(TVAULT_TEST_DATA_DIR) / "slip39" / "wordlist.txt");
  std::vector<std::string> words;
  for (std::string line; std::getline(in, line);) words.push_back(line);
  return words;
}

TEST(Slip39Wordlist, MatchesThePublishedList) {
  const std::vector<std::string> published = PublishedList();
  ASSERT_EQ(published.size(), kWordCount);
  std::set<std::string> prefixes;
  for (std::size_t i = 0; i < kWordCount; ++i) {
    EXPECT_EQ(slip39::ListedWord(i), published[i]) << i;
    EXPECT_GE(published[i].size(), 4u);
    EXPECT_LE(published[i].size(), slip39::kMaxWordLength);
    if (i > 0) {
      EXPECT_LT(published[i - 1], published[i]) << "not sorted at " << i;
    }
    prefixes.insert(published[i].substr(0, 4));
  }
  EXPECT_EQ(prefixes.size(), kWordCount) << "4-letter prefixes are not unique";
  EXPECT_EQ(slip39::ListedWord(kWordCount), "");
}

TEST(Slip39Wordlist, LookupsBothWays) {
  for (std::size_t i = 0; i < kWordCount; ++i) {
    const std::string word(slip39::ListedWord(i));
    EXPECT_EQ(slip39::WordIndex(Bytes(word)), static_cast<int>(i)) << word;
    std::string upper = word;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    EXPECT_EQ(slip39::WordIndex(Bytes(upper)), static_cast<int>(i)) << upper;
    std::array<uint8_t, slip39::kMaxWordLength> out{};
    const std::size_t n = slip39::WordAt(static_cast<uint16_t>(i), out);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(out.data()), n), word);
  }
}

TEST(Slip39Wordlist, OnlyWholeWordsMatch) {
  EXPECT_EQ(slip39::WordIndex(Bytes("academic")), 0);
  EXPECT_EQ(slip39::WordIndex(Bytes("AcAdEmIc")), 0);
  EXPECT_EQ(slip39::WordIndex(Bytes("acad")), -1);  // the reference takes no prefixes
  EXPECT_EQ(slip39::WordIndex(Bytes("academics")), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes("academi")), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes("acid")), 1);
  EXPECT_EQ(slip39::WordIndex(Bytes("acidic")), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes("")), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes(std::string("acid\0", 5))), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes("\xE2\x84\xAA" "eep")), -1);  // U+212A KELVIN SIGN
  EXPECT_EQ(slip39::WordIndex(Bytes("ac\xFF" "d")), -1);
  EXPECT_EQ(slip39::WordIndex(Bytes("@cid")), -1);  // '@' is 'A' - 1
  EXPECT_EQ(slip39::WordIndex(Bytes("[cid")), -1);  // '[' is 'Z' + 1
}

}  // namespace
}  // namespace tvault::testing
