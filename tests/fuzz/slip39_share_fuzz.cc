// Fuzz target: SLIP-39 share parsing (slip39::ParseShare) and gathering
// (slip39::ShareSet::Add), on arbitrary bytes.
//
// Text mode: the whole input is one mnemonic; the same input cut at '|'
// bytes is a list of mnemonics added to a ShareSet one by one.
// Forge mode (first byte 0xF3): random words rarely pass the checksum, so
// the rest is a recipe of shares: per share one byte (its length, 20 + byte
// % 24 words), then two bytes per word (index mod 1024); the harness writes
// the right RS1024 checksum into the last three words and joins the words
// with spaces. The forged mnemonics, joined by '|', then go through both
// checks, and each must not be refused for its words or its checksum.
// Properties: no crash; a share that parses formats to a mnemonic that parses
// back to the same share; a refused Add changes nothing; a complete set
// recovers or is refused for a reason (only for iteration exponent 0, to keep
// each input fast).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "slip39/rs1024.h"
#include "slip39/slip39.h"
#include "slip39/wordlist.h"
#include "vault/crypto_init.h"

namespace {

using tvault::SecretBytes;
using tvault::slip39::Share;

bool SameShare(const Share& a, const Share& b) {
  return a.identifier == b.identifier && a.extendable == b.extendable &&
         a.iteration_exponent == b.iteration_exponent && a.group_index == b.group_index &&
         a.group_threshold == b.group_threshold && a.group_count == b.group_count &&
         a.member_index == b.member_index && a.member_threshold == b.member_threshold &&
         a.value.Equals(b.value);
}

void CheckOne(std::span<const uint8_t> bytes) {
  auto share = tvault::slip39::ParseShare(SecretBytes::CopyOf(bytes));
  if (!share.ok()) {
    if (share.error().message.empty()) std::abort();
    return;
  }
  const SecretBytes text = tvault::slip39::FormatShare(*share);
  auto again = tvault::slip39::ParseShare(text);
  if (!again.ok() || !SameShare(*share, *again)) std::abort();
  if (!tvault::slip39::FormatShare(*again).Equals(text)) std::abort();
}

void CheckSet(std::span<const uint8_t> bytes) {
  tvault::slip39::ShareSet set;
  bool fast = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= bytes.size(); ++i) {
    if (i < bytes.size() && bytes[i] != '|') continue;
    const SecretBytes mnemonic = SecretBytes::CopyOf(bytes.subspan(start, i - start));
    start = i + 1;
    const std::size_t size = set.size();
    const std::string before = set.needed().Describe();
    if (set.Add(mnemonic).ok()) {
      if (set.size() != size + 1) std::abort();
      if (size == 0) fast = tvault::slip39::ParseShare(mnemonic)->iteration_exponent == 0;
    } else if (set.size() != size || set.needed().Describe() != before) {
      std::abort();
    }
  }
  if (!fast) return;
  auto secret = set.Recover(SecretBytes());
  if (secret.ok() && !set.complete()) std::abort();
  if (!secret.ok() && secret.error().message.empty()) std::abort();
}

// Mnemonics with valid checksums from a recipe (see the top), joined by '|'.
std::string Forge(std::span<const uint8_t> recipe) {
  std::string out;
  std::size_t pos = 0;
  while (pos < recipe.size()) {
    const std::size_t count = 20 + recipe[pos++] % 24;
    tvault::slip39::WordIndices words(count);
    for (std::size_t i = 0; i + tvault::slip39::kChecksumWords < count; ++i) {
      const uint8_t hi = pos < recipe.size() ? recipe[pos++] : 0;
      const uint8_t lo = pos < recipe.size() ? recipe[pos++] : 0;
      words.Set(i, static_cast<uint16_t>((hi << 8 | lo) % 1024));
    }
    const bool extendable = (words[1] >> 4 & 1) != 0;
    tvault::slip39::Rs1024Fill(extendable, words);
    if (!tvault::slip39::Rs1024Verify(extendable, words)) std::abort();
    if (!out.empty()) out += '|';
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) out += ' ';
      out += tvault::slip39::ListedWord(words[i]);
    }
  }
  return out;
}

void CheckForged(std::span<const uint8_t> recipe) {
  const std::string text = Forge(recipe);
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::size_t start = 0;
  for (std::size_t i = 0; i <= bytes.size(); ++i) {
    if (i < bytes.size() && bytes[i] != '|') continue;
    const auto one = bytes.subspan(start, i - start);
    start = i + 1;
    CheckOne(one);
    auto share = tvault::slip39::ParseShare(SecretBytes::CopyOf(one));
    if (!share.ok() && (share.error().message.find("checksum") != std::string::npos ||
                        share.error().message.find("word list") != std::string::npos)) {
      std::abort();
    }
  }
  CheckSet(bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = tvault::InitCrypto();
  if (!ready) std::abort();
  const std::span<const uint8_t> bytes(data, size);
  if (size > 0 && data[0] == 0xF3) {
    CheckForged(bytes.subspan(1));
    return 0;
  }
  CheckOne(bytes);
  CheckSet(bytes);
  return 0;
}
