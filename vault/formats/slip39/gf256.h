// Arithmetic in GF(256) with the AES (Rijndael) polynomial
// x^8 + x^4 + x^3 + x + 1, as SLIP-39's Shamir sharing uses it.
//
// Constant time: share bytes and the master secret pass through these
// functions, and the usual log/exp tables would index memory by a secret
// byte, a cache-timing channel. Multiply is a branch-free shift-and-add
// ("Russian peasant") loop of 8 fixed steps; the inverse is x^254 by a fixed
// chain of squarings and multiplications. No table, no secret-dependent
// branch or index.
//
// Thread-safety: pure functions.
#ifndef TVAULT_SLIP39_GF256_H_
#define TVAULT_SLIP39_GF256_H_

#include <cstdint>

namespace tvault::slip39::gf256 {

// a * b in GF(256).
uint8_t Mul(uint8_t a, uint8_t b);

// a^-1 in GF(256), computed as a^254; Inverse(0) is 0.
uint8_t Inverse(uint8_t a);

}  // namespace tvault::slip39::gf256

#endif  // TVAULT_SLIP39_GF256_H_
