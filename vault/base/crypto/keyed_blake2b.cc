#include "crypto/keyed_blake2b.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace tvault::crypto {
namespace {
using State = crypto_generichash_state;
}  // namespace

KeyedBlake2b512::KeyedBlake2b512(std::span<const uint8_t> key)
    : state_(sizeof(State)) {
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX)
    std::abort();
  State st;
  crypto_generichash_init(&st, key.data(), key.size(), 64);
  std::memcpy(state_.reveal().data(), &st, sizeof st);
  sodium_memzero(&st, sizeof st);
}

void KeyedBlake2b512::Compute(std::span<const uint8_t> data, std::span<uint8_t, 64> out) const {
  alignas(64) State st;
  std::memcpy(&st, state_.reveal().data(), sizeof st);
  crypto_generichash_update(&st, data.data(), data.size());
  crypto_generichash_final(&st, out.data(), out.size());
  sodium_memzero(&st, sizeof st);
}

}  // namespace tvault::crypto
