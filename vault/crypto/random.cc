#include "crypto/random.h"

#include <sodium.h>

namespace tvault::crypto {

void RandomBytes(std::span<uint8_t> out) { randombytes_buf(out.data(), out.size()); }
uint32_t RandomUniform(uint32_t upper_bound) { return randombytes_uniform(upper_bound); }

}  // namespace tvault::crypto
