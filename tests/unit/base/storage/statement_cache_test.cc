// Database::Prepare caches statements by their SQL text. A reused statement
// must behave exactly like a fresh one: no bindings or cursor carried over,
// two live uses of the same SQL independent, and a statement that outlives
// its Database still safe to destroy.
#include <gtest/gtest.h>

#include "storage/database.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {

storage::Database NewDb(const ScratchDir& dir) {
  return NewScratchDatabase(dir,
                            "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB);"
                            "INSERT INTO t VALUES (1, x'01'), (2, x'02'), (3, x'03');");
}

constexpr const char* kSelect = "SELECT v FROM t WHERE k = ?";

TEST(StatementCache, AReusedStatementKeepsNoBinding) {
  ScratchDir dir;
  auto db = NewDb(dir);
  {
    auto st = Must(db.Prepare(kSelect));
    ASSERT_TRUE(Must(st.Bind(1, int64_t{2}).Step()));
    EXPECT_EQ(st.ColumnBlob(0)[0], 2);
  }
  // Unbound, the parameter is NULL again: no row (a kept binding would
  // find k = 2).
  auto again = Must(db.Prepare(kSelect));
  EXPECT_FALSE(Must(again.Step()));
}

TEST(StatementCache, AStatementLeftMidwayDoesNotLeakItsCursor) {
  ScratchDir dir;
  auto db = NewDb(dir);
  {
    auto st = Must(db.Prepare("SELECT k FROM t ORDER BY k"));
    ASSERT_TRUE(Must(st.Step()));
    EXPECT_EQ(st.ColumnInt(0), 1);
  }  // dropped after the first row
  auto st = Must(db.Prepare("SELECT k FROM t ORDER BY k"));
  ASSERT_TRUE(Must(st.Step()));
  EXPECT_EQ(st.ColumnInt(0), 1);  // starts over, not at row 2
  // And the dropped cursor holds no lock: a write transaction commits.
  MustOk(db.Exec("BEGIN IMMEDIATE; DELETE FROM t WHERE k = 3; COMMIT;"));
}

TEST(StatementCache, TwoLiveUsesOfTheSameSqlAreIndependent) {
  ScratchDir dir;
  auto db = NewDb(dir);
  auto outer = Must(db.Prepare("SELECT k FROM t ORDER BY k"));
  std::vector<int64_t> pairs;
  while (Must(outer.Step())) {
    auto inner = Must(db.Prepare("SELECT k FROM t ORDER BY k"));
    while (Must(inner.Step())) pairs.push_back(outer.ColumnInt(0) * 10 + inner.ColumnInt(0));
  }
  EXPECT_EQ(pairs, (std::vector<int64_t>{11, 12, 13, 21, 22, 23, 31, 32, 33}));
}

TEST(StatementCache, AStatementMayOutliveItsDatabase) {
  ScratchDir dir;
  auto db = std::make_unique<storage::Database>(NewDb(dir));
  auto st = Must(db->Prepare(kSelect));
  ASSERT_TRUE(Must(st.Bind(1, int64_t{1}).Step()));
  db.reset();  // the cached statement is orphaned, finalized by `st` below
}

TEST(StatementCache, ManyDistinctStatementsStillWork) {
  ScratchDir dir;
  auto db = NewDb(dir);
  for (int i = 0; i < 300; ++i) {  // beyond the cache's capacity
    auto st = Must(db.Prepare("SELECT " + std::to_string(i) + " + k FROM t WHERE k = 1"));
    ASSERT_TRUE(Must(st.Step()));
    EXPECT_EQ(st.ColumnInt(0), i + 1);
  }
}

}  // namespace
}  // namespace tvault::testing
