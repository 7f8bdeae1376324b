#include "slip39/share.h"

#include <cstdlib>
#include <cstring>
#include <span>

#include "slip39/rs1024.h"
#include "slip39/wordlist.h"

namespace tvault::slip39 {
namespace {

constexpr std::size_t kRadixBits = 10;
constexpr std::size_t kMetadataWords = 4 + kChecksumWords;  // id/e, params, checksum
constexpr std::size_t kMinWords = kMetadataWords + (8 * kMinSecretBytes + 9) / 10;  // 20

// The length in bytes of the whitespace character at text[pos], or 0. The
// set is Python's str.isspace(), which the reference's str.split() uses.
std::size_t SeparatorLength(std::span<const uint8_t> text, std::size_t pos) {
  const uint8_t c = text[pos];
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
  const std::size_t left = text.size() - pos;
  if (c == 0xC2 && left >= 2) return text[pos + 1] == 0x85 || text[pos + 1] == 0xA0 ? 2 : 0;
  if (left < 3) return 0;
  const uint8_t b1 = text[pos + 1], b2 = text[pos + 2];
  if (c == 0xE1) return b1 == 0x9A && b2 == 0x80 ? 3 : 0;  // U+1680
  if (c == 0xE3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;  // U+3000
  if (c != 0xE2) return 0;
  if (b1 == 0x80)  // U+2000-200A, U+2028, U+2029, U+202F
    return (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0;
  return b1 == 0x81 && b2 == 0x9F ? 3 : 0;  // U+205F
}

// Calls visit(word) for each maximal run of non-whitespace bytes.
template <typename Visit>
void ForEachWord(std::span<const uint8_t> text, Visit visit) {
  std::size_t pos = 0;
  std::size_t start = 0;
  bool in_word = false;
  while (pos < text.size()) {
    const std::size_t sep = SeparatorLength(text, pos);
    if (sep == 0) {
      if (!in_word) start = pos;
      in_word = true;
      ++pos;
      continue;
    }
    if (in_word) visit(text.subspan(start, pos - start));
    in_word = false;
    pos += sep;
  }
  if (in_word) visit(text.subspan(start));
}

Error NotAShare(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, message);
}

// The share value: the value words minus their leading padding bits.
// Requires the padding bits to be zero (checked by the caller).
SecretBytes ValueFromWords(const WordIndices& words, std::size_t padding_bits) {
  const std::size_t first = 4;
  const std::size_t value_words = words.size() - kMetadataWords;
  SecretBytes value((kRadixBits * value_words - padding_bits) / 8);
  auto out = value.reveal();
  uint32_t acc = 0;
  std::size_t bits = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < value_words; ++i) {
    acc = (acc << kRadixBits) | words[first + i];
    bits += kRadixBits;
    if (i == 0) bits -= padding_bits;  // the padding bits are zero: drop them
    while (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<uint8_t>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  return value;
}

}  // namespace

std::string ShareName(std::size_t position) {
  return position == 0 ? "the share" : "share " + std::to_string(position);
}

Result<Share> ParseShare(const SecretBytes& mnemonic) { return ParseShareAt(mnemonic, 0); }

Status CheckPassphrase(const SecretBytes& passphrase) {
  for (uint8_t c : passphrase.reveal()) {
    if (c < 32 || c > 126) {
      return NotAShare("the passphrase holds a character outside printable ASCII, which SLIP-39 "
                       "does not allow");
    }
  }
  return OkStatus();
}

Result<Share> ParseShareAt(const SecretBytes& mnemonic, std::size_t position) {
  const std::string name = ShareName(position);
  const auto text = mnemonic.reveal();
  if (text.size() > kMaxShareBytes) return NotAShare(name + " is longer than any SLIP-39 share");
  std::size_t count = 0;
  ForEachWord(text, [&](std::span<const uint8_t>) { ++count; });
  if (count == 0) return NotAShare(name + " is empty");
  if (count > kMaxWords) {
    return NotAShare(name + " has " + std::to_string(count) + " words; tvault reads shares of at most " +
                     std::to_string(kMaxWords));
  }

  WordIndices words(count);
  std::size_t i = 0;
  std::size_t first_unknown = 0;  // 1-based; 0: none
  ForEachWord(text, [&](std::span<const uint8_t> word) {
    const int index = WordIndex(word);
    if (index < 0 && first_unknown == 0) first_unknown = i + 1;
    words.Set(i++, static_cast<uint16_t>(index < 0 ? 0 : index));
  });
  if (first_unknown != 0) {
    return NotAShare("word " + std::to_string(first_unknown) + " of " + name +
                     " is not in the SLIP-39 word list");
  }
  if (count < kMinWords) {
    return NotAShare(name + " has " + std::to_string(count) +
                     " words; a SLIP-39 share has at least " + std::to_string(kMinWords));
  }
  // The value is a whole number of bytes (an even number, in fact) padded to
  // whole words: at most 8 padding bits (the reference's rule).
  const std::size_t padding_bits = kRadixBits * (count - kMetadataWords) % 16;
  if (padding_bits > 8) {
    return NotAShare(name + " has " + std::to_string(count) +
                     " words, a length no SLIP-39 share has (20 words hold a 128-bit secret, "
                     "33 words a 256-bit one)");
  }

  Share share;
  const uint32_t id_exp = uint32_t{words[0]} << kRadixBits | words[1];
  share.identifier = static_cast<uint16_t>(id_exp >> 5);
  share.extendable = (id_exp >> 4 & 1) != 0;
  share.iteration_exponent = static_cast<uint8_t>(id_exp & 0xF);
  if (!Rs1024Verify(share.extendable, words))
    return NotAShare(name + " has a bad checksum: a word is wrong, missing or out of place");

  const uint32_t params = uint32_t{words[2]} << kRadixBits | words[3];
  share.group_index = static_cast<uint8_t>(params >> 16 & 0xF);
  share.group_threshold = static_cast<uint8_t>((params >> 12 & 0xF) + 1);
  share.group_count = static_cast<uint8_t>((params >> 8 & 0xF) + 1);
  share.member_index = static_cast<uint8_t>(params >> 4 & 0xF);
  share.member_threshold = static_cast<uint8_t>((params & 0xF) + 1);
  if (share.group_threshold > share.group_count) {
    return NotAShare(name + " has a group threshold (" + std::to_string(share.group_threshold) +
                     ") above its group count (" + std::to_string(share.group_count) +
                     "): it is not a valid SLIP-39 share");
  }
  if (padding_bits > 0 && (words[4] >> (kRadixBits - padding_bits)) != 0)
    return NotAShare(name + " has padding bits that are not zero: it is not a valid SLIP-39 share");
  share.value = ValueFromWords(words, padding_bits);
  return share;
}

SecretBytes FormatShare(const Share& s) {
  if (s.identifier >= (1u << 15) || s.iteration_exponent > kMaxIterationExponent ||
      s.group_index >= kMaxGroups || s.group_threshold < 1 || s.group_count > kMaxGroups ||
      s.group_threshold > s.group_count || s.member_index >= kMaxMembers ||
      s.member_threshold < 1 || s.member_threshold > kMaxMembers || s.value.empty()) {
    std::abort();  // a caller built a share no mnemonic can carry
  }
  const std::size_t value_words = (8 * s.value.size() + kRadixBits - 1) / kRadixBits;
  WordIndices words(value_words + kMetadataWords);
  const uint32_t id_exp = uint32_t{s.identifier} << 5 | uint32_t{s.extendable} << 4 |
                          s.iteration_exponent;
  words.Set(0, static_cast<uint16_t>(id_exp >> kRadixBits));
  words.Set(1, static_cast<uint16_t>(id_exp & 1023));
  const uint32_t params = uint32_t{s.group_index} << 16 | uint32_t(s.group_threshold - 1) << 12 |
                          uint32_t(s.group_count - 1) << 8 | uint32_t{s.member_index} << 4 |
                          uint32_t(s.member_threshold - 1);
  words.Set(2, static_cast<uint16_t>(params >> kRadixBits));
  words.Set(3, static_cast<uint16_t>(params & 1023));

  // Leading zero bits pad the value to whole words.
  uint32_t acc = 0;
  std::size_t bits = kRadixBits * value_words - 8 * s.value.size();
  std::size_t w = 4;
  for (uint8_t byte : s.value.reveal()) {
    acc = (acc << 8) | byte;
    bits += 8;
    if (bits >= kRadixBits) {
      bits -= kRadixBits;
      words.Set(w++, static_cast<uint16_t>(acc >> bits & 1023));
      acc &= (1u << bits) - 1;
    }
  }
  Rs1024Fill(s.extendable, words);

  SecretBytes text((kMaxWordLength + 1) * words.size());
  auto out = text.reveal();
  std::size_t length = 0;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (k > 0) out[length++] = ' ';
    length += WordAt(words[k], out.subspan(length).first<kMaxWordLength>());
  }
  text.Truncate(length);
  return text;
}

}  // namespace tvault::slip39
