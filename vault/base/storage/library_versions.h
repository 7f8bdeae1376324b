// Run-time versions of SQLCipher and of the SQLite it is built on (see
// vault/version.h).
#ifndef TVAULT_STORAGE_LIBRARY_VERSIONS_H_
#define TVAULT_STORAGE_LIBRARY_VERSIONS_H_

#include <string>

namespace tvault::storage {

// PRAGMA cipher_version on a throwaway in-memory database, e.g. "3.4.1";
// "unknown" if SQLite cannot open one or is not SQLCipher. Thread-safe.
std::string SqlcipherVersion();
// sqlite3_libversion(), e.g. "3.15.2". Thread-safe.
std::string SqliteVersion();

}  // namespace tvault::storage

#endif  // TVAULT_STORAGE_LIBRARY_VERSIONS_H_
