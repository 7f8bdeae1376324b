// SQLITE_HAS_CODEC makes sqlite3.h declare sqlite3_key(), which hands the key
// to SQLCipher without passing it through the SQL parser's allocations.
#define SQLITE_HAS_CODEC 1
#include "storage/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <utility>

#include "crypto/encoding.h"

namespace tvault::storage {
namespace {

constexpr int kPageSize = 4096;

struct ExpectedPragma {
  const char* pragma;
  const char* value;
};
constexpr ExpectedPragma kProfile1[] = {
    {"PRAGMA cipher_version;", "3.4.1"},
    {"PRAGMA cipher;", "AES-256-CBC"},
    {"PRAGMA cipher_page_size;", "4096"},
    {"PRAGMA cipher_use_hmac;", "1"},
    {"PRAGMA secure_delete;", "1"},
    {"PRAGMA auto_vacuum;", "1"},
    {"PRAGMA journal_mode;", "delete"},
    {"PRAGMA foreign_keys;", "1"},
};

Result<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db, sql);
  std::string out;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    Error e = SqliteError(rc, db, sql);
    sqlite3_finalize(st);
    return e;
  }
  sqlite3_finalize(st);
  return out;
}

Status ExecRaw(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) return SqliteError(rc, db, sql);
  return OkStatus();
}

// A missing or empty vault.db, named as such (SQLite would create the one
// and take the other for a new database with other settings).
Status CheckExistingFile(const std::filesystem::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return MakeError(ErrorCode::kNotFound,
                       path.filename().string() + " is missing from " +
                           path.parent_path().string() + "; restore it from a backup");
    }
    return MakeError(ErrorCode::kIo, "cannot access " + path.string() + ": " +
                                         std::strerror(errno));
  }
  if (st.st_size == 0) {
    return MakeError(ErrorCode::kIntegrity,
                     path.string() + " is empty (0 bytes): it was truncated; restore it from a "
                                     "backup");
  }
  return OkStatus();
}

}  // namespace

Error SqliteError(int rc, sqlite3* db, std::string_view during) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return MakeError(ErrorCode::kIntegrity,
                     "vault database is corrupted or has been tampered with",
                     ErrorDetail::kDamaged);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return MakeError(ErrorCode::kBusy, "vault is busy: the database is locked by another process");
  }
  if (primary == SQLITE_FULL) return MakeError(ErrorCode::kIo, "disk full while writing the vault");
  if (primary == SQLITE_READONLY) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the vault database is read-only (read-only media, or opened read-only); "
                     "nothing was changed");
  }
  if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM) {
    return MakeError(ErrorCode::kIo, std::string("cannot access the vault database: ") +
                                         sqlite3_errstr(rc));
  }
  if (primary == SQLITE_NOMEM) return MakeError(ErrorCode::kInternal, "out of memory");
  if (primary == SQLITE_TOOBIG) {
    return MakeError(ErrorCode::kInvalidArgument, "record too large for the database");
  }
  std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return MakeError(ErrorCode::kInternal,
                   "database error (" + msg + ") during " + std::string(during.substr(0, 60)));
}

// ---------------------------------------------------------------- cache

struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
  bool orphaned = false;  // the Database went away while it was in use
};

struct StatementCache {
  static constexpr std::size_t kMaxEntries = 128;
  // Looked up by string_view: a hit allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::shared_ptr<CachedStatement>, Hash, std::equal_to<>> entries;
};

// ---------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)),
      lease_(std::move(other.lease_)), bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (lease_ && !lease_->orphaned) {
    // Back to the cache: no cursor left open, no pointer to the caller's
    // (SQLITE_STATIC) blobs kept, no copy of bound text kept.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    lease_->in_use = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindBlob(int index, std::span<const uint8_t> blob) {
  // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
  static const uint8_t kEmpty = 0;
  int rc = sqlite3_bind_blob64(stmt_, index, blob.empty() ? &kEmpty : blob.data(),
                               blob.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) return SqliteError(bind_error_, db_, sqlite3_sql(stmt_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, db_, sqlite3_sql(stmt_));
}

Status Statement::Run() {
  TVAULT_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return MakeError(ErrorCode::kInternal, "statement returned an unexpected row");
  return OkStatus();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

int64_t Statement::ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }

std::string Statement::ColumnText(int i) const {
  const unsigned char* t = sqlite3_column_text(stmt_, i);
  int n = sqlite3_column_bytes(stmt_, i);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t), n);
}

std::span<const uint8_t> Statement::ColumnBlob(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  int n = sqlite3_column_bytes(stmt_, i);
  if (p == nullptr || n <= 0) return {};
  return {static_cast<const uint8_t*>(p), static_cast<std::size_t>(n)};
}

bool Statement::ColumnIsNull(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}

// ----------------------------------------------------------------- Database

