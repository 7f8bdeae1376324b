// Keyed BLAKE2b-512 (RFC 7693) for many short messages under one key: the
// key block is absorbed once, and each message starts from a copy of that
// state, so a message of one block costs one compression instead of two
// (docs/redaction-format.md, section 2: a salt pair per call).
//
// The absorbed state is key material: it lives in guarded memory, each
// per-message copy is wiped. Not thread-safe to share across threads
// (Compute is const but uses no shared scratch, so concurrent Compute calls
// on one object are safe; construction and destruction are not).
#ifndef TVAULT_CRYPTO_KEYED_BLAKE2B_H_
#define TVAULT_CRYPTO_KEYED_BLAKE2B_H_

#include <cstdint>
#include <span>

#include "vault/secret.h"

namespace tvault::crypto {

class KeyedBlake2b512 {
 public:
  // `key`: 16..64 bytes (aborts otherwise: a programming error).
  explicit KeyedBlake2b512(std::span<const uint8_t> key);
  // BLAKE2b-512(key, data) into `out`.
  void Compute(std::span<const uint8_t> data, std::span<uint8_t, 64> out) const;

 private:
  SecretBytes state_;
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_KEYED_BLAKE2B_H_
