// Hex and Base64 (RFC 4648) encoders and strict decoders. Decoders refuse
// anything non-canonical: wrong alphabet, wrong padding, non-zero trailing
// bits, stray whitespace.
#ifndef TVAULT_CRYPTO_ENCODING_H_
#define TVAULT_CRYPTO_ENCODING_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tvault::crypto {

std::string HexEncode(std::span<const uint8_t> bytes);
std::optional<std::vector<uint8_t>> HexDecode(std::string_view hex);
// Exactly 2 * out.size() lowercase hex digits (the canonical form tvault
// writes), decoded into `out` without allocating. False, with `out`
// unspecified, for anything else.
bool DecodeLowerHex(std::string_view hex, std::span<uint8_t> out);

enum class Base64Variant { kPadded, kUnpadded };
std::string Base64Encode(std::span<const uint8_t> bytes, Base64Variant v);
std::optional<std::vector<uint8_t>> Base64Decode(std::string_view text, Base64Variant v);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_ENCODING_H_
