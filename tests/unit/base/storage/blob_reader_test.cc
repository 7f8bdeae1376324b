// BlobReader: incremental reads, and Reopen, which export uses to move one
// handle from statement to statement. BlobWriter: filling a zeroblob row in
// place, which intake uses for large statements.
#include <gtest/gtest.h>

#include "storage/database.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

storage::Database NewDb(const ScratchDir& dir) {
  return NewScratchDatabase(
      dir,
      "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB);"
      "INSERT INTO t VALUES (1, x'0102'), (2, x'030405'), (7, zeroblob(100000));");
}

std::vector<uint8_t> ReadAll(storage::BlobReader& b) {
  std::vector<uint8_t> out(static_cast<std::size_t>(b.size()));
  MustOk(b.Read(0, out));
  return out;
}

TEST(BlobReader, ReopenMovesTheHandleToAnotherRow) {
  ScratchDir dir;
  auto db = NewDb(dir);
  auto blob = Must(storage::BlobReader::Open(db, "t", "v", 1));
  EXPECT_EQ(ReadAll(blob), (std::vector<uint8_t>{1, 2}));
  MustOk(blob.Reopen(2));
  EXPECT_EQ(ReadAll(blob), (std::vector<uint8_t>{3, 4, 5}));
  MustOk(blob.Reopen(7));
  EXPECT_EQ(blob.size(), 100000);
  std::vector<uint8_t> tail(10);
  MustOk(blob.Read(99990, tail));
  EXPECT_EQ(tail, std::vector<uint8_t>(10, 0));
  // Reading past the end is an error, not a short read.
  std::vector<uint8_t> past(11);
  EXPECT_FALSE(blob.Read(99990, past).ok());
}

TEST(BlobReader, AFailedReopenIsAnErrorAndAFreshOpenStillWorks) {
  ScratchDir dir;
  auto db = NewDb(dir);
  std::optional<storage::BlobReader> blob = Must(storage::BlobReader::Open(db, "t", "v", 1));
  EXPECT_FALSE(blob->Reopen(3).ok());  // no such row
  blob.reset();
  blob = Must(storage::BlobReader::Open(db, "t", "v", 2));
  EXPECT_EQ(ReadAll(*blob), (std::vector<uint8_t>{3, 4, 5}));
}

// An open handle holds a read lock on the file: another connection cannot
// commit a write until it is closed. (This is why export keeps its reused
// handle only while it writes statements.)
TEST(BlobReader, AnOpenHandleBlocksOtherWritersUntilClosed) {
  ScratchDir dir;
  SecretBytes key = SecretBytes::Random(32);
  auto db = Must(storage::Database::Open(dir.path() / "t.db", key,
                                         storage::Database::Mode::kCreate));
  MustOk(db.Exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)"));
  MustOk(db.Exec("INSERT INTO t VALUES (1, x'01'), (2, x'02')"));
  auto other = Must(storage::Database::Open(dir.path() / "t.db", key,
                                            storage::Database::Mode::kOpenExisting));
  MustOk(other.Exec("PRAGMA busy_timeout = 0;"));  // fail at once instead of waiting 5 s
  std::optional<storage::BlobReader> blob = Must(storage::BlobReader::Open(db, "t", "v", 1));
  MustOk(blob->Reopen(2));
  EXPECT_FALSE(other.Exec("BEGIN IMMEDIATE; DELETE FROM t WHERE k = 1; COMMIT;").ok());
  (void)other.Exec("ROLLBACK;");
  // Move-assigning closes the handle it replaces.
  blob = Must(storage::BlobReader::Open(db, "t", "v", 1));
  blob.reset();
  MustOk(other.Exec("BEGIN IMMEDIATE; DELETE FROM t WHERE k = 1; COMMIT;"));
}

TEST(BlobWriter, FillsAZeroblobRowInPlaceAndNotPastItsEnd) {
  ScratchDir dir;
  auto db = NewDb(dir);
  {
    auto blob = Must(storage::BlobWriter::Open(db, "t", "v", 7));
    EXPECT_EQ(blob.size(), 100000);
    MustOk(blob.Write(0, std::vector<uint8_t>{9, 8, 7}));
    MustOk(blob.Write(99998, std::vector<uint8_t>{6, 5}));
    // The size is the zeroblob's: a write past the end fails and changes nothing.
    EXPECT_FALSE(blob.Write(99999, std::vector<uint8_t>{1, 2}).ok());
    EXPECT_FALSE(blob.Write(-1, std::vector<uint8_t>{1}).ok());
  }
  auto read = Must(storage::BlobReader::Open(db, "t", "v", 7));
  std::vector<uint8_t> all = ReadAll(read);
  ASSERT_EQ(all.size(), 100000u);
  EXPECT_EQ((std::vector<uint8_t>(all.begin(), all.begin() + 4)), (std::vector<uint8_t>{9, 8, 7, 0}));
  EXPECT_EQ((std::vector<uint8_t>(all.end() - 3, all.end())), (std::vector<uint8_t>{0, 6, 5}));
}

TEST(BlobWriter, NoSuchRowIsAnError) {
  ScratchDir dir;
  auto db = NewDb(dir);
  EXPECT_FALSE(storage::BlobWriter::Open(db, "t", "v", 3).ok());
}

}  // namespace
}  // namespace tvault::testing
