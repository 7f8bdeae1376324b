// Bytes flipped anywhere in vault.header or vault.db: the real binary exits
// 3 or 4 with one error line, never crashes, and never prints plaintext that
// differs from what was stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/cli_runner.h"
#include "support/sweep.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

constexpr std::size_t kPage = 4096;
// SQLCipher 3.4.1 reserves 48 bytes per page: IV (16) and HMAC-SHA1 (20),
// rounded up to 48. The last 12 are padding that is neither authenticated
// nor ever read (see docs/threat-model.md).
constexpr std::size_t kUnauthenticatedTail = 12;

void FlipByte(const fs::path& p, std::size_t offset) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x01);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

struct Snapshot {
  std::vector<uint8_t> header, db;
};

class CliTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    wid_ = Trim(v_.Run({"witness", "add", "--name", "Witness Name", "--phone", "+1 555"}).out);
    auto f1 = v_.WriteFile("one.txt", std::string(3000, 'a') + "statement one");
    auto f2 = v_.WriteFile("two.txt", "statement two");
    RunResult add = v_.Run({"testimony", "add", "--witness", wid_, "--file", f1.string(),
                            "--file", f2.string(), "--title", "Title"});
    ASSERT_EQ(add.exit_code, 0) << add.err;
    std::string out = add.out;
    t1_ = out.substr(0, 8);
    auto f3 = v_.WriteFile("three.txt", "statement one, amended");
    ASSERT_EQ(v_.Run({"testimony", "amend", t1_, "--file", f3.string(), "--reason", "r"}).exit_code,
              0);
    snap_ = {ReadBytes(v_.dir() / "vault.header"), ReadBytes(v_.dir() / "vault.db")};
    baseline_show_ = v_.Run({"testimony", "show", t1_, "--version", "1"});
    baseline_witness_ = v_.Run({"witness", "show", wid_});
    ASSERT_EQ(baseline_show_.exit_code, 0);
    ASSERT_EQ(v_.Run({"check"}).exit_code, 0);
  }
  void Restore() {
    WriteBytes(v_.dir() / "vault.header", snap_.header);
    WriteBytes(v_.dir() / "vault.db", snap_.db);
  }
  // A command after tampering either fails with 3/4 and one error line and no
  // stdout, or succeeds with exactly the stored plaintext.
  void ExpectDetectedOrIdentical(const std::vector<std::string>& args, const RunResult& baseline,
                                 const std::string& where) {
    RunResult r = v_.Run(args);
    ASSERT_EQ(r.signal, 0) << where << ": crashed";
    if (r.exit_code == 0) {
      EXPECT_EQ(r.out, baseline.out) << where << ": different plaintext";
    } else {
      EXPECT_TRUE(r.exit_code == 3 || r.exit_code == 4) << where << ": exit " << r.exit_code
                                                         << " " << r.err;
      EXPECT_TRUE(r.out.empty()) << where << ": partial output";
    }
  }

  CliVault v_;
  std::string wid_, t1_;
  Snapshot snap_;
  RunResult baseline_show_, baseline_witness_;
};

TEST_F(CliTamper, EveryHeaderByte) {
  for (std::size_t i = 0; i < snap_.header.size(); ++i) {
    if (!InSweep(i, snap_.header.size())) continue;
    Restore();
    FlipByte(v_.dir() / "vault.header", i);
    RunResult r = v_.Run({"testimony", "list"});
    ASSERT_EQ(r.signal, 0) << "header byte " << i;
    EXPECT_TRUE(r.exit_code == 3 || r.exit_code == 4) << "header byte " << i << " exit "
                                                      << r.exit_code;
    EXPECT_TRUE(r.out.empty());
  }
}