Result<Database> Database::Open(const std::filesystem::path& path, const SecretBytes& key,
                                Mode mode) {
  if (key.size() != 32) return MakeError(ErrorCode::kInternal, "database key has the wrong size");
  if (mode == Mode::kCreate) {
    // Create the file ourselves, owner-only, whatever the process umask:
    // SQLite gives its journal the database file's permissions.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      return MakeError(ErrorCode::kIo, "cannot create " + path.string() + ": " + std::strerror(errno));
    }
    ::fchmod(fd, 0600);
    ::close(fd);
  }
  if (mode != Mode::kCreate) TVAULT_TRY(CheckExistingFile(path));
  const int flags =
      (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // closes on every path below
  if (rc != SQLITE_OK) return SqliteError(rc, raw, "open");

  // "x'<64 hex>'" in guarded memory: the raw-key form skips SQLCipher's PBKDF2.
  SecretBytes key_text(3 + 64);
  {
    auto kt = key_text.reveal();
    kt[0] = 'x';
    kt[1] = '\'';
    static const char* kHex = "0123456789abcdef";
    auto k = key.reveal();
    for (std::size_t i = 0; i < 32; ++i) {
      kt[2 + 2 * i] = static_cast<uint8_t>(kHex[k[i] >> 4]);
      kt[3 + 2 * i] = static_cast<uint8_t>(kHex[k[i] & 0xf]);
    }
    kt[66] = '\'';
  }
  rc = sqlite3_key(raw, key_text.reveal().data(), static_cast<int>(key_text.size()));
  if (rc != SQLITE_OK) return SqliteError(rc, raw, "key");

  TVAULT_TRY(ExecRaw(raw, "PRAGMA cipher_page_size = 4096;"));
  // The first read is where SQLCipher notices a wrong key or a damaged page 1.
  TVAULT_TRY(ExecRaw(raw, "SELECT count(*) FROM sqlite_master;"));
  if (mode == Mode::kCreate) TVAULT_TRY(ExecRaw(raw, "PRAGMA auto_vacuum = FULL;"));
  TVAULT_TRY(ExecRaw(raw,
                     "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;"
                     "PRAGMA foreign_keys = ON;"));
  TVAULT_ASSIGN_OR_RETURN(std::string jm,
                          QueryText(raw, mode == Mode::kReadOnly ? "PRAGMA journal_mode;"
                                                                 : "PRAGMA journal_mode = DELETE;"));
  sqlite3_busy_timeout(raw, 5000);
  static_assert(kPageSize == 4096);
  for (const ExpectedPragma& p : kProfile1) {
    TVAULT_ASSIGN_OR_RETURN(std::string got, QueryText(raw, p.pragma));
    if (got != p.value) {
      return MakeError(ErrorCode::kUnsupported,
                       std::string("SQLCipher setting ") + p.pragma + " reads back as '" + got +
                           "', expected '" + p.value + "'; this SQLCipher build is not supported");
    }
  }
  return db;
}

Database::Database() = default;
Database::Database(sqlite3* db) : db_(db) {}
Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}
Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    DropCache();
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
  }
  return *this;
}
Database::~Database() {
  DropCache();
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

// Statements still in use finalize themselves (sqlite3_close_v2 keeps the
// connection alive until they do).
void Database::DropCache() {
  if (!cache_) return;
  for (auto& [sql, entry] : cache_->entries) {
    if (entry->in_use) {
      entry->orphaned = true;
    } else {
      sqlite3_finalize(entry->stmt);
    }
    entry->stmt = nullptr;
  }
  cache_.reset();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  if (!cache_) cache_ = std::make_unique<StatementCache>();
  auto it = cache_->entries.find(sql);
  if (it != cache_->entries.end() && !it->second->in_use) {
    it->second->in_use = true;
    return Statement(db_, it->second->stmt, it->second);
  }
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db_, sql);
  if (it == cache_->entries.end() && cache_->entries.size() < StatementCache::kMaxEntries) {
    auto entry = std::make_shared<CachedStatement>();
    entry->stmt = st;
    entry->in_use = true;
    cache_->entries.emplace(std::string(sql), entry);
    return Statement(db_, st, std::move(entry));
  }
  return Statement(db_, st);
}

Status Database::Exec(std::string_view sql) {
  std::string s(sql);
  return ExecRaw(db_, s.c_str());
}

Result<std::optional<int64_t>> Database::QueryInt(std::string_view sql) {
  TVAULT_ASSIGN_OR_RETURN(Statement st, Prepare(sql));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row || st.ColumnIsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(st.ColumnInt(0));
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Status Database::CheckIntegrity() {
  TVAULT_ASSIGN_OR_RETURN(std::string r, QueryText(db_, "PRAGMA integrity_check;"));
  if (r != "ok") {
    return MakeError(ErrorCode::kIntegrity,
                     "vault database failed its integrity check; restore vault.db from a backup");
  }
  return OkStatus();
}

// ---------------------------------------------------------------- blobs

void detail::BlobCloser::operator()(::sqlite3_blob* blob) const { sqlite3_blob_close(blob); }

namespace {

Result<BlobHandle> OpenBlob(sqlite3* db, const char* table, const char* column, int64_t rowid,
                            bool writable) {
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db, "main", table, column, rowid, writable ? 1 : 0, &blob);
  BlobHandle handle(blob);
  if (rc != SQLITE_OK) return SqliteError(rc, db, "blob open");
  return handle;
}

// sqlite3_blob_read/write take int sizes and offsets.
bool FitsBlobApi(int64_t offset, std::size_t size) {
  constexpr int64_t kMax = std::numeric_limits<int>::max();
  return offset >= 0 && offset <= kMax && size <= static_cast<uint64_t>(kMax - offset);
}

}  // namespace

