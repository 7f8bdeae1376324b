// The SLIP-39 word list (1024 words, wordlist.inc) and mnemonics as lists of
// 10-bit word indices.
//
// The words of a share are secret, so the two lookups take time independent
// of which word is asked for: each reads every entry of the list and picks
// the match with masks, never with a branch or an index that depends on the
// word (a binary search or an indexed read would show the word in the cache).
// The length of a word is not hidden.
//
// Thread-safety: the list is immutable; WordIndices is not thread-safe.
#ifndef TVAULT_SLIP39_WORDLIST_H_
#define TVAULT_SLIP39_WORDLIST_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "vault/secret.h"

namespace tvault::slip39 {

inline constexpr std::size_t kWordCount = 1024;
inline constexpr std::size_t kMaxWordLength = 8;

// The index of `word` (ASCII letters in any case), or -1 if it is not in the
// list. Only whole words match: SLIP-39's reference implementation does not
// accept 4-letter prefixes, and neither does tvault.
int WordIndex(std::span<const uint8_t> word);

// Writes the word for `index` (< 1024) into `out` and returns its length.
std::size_t WordAt(uint16_t index, std::span<uint8_t, kMaxWordLength> out);

// The list entry `index` as text, for tests and documentation only: it reads
// the list by index, so never call it with a secret index.
std::string_view ListedWord(std::size_t index);

// A mnemonic's words as 10-bit values in guarded memory (two bytes each,
// big-endian; no alignment is assumed).
class WordIndices {
 public:
  explicit WordIndices(std::size_t count) : bytes_(2 * count) {}
  std::size_t size() const { return bytes_.size() / 2; }
  uint16_t operator[](std::size_t i) const {
    auto b = bytes_.reveal();
    return static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  }
  void Set(std::size_t i, uint16_t value) {
    auto b = bytes_.reveal();
    b[2 * i] = static_cast<uint8_t>(value >> 8);
    b[2 * i + 1] = static_cast<uint8_t>(value);
  }

 private:
  SecretBytes bytes_;
};

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_WORDLIST_H_
