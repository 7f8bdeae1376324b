// SLIP-39's encryption of the master secret: a four-round Feistel network
// (Luby-Rackoff) whose round function is PBKDF2-HMAC-SHA256:
//
//   F(i, R) = PBKDF2(password = i || passphrase, salt = salt_prefix || R,
//                    iterations = 2500 << e, length = n/2)
//   salt_prefix = ""                        if the extendable flag is set
//               = "shamir" || id (2 bytes, big-endian)  otherwise
//
// so 10000 * 2^e iterations in all. Encrypt runs rounds 0..3, Decrypt 3..0;
// the halves swap after each round and the output is R || L. There is no
// check of the passphrase: every passphrase decrypts to some master secret
// (the spec's plausible deniability).
//
// Every half and intermediate lives in SecretBytes. Errors: kInternal if
// PBKDF2 fails in libcrypto. Callers check the lengths (even, >= 16 bytes)
// and e <= 15. Thread-safety: reentrant.
#ifndef TVAULT_SLIP39_FEISTEL_H_
#define TVAULT_SLIP39_FEISTEL_H_

#include <cstdint>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::slip39 {

struct CipherParams {
  uint16_t identifier = 0;  // 15 bits
  bool extendable = false;
  uint8_t iteration_exponent = 0;  // 0..15
};

Result<SecretBytes> EncryptMasterSecret(const SecretBytes& master_secret,
                                        const SecretBytes& passphrase, const CipherParams& params);
Result<SecretBytes> DecryptMasterSecret(const SecretBytes& encrypted,
                                        const SecretBytes& passphrase, const CipherParams& params);

}  // namespace tvault::slip39

#endif  // TVAULT_SLIP39_FEISTEL_H_
