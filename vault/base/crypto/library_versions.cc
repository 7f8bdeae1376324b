#include "crypto/library_versions.h"

#include <openssl/crypto.h>
#include <sodium.h>

namespace tvault::crypto {

std::string SodiumVersion() { return sodium_version_string(); }

std::string OpenSslVersion() { return OpenSSL_version(OPENSSL_VERSION); }

}  // namespace tvault::crypto
