// The operating system's CSPRNG, through libsodium.
#ifndef TVAULT_CRYPTO_RANDOM_H_
#define TVAULT_CRYPTO_RANDOM_H_

#include <cstdint>
#include <span>

namespace tvault::crypto {

void RandomBytes(std::span<uint8_t> out);
// Uniform in [0, upper_bound), without modulo bias.
uint32_t RandomUniform(uint32_t upper_bound);

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_RANDOM_H_
