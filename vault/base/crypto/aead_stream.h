// Incremental decryption of an XChaCha20-Poly1305 (IETF) sealed message, for
// messages too large to hold twice in memory (exporting a 64 MiB statement
// inside a bounded-memory bundle).
//
// The construction is exactly libsodium's crypto_aead_xchacha20poly1305_ietf
// (draft-irtf-cfrg-xchacha): subkey = HChaCha20(key, nonce[0:16]); ChaCha20
// (IETF, 96-bit nonce 0^4 || nonce[16:24]) block 0 gives the Poly1305 key,
// blocks 1.. the keystream; the tag covers ad || pad16 || ct || pad16 ||
// le64(|ad|) || le64(|ct|). Tests check byte-for-byte agreement with the
// one-shot functions.
//
// CONTRACT: plaintext handed out by Update() is NOT authenticated until
// Finish() succeeds. Callers may only send it somewhere they can destroy if
// Finish() fails (here: into a temporary, age-encrypted bundle file that is
// deleted on error). Never show it to a user before Finish().
#ifndef TVAULT_CRYPTO_AEAD_STREAM_H_
#define TVAULT_CRYPTO_AEAD_STREAM_H_

#include <cstdint>
#include <span>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::crypto {

class AeadStreamDecryptor {
 public:
  // `nonce` is 24 bytes; `ad` the associated data. `ciphertext_bytes` is the
  // length of the ciphertext without nonce and tag.
  AeadStreamDecryptor(const SecretBytes& key, std::span<const uint8_t> nonce,
                      std::span<const uint8_t> ad, uint64_t ciphertext_bytes);
  ~AeadStreamDecryptor();
  AeadStreamDecryptor(const AeadStreamDecryptor&) = delete;
  AeadStreamDecryptor& operator=(const AeadStreamDecryptor&) = delete;

  // Decrypts the next ciphertext bytes into `out` (same size). kInternal if
  // more than ciphertext_bytes are fed.
  Status Update(std::span<const uint8_t> ciphertext, std::span<uint8_t> out);
  // Checks the 16-byte tag after exactly ciphertext_bytes were fed.
  // kIntegrity on any mismatch.
  Status Finish(std::span<const uint8_t> tag);

 private:
  SecretBytes subkey_;          // HChaCha20 output
  SecretBytes poly_state_;      // crypto_onetimeauth_poly1305_state
  uint8_t nonce12_[12];
  uint64_t expected_, fed_ = 0;
  uint8_t partial_block_[64];   // keystream left over from the last call
  std::size_t partial_used_ = 64;
  uint64_t next_block_ = 1;     // block 0 keyed Poly1305
  uint64_t ad_bytes_ = 0;
  static constexpr uint8_t kZeroBlock[64] = {0};
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_AEAD_STREAM_H_