Result<BlobReader> BlobReader::Open(Database& db, const char* table, const char* column,
                                    int64_t rowid) {
  TVAULT_ASSIGN_OR_RETURN(BlobHandle blob, OpenBlob(db.db_, table, column, rowid, false));
  return BlobReader(std::move(blob));
}

int64_t BlobReader::size() const { return sqlite3_blob_bytes(blob_.get()); }

Status BlobReader::Reopen(int64_t rowid) {
  int rc = sqlite3_blob_reopen(blob_.get(), rowid);
  if (rc != SQLITE_OK) return SqliteError(rc, nullptr, "blob reopen");
  return OkStatus();
}

Status BlobReader::Read(int64_t offset, std::span<uint8_t> out) {
  if (!FitsBlobApi(offset, out.size())) return SqliteError(SQLITE_TOOBIG, nullptr, "blob read");
  int rc = sqlite3_blob_read(blob_.get(), out.data(), static_cast<int>(out.size()),
                             static_cast<int>(offset));
  if (rc != SQLITE_OK) return SqliteError(rc, nullptr, "blob read");
  return OkStatus();
}

Result<BlobWriter> BlobWriter::Open(Database& db, const char* table, const char* column,
                                    int64_t rowid) {
  TVAULT_ASSIGN_OR_RETURN(BlobHandle blob, OpenBlob(db.db_, table, column, rowid, true));
  return BlobWriter(std::move(blob));
}

int64_t BlobWriter::size() const { return sqlite3_blob_bytes(blob_.get()); }

Status BlobWriter::Write(int64_t offset, std::span<const uint8_t> bytes) {
  if (!FitsBlobApi(offset, bytes.size())) {
    return SqliteError(SQLITE_TOOBIG, nullptr, "blob write");
  }
  int rc = sqlite3_blob_write(blob_.get(), bytes.data(), static_cast<int>(bytes.size()),
                              static_cast<int>(offset));
  if (rc != SQLITE_OK) return SqliteError(rc, nullptr, "blob write");
  return OkStatus();
}

// ------------------------------------------------------------ SmallPageCache

Result<SmallPageCache> SmallPageCache::Enter(Database& db) {
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> old, db.QueryInt("PRAGMA cache_size"));
  if (!old) return MakeError(ErrorCode::kInternal, "PRAGMA cache_size returned nothing");
  TVAULT_TRY(db.Exec("PRAGMA cache_size = -2048"));
  return SmallPageCache(db, *old);
}

SmallPageCache::SmallPageCache(SmallPageCache&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), old_(other.old_) {}

SmallPageCache::~SmallPageCache() {
  if (db_ != nullptr) (void)db_->Exec("PRAGMA cache_size = " + std::to_string(old_));
}

// -------------------------------------------------------------- Transaction

Result<Transaction> Transaction::Begin(Database& db) {
  TVAULT_TRY(db.Exec("BEGIN IMMEDIATE;"));
  return Transaction(&db);
}

Result<RawFileSource> RawFileSource::Open(Database& db) {
  sqlite3_file* file = nullptr;
  int rc = sqlite3_file_control(db.db_, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc != SQLITE_OK || file == nullptr || file->pMethods == nullptr) {
    return MakeError(ErrorCode::kIo, "cannot reach the database file");
  }
  sqlite3_int64 size = 0;
  rc = file->pMethods->xFileSize(file, &size);
  if (rc != SQLITE_OK || size < 0) return SqliteError(rc, db.db_, "measuring the database file");
  return RawFileSource(file, static_cast<uint64_t>(size));
}

Result<std::size_t> RawFileSource::Read(std::span<uint8_t> out) {
  const uint64_t left = size_ - offset_;
  const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(left, out.size()));
  if (n == 0) return std::size_t{0};
  auto* file = static_cast<sqlite3_file*>(file_);
  const int rc = file->pMethods->xRead(file, out.data(), static_cast<int>(n),
                                       static_cast<sqlite3_int64>(offset_));
  if (rc != SQLITE_OK) {
    return MakeError(ErrorCode::kIo, "cannot read the database file (SQLite error " +
                                         std::to_string(rc) + ")");
  }
  offset_ += n;
  return n;
}

Result<Transaction> Transaction::BeginRead(Database& db) {
  TVAULT_TRY(db.Exec("BEGIN DEFERRED;"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK;");
}

Status Transaction::Commit() {
  Database* db = std::exchange(db_, nullptr);
  Status s = db->Exec("COMMIT;");
  if (!s.ok()) (void)db->Exec("ROLLBACK;");
  return s;
}

}  // namespace tvault::storage
