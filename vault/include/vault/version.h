// Versions of tvault and of the libraries it runs with, for `tvault --version`
// and bug reports.
//
// Thread-safe; no errors: a version the library cannot tell is "unknown".
#ifndef TVAULT_VERSION_H_
#define TVAULT_VERSION_H_

#include <string>

namespace tvault {

struct RuntimeVersions {
  std::string tvault;     // the project version, e.g. "0.1.0"
  std::string libsodium;  // sodium_version_string()
  std::string sqlcipher;  // PRAGMA cipher_version, e.g. "3.4.1"
  std::string sqlite;     // sqlite3_libversion() of the SQLite inside SQLCipher
  std::string openssl;    // OpenSSL_version(OPENSSL_VERSION), e.g. "OpenSSL 3.0.17 1 Jul 2025"
};

// The values of the libraries loaded at run time, not of the headers tvault
// was compiled against (they differ when a shared library is upgraded).
RuntimeVersions GetRuntimeVersions();

}  // namespace tvault

#endif  // TVAULT_VERSION_H_
