// One SLIP-39 share and its mnemonic: words of the SLIP-39 list, 10 bits
// each, big-endian:
//
//   identifier 15 | extendable 1 | iteration exponent 4      words 1-2
//   group index 4 | group threshold-1 4 | group count-1 4 |
//   member index 4 | member threshold-1 4                    words 3-4
//   padding (zero bits) + share value 8n bits                ceil(8n / 10) words
//   RS1024 checksum                                          3 words
//
// 20 words for a 128-bit secret, 33 for 256 bits.
//
// Parsing accepts exactly what the reference implementation
// (trezor/python-shamir-mnemonic) accepts: whole words of the list in any
// ASCII case (no 4-letter prefixes), separated by any run of whitespace as
// Python's str.split() sees it (ASCII space, \t \n \v \f \r, \x1c-\x1f, and
// Unicode spaces such as U+00A0 in UTF-8), leading and trailing whitespace
// ignored. One deliberate difference: Python's str.lower() turns U+212A
// KELVIN SIGN into "k"; tvault does not.
//
// The mnemonic, the share value and the word indices are secret: they live in
// SecretBytes, and word lookups run in constant time (wordlist.h). The other
// fields are public (they repeat in every share of a set).
//
// Errors (one line, never a word of the share): kInvalidArgument for anything
// that is not a valid share: an unknown word ("word 7 of share 2 is not in the
// SLIP-39 word list"), a length no share has, a bad checksum, nonzero padding,
// a group threshold above the group count.
// Thread-safety: reentrant.
#ifndef TVAULT_SLIP39_SHARE_H_
#define TVAULT_SLIP39_SHARE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::slip39 {

inline constexpr std::size_t kMinSecretBytes = 16;  // 128 bits
inline constexpr std::size_t kMaxGroups = 16;
inline constexpr std::size_t kMaxMembers = 16;
inline constexpr uint8_t kMaxIterationExponent = 15;
// Longer input is refused before it is read word by word: RS1024 detects any
// three errors only up to 1023 symbols, customization string included.
inline constexpr std::size_t kMaxWords = 1000;
inline constexpr std::size_t kMaxShareBytes = 16 * 1024;

// Fields hold actual values: thresholds and counts 1..16, indices 0..15.
struct Share {
  uint16_t identifier = 0;  // 0 .. 2^15-1
  bool extendable = false;
  uint8_t iteration_exponent = 0;  // 0..15
  uint8_t group_index = 0;
  uint8_t group_threshold = 1;
  uint8_t group_count = 1;
  uint8_t member_index = 0;
  uint8_t member_threshold = 1;
  SecretBytes value;  // f(member_index) of the group's polynomials
};

// Parses one mnemonic (see above for what is accepted).
Result<Share> ParseShare(const SecretBytes& mnemonic);

// As ParseShare; errors name the share "share <position>" (1-based) instead
// of "the share", for callers that take several.
Result<Share> ParseShareAt(const SecretBytes& mnemonic, std::size_t position);

// A SLIP-39 passphrase is printable ASCII (32..126), as the spec requires:
// kInvalidArgument otherwise (a pasted non-breaking space or curly quote
// would silently give another master secret).
Status CheckPassphrase(const SecretBytes& passphrase);

// The mnemonic of `share`: lowercase words separated by single spaces.
// Requires fields in range and a non-empty value, as ParseShare and Split
// produce (aborts otherwise: a programming error).
SecretBytes FormatShare(const Share& share);

// "the share" or "share 3": how messages name a share.
std::string ShareName(std::size_t position);

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_SHARE_H_
