// libsodium's crypto_secretstream_xchacha20poly1305: a sequence of
// authenticated chunks under one key, where each chunk's position is bound
// by an internal counter (so reordering, dropping or duplicating a chunk makes
// the next pull fail) and each chunk carries a one-byte tag.
//
// The library does NOT notice a stream that simply stops: a missing final
// chunk is the caller's job (require kFinal on the last chunk and nothing
// after it). Framing (where a chunk ends) is the caller's job too. See
// docs/evidence-format.md for the format built on this.
//
// The state holds a key derived from the stream key, so it lives in guarded
// memory. Objects are move-only and not thread-safe.
#ifndef TVAULT_CRYPTO_SECRETSTREAM_H_
#define TVAULT_CRYPTO_SECRETSTREAM_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kSecretStreamKeyBytes = 32;
inline constexpr std::size_t kSecretStreamHeaderBytes = 24;
// One tag byte (encrypted) and a 16-byte Poly1305 MAC per chunk.
inline constexpr std::size_t kSecretStreamOverheadBytes = 17;

using SecretStreamHeader = std::array<uint8_t, kSecretStreamHeaderBytes>;

// libsodium's tag values (crypto_secretstream_xchacha20poly1305_TAG_*).
enum class SecretStreamTag : uint8_t { kMessage = 0, kPush = 1, kRekey = 2, kFinal = 3 };

class SecretStreamPush {
 public:
  // Starts a stream under `key` (exactly 32 bytes, else kInvalidArgument)
  // and writes its random header to `header`, which the reader needs.
  static Result<SecretStreamPush> Begin(const SecretBytes& key, SecretStreamHeader& header);

  // Seals one chunk. `sealed` must be exactly plaintext.size() + 17 bytes
  // (kInvalidArgument otherwise, nothing written). `associated_data` is
  // authenticated, not stored.
  Status Push(std::span<uint8_t> sealed, std::span<const uint8_t> plaintext,
              std::span<const uint8_t> associated_data, SecretStreamTag tag);

 private:
  explicit SecretStreamPush(SecretBytes state) : state_(std::move(state)) {}
  SecretBytes state_;
};

class SecretStreamPull {
 public:
  // kInvalidArgument if `key` is not 32 bytes or `header` not 24 bytes.
  static Result<SecretStreamPull> Begin(const SecretBytes& key,
                                        std::span<const uint8_t> header);

  // Verifies and opens the next chunk into `plaintext`, which must be exactly
  // sealed.size() - 17 bytes, and returns its tag. On any failure (bad MAC,
  // wrong position, wrong associated data, wrong sizes) returns kIntegrity
  // and leaves `plaintext` zeroed: nothing unverified is ever released.
  // Failures are sticky: after one, every later Pull fails too, since the
  // stream's position is lost.
  Result<SecretStreamTag> Pull(std::span<uint8_t> plaintext, std::span<const uint8_t> sealed,
                               std::span<const uint8_t> associated_data);

 private:
  explicit SecretStreamPull(SecretBytes state) : state_(std::move(state)) {}
  SecretBytes state_;
  bool failed_ = false;
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_SECRETSTREAM_H_
