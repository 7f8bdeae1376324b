#include "slip39/gf256.h"

namespace tvault::slip39::gf256 {

uint8_t Mul(uint8_t a, uint8_t b) {
  uint8_t product = 0;
  for (int bit = 0; bit < 8; ++bit) {
    // Masks instead of branches: 0xFF when the bit is set, 0x00 when not.
    const uint8_t take = static_cast<uint8_t>(-(b & 1));
    product ^= static_cast<uint8_t>(a & take);
    const uint8_t carry = static_cast<uint8_t>(-(a >> 7));
    a = static_cast<uint8_t>((a << 1) ^ (0x1B & carry));  // a *= x, reduced
    b >>= 1;
  }
  return product;
}

uint8_t Inverse(uint8_t a) {
  // The multiplicative group has order 255, so a^254 = a^-1 for a != 0 (and
  // 0^254 = 0). 254 = 2 + 4 + 8 + 16 + 32 + 64 + 128: square seven times and
  // multiply the squares together.
  uint8_t square = Mul(a, a);  // a^2
  uint8_t result = square;
  for (int i = 0; i < 6; ++i) {
    square = Mul(square, square);  // a^4, a^8, ..., a^128
    result = Mul(result, square);
  }
  return result;
}

}  // namespace tvault::slip39::gf256
