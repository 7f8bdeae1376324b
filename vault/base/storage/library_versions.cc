#include "storage/library_versions.h"

#include <sqlite3.h>

namespace tvault::storage {

std::string SqlcipherVersion() {
  // SQLCipher answers this pragma only through a connection; a plain SQLite
  // returns no row, which is how a wrongly linked build would show up.
  std::string version = "unknown";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      if (const unsigned char* text = sqlite3_column_text(st, 0)) {
        version = reinterpret_cast<const char*>(text);
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return version;
}

std::string SqliteVersion() { return sqlite3_libversion(); }

}  // namespace tvault::storage
