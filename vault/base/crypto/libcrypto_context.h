// The OpenSSL library context tvault fetches its algorithms from: a private
// one with OpenSSL's default provider, so that the host's openssl.cnf (or
// OPENSSL_CONF) cannot take them away, e.g. a system restricted to
// FIPS-approved algorithms, where ChaCha20-Poly1305 is not approved and
// SHA-256 needs a FIPS provider that may not be installed. SQLCipher keeps
// using the global context for its own page cipher.
#ifndef TVAULT_CRYPTO_LIBCRYPTO_CONTEXT_H_
#define TVAULT_CRYPTO_LIBCRYPTO_CONTEXT_H_

#include <openssl/types.h>

namespace tvault::crypto {

// Created on first use and kept for the process; null if libcrypto cannot
// create it or load its default provider.
OSSL_LIB_CTX* TvaultLibCtx();

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_LIBCRYPTO_CONTEXT_H_
