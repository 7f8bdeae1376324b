// Run-time versions of the cryptographic libraries (see vault/version.h).
#ifndef TVAULT_CRYPTO_LIBRARY_VERSIONS_H_
#define TVAULT_CRYPTO_LIBRARY_VERSIONS_H_

#include <string>

namespace tvault::crypto {

// sodium_version_string(). Thread-safe.
std::string SodiumVersion();
// OpenSSL_version(OPENSSL_VERSION), "OpenSSL 3.0.17 1 Jul 2025". Thread-safe.
std::string OpenSslVersion();

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_LIBRARY_VERSIONS_H_
