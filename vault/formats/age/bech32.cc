#include "age/bech32.h"

#include <array>

namespace tvault::bech32 {
namespace {

constexpr std::string_view kAlphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

// The BCH code's generator, one coefficient per bit of the top 5 bits.
uint32_t Polymod(std::span<const uint8_t> values, uint32_t chk = 1) {
  constexpr std::array<uint32_t, 5> kGenerator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
                                                  0x3d4233dd, 0x2a1462b3};
  for (uint8_t v : values) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGenerator[i];
    }
  }
  return chk;
}

PlainBytes ExpandHrp(std::string_view hrp) {
  PlainBytes out;
  out.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) >> 5));
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(c & 31));
  return out;
}

int AlphabetIndex(char c) {
  std::size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

Error Invalid(std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument, "invalid Bech32 string: " + std::string(why));
}

}  // namespace

PlainString Encode(std::string_view hrp, std::span<const uint8_t> data5) {
  PlainBytes values = ExpandHrp(hrp);
  values.insert(values.end(), data5.begin(), data5.end());
  values.insert(values.end(), kChecksumChars, 0);
  uint32_t mod = Polymod(values) ^ 1;

  PlainString out(hrp.data(), hrp.size());
  out.reserve(hrp.size() + 1 + data5.size() + kChecksumChars);
  out.push_back('1');
  for (uint8_t v : data5) out.push_back(kAlphabet[v & 31]);
  for (std::size_t i = 0; i < kChecksumChars; ++i) {
    out.push_back(kAlphabet[(mod >> (5 * (kChecksumChars - 1 - i))) & 31]);
  }
  return out;
}

Result<Decoded> Decode(std::string_view text, std::size_t max_length) {
  if (text.size() > max_length) return Invalid("too long");
  bool has_lower = false, has_upper = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return Invalid("character out of range");
    has_lower |= (c >= 'a' && c <= 'z');
    has_upper |= (c >= 'A' && c <= 'Z');
  }
  if (has_lower && has_upper) return Invalid("mixed case");

  std::size_t sep = text.rfind('1');
  if (sep == std::string_view::npos) return Invalid("no separator");
  if (sep == 0) return Invalid("empty human-readable part");
  if (text.size() - sep - 1 < kChecksumChars) return Invalid("checksum too short");

  Decoded out;
  out.uppercase = has_upper;
  out.hrp.reserve(sep);
  for (char c : text.substr(0, sep)) {
    out.hrp.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  PlainBytes values;
  values.reserve(text.size() - sep - 1);
  for (char c : text.substr(sep + 1)) {
    int v = AlphabetIndex((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    if (v < 0) return Invalid("character outside the Bech32 alphabet");
    values.push_back(static_cast<uint8_t>(v));
  }
  PlainBytes all = ExpandHrp(out.hrp);
  all.insert(all.end(), values.begin(), values.end());
  if (Polymod(all) != 1) return Invalid("bad checksum");
  values.resize(values.size() - kChecksumChars);
  out.data = std::move(values);
  return out;
}

std::optional<PlainBytes> ConvertBits(std::span<const uint8_t> in, int from_bits, int to_bits,
                                      bool pad) {
  uint32_t acc = 0;
  int bits = 0;
  const uint32_t max_value = (1u << to_bits) - 1;
  PlainBytes out;
  out.reserve(in.size() * static_cast<std::size_t>(from_bits) / static_cast<std::size_t>(to_bits) + 1);
  for (uint8_t v : in) {
    if ((v >> from_bits) != 0) return std::nullopt;
    acc = ((acc << from_bits) | v) & 0xfffff;
    bits += from_bits;
    while (bits >= to_bits) {
      bits -= to_bits;
      out.push_back(static_cast<uint8_t>((acc >> bits) & max_value));
    }
  }
  if (pad) {
    if (bits > 0) out.push_back(static_cast<uint8_t>((acc << (to_bits - bits)) & max_value));
  } else if (bits >= from_bits || ((acc << (to_bits - bits)) & max_value) != 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace tvault::bech32
