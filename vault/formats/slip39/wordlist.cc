#include "slip39/wordlist.h"

#include <array>

namespace tvault::slip39 {
namespace {

constexpr char kWords[kWordCount][kMaxWordLength + 1] = {
#include "slip39/wordlist.inc"
};

// Each word as one 64-bit value (byte j at bits 8j..8j+7, NUL-padded), so
// that a lookup compares a word in one operation instead of nine.
using Packed = std::array<uint64_t, kWordCount>;
constexpr Packed kPacked = [] {
  Packed p{};
  for (std::size_t w = 0; w < kWordCount; ++w) {
    for (std::size_t j = 0; j < kMaxWordLength; ++j)
      p[w] |= uint64_t{static_cast<uint8_t>(kWords[w][j])} << (8 * j);
  }
  return p;
}();

// All ones if x == 0, else 0, without a branch.
uint64_t ZeroMask(uint64_t x) { return ((x | (0 - x)) >> 63) - 1; }

uint8_t LowerAscii(uint8_t c) {
  const uint32_t upper = static_cast<uint32_t>(static_cast<uint32_t>(c) - 'A') < 26u;
  return static_cast<uint8_t>(c | (0x20 & -upper));
}

}  // namespace

int WordIndex(std::span<const uint8_t> word) {
  if (word.empty() || word.size() > kMaxWordLength) return -1;
  uint64_t packed = 0;
  uint64_t has_nul = 0;  // "acid\0" must not pass for "acid"
  for (std::size_t i = 0; i < word.size(); ++i) {
    packed |= uint64_t{LowerAscii(word[i])} << (8 * i);
    has_nul |= ZeroMask(word[i]);
  }
  uint64_t found = 0;
  uint64_t index = 0;
  for (uint64_t w = 0; w < kWordCount; ++w) {
    const uint64_t match = ZeroMask(kPacked[w] ^ packed);
    index |= w & match;
    found |= match;
  }
  SecureWipe(&packed, sizeof packed);
  // A word that is not in the list has no secret to protect.
  return (found & ~has_nul) != 0 ? static_cast<int>(index) : -1;
}

std::size_t WordAt(uint16_t index, std::span<uint8_t, kMaxWordLength> out) {
  uint64_t packed = 0;
  for (uint64_t w = 0; w < kWordCount; ++w) packed |= kPacked[w] & ZeroMask(w ^ index);
  std::size_t length = 0;
  for (std::size_t j = 0; j < kMaxWordLength; ++j) {
    out[j] = static_cast<uint8_t>(packed >> (8 * j));
    length += out[j] != 0;
  }
  SecureWipe(&packed, sizeof packed);
  return length;
}

std::string_view ListedWord(std::size_t index) {
  return index < kWordCount ? std::string_view(kWords[index]) : std::string_view();
}

}  // namespace tvault::slip39
