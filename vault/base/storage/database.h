// A thin, Result-returning wrapper over SQLCipher 3.4.1. With
// storage/library_versions.cc (which only asks for versions), the only place in
// the project that includes SQLCipher's sqlite3.h (db_profile 1 of
// docs/format.md, section 4.1, is applied and checked here).
//
// Not thread-safe: one Database per thread. Statements must not outlive the
// Database that prepared them.
#ifndef TVAULT_STORAGE_DATABASE_H_
#define TVAULT_STORAGE_DATABASE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace tvault::storage {

struct CachedStatement;  // database.cc
struct StatementCache;   // database.cc

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::span<const uint8_t> blob);
  Statement& BindNull(int index);

  // true: a row is available; false: done. Errors are mapped (see Database).
  Result<bool> Step();
  // Step() that must complete without a row (INSERT, UPDATE, DELETE).
  Status Run();
  void Reset();

  int64_t ColumnInt(int i) const;
  std::string ColumnText(int i) const;
  // Valid until the next Step/Reset.
  std::span<const uint8_t> ColumnBlob(int i) const;
  bool ColumnIsNull(int i) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<CachedStatement> lease = nullptr)
      : db_(db), stmt_(stmt), lease_(std::move(lease)) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  // Set when stmt_ belongs to the Database's cache: destruction resets it
  // and clears its bindings instead of finalizing it.
  std::shared_ptr<CachedStatement> lease_;
  // Binding errors are remembered and reported by Step().
  int bind_error_ = 0;
};

class Database {
 public:
  // kReadOnly: SQLITE_OPEN_READONLY; nothing is written (no journal is
  // created), and any write fails kFailedPrecondition.
  enum class Mode { kOpenExisting, kCreate, kReadOnly };
  // Opens (or creates) `path` keyed with the raw 32-byte `key`, applies the
  // profile and checks it reads back. A wrong key or a damaged file is
  // kIntegrity: the caller has already proven the passphrase. A missing
  // file is kNotFound, an empty one kIntegrity, each saying so.
  static Result<Database> Open(const std::filesystem::path& path, const SecretBytes& key,
                               Mode mode);
  friend class BlobReader;
  friend class BlobWriter;
  friend class RawFileSource;
  Database();  // not open; only for assignment
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  ~Database();

  // Prepared statements are cached by their SQL text (never values: values
  // are bound), so a statement run once per record is compiled once. A
  // statement whose cached copy is in use is prepared afresh. The Statement
  // returned is reset and its bindings cleared when it is destroyed.
  Result<Statement> Prepare(std::string_view sql);
  Status Exec(std::string_view sql);  // no parameters, no rows
  Result<std::optional<int64_t>> QueryInt(std::string_view sql);
  // The rowid of the last successful INSERT on this connection.
  int64_t LastInsertRowId() const;

  // Runs `PRAGMA integrity_check` (every page of the file is read and its HMAC
  // checked, since auto_vacuum leaves no free pages).
  Status CheckIntegrity();

 private:
  explicit Database(sqlite3* db);
  void DropCache();
  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementCache> cache_;
};

namespace detail {
struct BlobCloser {
  void operator()(::sqlite3_blob* blob) const;
};
}  // namespace detail
using BlobHandle = std::unique_ptr<::sqlite3_blob, detail::BlobCloser>;

// Incremental read of one blob (sqlite3_blob_*), so that a large statement is
// never held whole in memory. Must not outlive its Database; the row must not
// change while it is open. Move-assigning closes the handle it replaces.
class BlobReader {
 public:
  static Result<BlobReader> Open(Database& db, const char* table, const char* column,
                                 int64_t rowid);
  int64_t size() const;
  Status Read(int64_t offset, std::span<uint8_t> out);
  // Points this handle at another row of the same table and column
  // (sqlite3_blob_reopen: no statement is compiled, which sqlite3_blob_open
  // does every time). On an error the handle is unusable; drop it.
  // An open handle keeps a read cursor, so a caller that reuses one keeps it
  // only for the length of one bulk read (one export's statements).
  Status Reopen(int64_t rowid);

 private:
  explicit BlobReader(BlobHandle blob) : blob_(std::move(blob)) {}
  BlobHandle blob_;
};

// Incremental write into a blob inserted as zeroblob(N): SQLite writes the
// bytes page by page, where binding them to an INSERT would first build the
// whole row in memory (a third copy of a 256 MiB statement). The size is
// fixed by the zeroblob; writing past it is an error. Same lifetime rules as
// BlobReader.
class BlobWriter {
 public:
  static Result<BlobWriter> Open(Database& db, const char* table, const char* column,
                                 int64_t rowid);
  int64_t size() const;
  Status Write(int64_t offset, std::span<const uint8_t> bytes);

 private:
  explicit BlobWriter(BlobHandle blob) : blob_(std::move(blob)) {}
  BlobHandle blob_;
};

// Shrinks the connection's page cache (32 MiB for the vault's usual work) to
// 2 MiB while it lives, and puts the old size back. For work that touches
// each page once in a stream (export, writing a large statement), where a
// large cache only grows the process: dirty pages are spilled early instead.
class SmallPageCache {
 public:
  static Result<SmallPageCache> Enter(Database& db);
  SmallPageCache(SmallPageCache&& other) noexcept;
  SmallPageCache(const SmallPageCache&) = delete;
  ~SmallPageCache();

 private:
  SmallPageCache(Database& db, int64_t old) : db_(&db), old_(old) {}
  Database* db_;
  int64_t old_;
};

// Maps an SQLite result code to an Error (never includes row data).
Error SqliteError(int rc, sqlite3* db, std::string_view during);

// The database file's bytes as they are on disk (SQLCipher's ciphertext),
// read through SQLite's own open file handle: a second descriptor on the
// file would drop SQLite's POSIX locks when it is closed (fcntl locks
// belong to the process, not the descriptor). Only consistent inside a
// transaction (BeginRead: SQLite holds a SHARED lock, so no writer can
// commit, and a hot journal was rolled back when it was taken). The size is
// fixed at Open. Must not outlive its Database. Errors: kIo.
class RawFileSource final : public ByteSource {
 public:
  static Result<RawFileSource> Open(Database& db);
  uint64_t size() const { return size_; }
  Result<std::size_t> Read(std::span<uint8_t> out) override;

 private:
  RawFileSource(void* file, uint64_t size) : file_(file), size_(size) {}
  void* file_;  // sqlite3_file
  uint64_t size_;
  uint64_t offset_ = 0;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit()ed.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  // A read transaction (BEGIN DEFERRED): one consistent view, no write lock.
  static Result<Transaction> BeginRead(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace tvault::storage

#endif  // TVAULT_STORAGE_DATABASE_H_