// The page sweep is the longest test of the suite; it runs as kPageShards
// tests, each over a contiguous quarter of the pages, so that ctest -j spreads
// it over the cores. Together they cover every page.
constexpr std::size_t kPageShards = 4;
class CliTamperPages : public CliTamper, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(CliTamperPages, DatabaseBytesAcrossEveryPage) {
  ASSERT_EQ(snap_.db.size() % kPage, 0u);
  const std::size_t pages = snap_.db.size() / kPage;
  ASSERT_GE(pages, kPageShards);
  const std::size_t first = GetParam() * pages / kPageShards;
  const std::size_t end = (GetParam() + 1) * pages / kPageShards;
#if defined(__SANITIZE_ADDRESS__)
  // Under the sanitizers (support/sweep.h), the offsets that matter on the
  // sampled pages: page start, reserved bytes, middle, the IV, the MAC, the
  // padding. The release run flips all sixteen on every page.
  const std::size_t offsets[] = {0, 16, 2047, 4048, 4064, 4090};
#else
  const std::size_t offsets[] = {0,    15,   16,   17,   100,  1000, 2047, 3000,
                                 4047, 4048, 4063, 4064, 4083, 4084, 4090, 4095};
#endif
  int detected = 0, padding = 0;
  for (std::size_t p = first; p < end; ++p) {
    if (!InSweep(p, pages)) continue;
    for (std::size_t o : offsets) {
      const std::size_t at = p * kPage + o;
      const std::string where = "db page " + std::to_string(p + 1) + " offset " + std::to_string(o);
      Restore();
      FlipByte(v_.dir() / "vault.db", at);
      RunResult check = v_.Run({"check"});
      ASSERT_EQ(check.signal, 0) << where;
      if (o >= kPage - kUnauthenticatedTail) {
        // Unauthenticated padding: harmless, and everything still reads back.
        EXPECT_EQ(check.exit_code, 0) << where;
        ExpectDetectedOrIdentical({"testimony", "show", t1_, "--version", "1"}, baseline_show_,
                                  where);
        ++padding;
        continue;
      }
      EXPECT_EQ(check.exit_code, 4) << where << ": " << check.err;
      detected += check.exit_code == 4;
      if (o % 2 == 0) {
        ExpectDetectedOrIdentical({"testimony", "show", t1_, "--version", "1"}, baseline_show_,
                                  where);
        ExpectDetectedOrIdentical({"witness", "show", wid_}, baseline_witness_, where);
      }
    }
  }
  std::cout << "[ flips ] " << detected << " detected by `tvault check`, " << padding
            << " in unauthenticated page padding, over pages " << first + 1 << " to " << end
            << " of " << pages << "\n";
}

INSTANTIATE_TEST_SUITE_P(Quarters, CliTamperPages, ::testing::Range<std::size_t>(0, kPageShards));

TEST_F(CliTamper, TruncatedOrZeroedDatabase) {
  Restore();
  std::vector<uint8_t> half(snap_.db.begin(), snap_.db.begin() + snap_.db.size() / 2);
  WriteBytes(v_.dir() / "vault.db", half);
  EXPECT_EQ(v_.Run({"check"}).exit_code, 4);
  ExpectDetectedOrIdentical({"testimony", "show", t1_, "--version", "1"}, baseline_show_,
                            "truncated");
  for (std::size_t p = 0; p < snap_.db.size() / kPage; ++p) {
    if (!InSweep(p, snap_.db.size() / kPage)) continue;
    std::vector<uint8_t> zeroed = snap_.db;
    std::fill(zeroed.begin() + p * kPage, zeroed.begin() + (p + 1) * kPage, 0);
    WriteBytes(v_.dir() / "vault.db", zeroed);
    const std::string where = "zeroed page " + std::to_string(p + 1);
    EXPECT_EQ(v_.Run({"check"}).exit_code, 4) << where;
    ExpectDetectedOrIdentical({"testimony", "show", t1_, "--version", "1"}, baseline_show_, where);
  }
  WriteBytes(v_.dir() / "vault.header", snap_.header);
  // A removed vault.db is a missing file that a backup restores, not
  // tampering: exit 1 naming it (tvault #15, item 8); CliOpenErrors covers
  // the message.
  fs::remove(v_.dir() / "vault.db");
  RunResult missing = v_.Run({"testimony", "list"});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
}

}  // namespace
}  // namespace tvault::testing
