// Bech32 (BIP 173) with the checksum constant 1, as age uses it for keys.
//
// Strings are either all lowercase or all uppercase; the checksum is always
// computed over the lowercase form. Identities are secrets, so every buffer
// here wipes itself (PlainBytes / PlainString). BIP 173 caps strings at 90 characters;
// age lifts that cap, so the limit is a parameter. Stateless; thread-safe.
#ifndef TVAULT_BUNDLE_BECH32_H_
#define TVAULT_BUNDLE_BECH32_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::bech32 {

inline constexpr std::size_t kBip173MaxLength = 90;
inline constexpr std::size_t kChecksumChars = 6;

struct Decoded {
  std::string hrp;             // lowercase
  PlainBytes data;             // 5-bit groups, checksum removed
  bool uppercase = false;      // the string was written in uppercase
};

// Encodes `hrp` (characters 33..126, no uppercase) and 5-bit groups as a
// lowercase string.
PlainString Encode(std::string_view hrp, std::span<const uint8_t> data5);

// Decodes and verifies a Bech32 string no longer than `max_length`.
// kInvalidArgument, with a one-line reason, on any defect.
Result<Decoded> Decode(std::string_view text, std::size_t max_length);

// Regroups bits, most significant first. With `pad`, a last partial group is
// zero-padded; without it, a partial group of more than 4 bits or with a
// non-zero bit is refused (nullopt), as BIP 173 requires for 5-to-8.
std::optional<PlainBytes> ConvertBits(std::span<const uint8_t> in, int from_bits, int to_bits,
                                      bool pad);

}  // namespace tvault::bech32

#endif  // TVAULT_BUNDLE_BECH32_H_
