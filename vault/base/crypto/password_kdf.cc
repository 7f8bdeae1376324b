#include "crypto/password_kdf.h"

#include <sodium.h>

namespace tvault::crypto {

static_assert(kArgon2SaltBytes == crypto_pwhash_argon2id_SALTBYTES);

Result<SecretBytes> Argon2id(const SecretBytes& passphrase,
                             std::span<const uint8_t> salt,
                             const Argon2idParams& params, std::size_t out_bytes) {
  const uint64_t memory_bytes = uint64_t{params.memory_kib} * 1024;
  if (salt.size() != kArgon2SaltBytes || params.passes < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      memory_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      memory_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX ||
      out_bytes < crypto_pwhash_argon2id_BYTES_MIN) {
    return MakeError(ErrorCode::kInvalidArgument, "Argon2id parameters out of range");
  }
  SecretBytes out(out_bytes);
  // The passphrase pointer may be any bytes; libsodium takes it as char*.
  if (crypto_pwhash(out.reveal().data(), out.size(),
                    reinterpret_cast<const char*>(passphrase.reveal().data()),
                    passphrase.size(), salt.data(), params.passes,
                    static_cast<size_t>(memory_bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kInternal,
                     "not enough memory for the key derivation (Argon2id needs " +
                         std::to_string(params.memory_kib / 1024) + " MiB)");
  }
  return out;
}

}  // namespace tvault::crypto
