// Placement A (docs/evidence-format.md section 7): one ciphertext file per
// evidence id, written under a temporary name and linked into place, with a
// sweep for temporaries and unreferenced files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "formats/evidence/evidence_forge.h"
#include "evidence/evidence_store.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using namespace ::tvault::testing::evidence;  // NOLINT: test helpers

namespace fs = std::filesystem;

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
  std::sort(v.begin(), v.end());
  return v;
}

mode_t ModeOf(const fs::path& p) {
  struct stat st{};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

TEST(EvidenceStore, AddThenExtractRoundTripsAndFilesArePrivate) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "evidence", /*create=*/true);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(ModeOf(store->dir()), 0700u);

  const SecretBytes key = NewEvidenceKey();
  const std::vector<uint8_t> plaintext = Pattern(2 * 1024 * 1024 + 3, 4);
  SpanSource in(plaintext);
  auto added = store->Add(key, "E-4K2M9P", in);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->plaintext_bytes, plaintext.size());
  EXPECT_EQ(Names(store->dir()), std::vector<std::string>{"E-4K2M9P.tve"});
  EXPECT_EQ(ModeOf(store->dir() / "E-4K2M9P.tve"), 0600u);

  VectorSink out;
  auto read = store->Extract(key, "E-4K2M9P", out);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(out.data(), plaintext);
  EXPECT_EQ(read->sha256, added->sha256);
  // The file is bound to its id: read under another name, it fails.
  fs::copy_file(store->dir() / "E-4K2M9P.tve", store->dir() / "E-4K2M9Q.tve");
  VectorSink other;
  EXPECT_EQ(store->Extract(key, "E-4K2M9Q", other).error().code, ErrorCode::kIntegrity);

  auto ids = store->List();
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<std::string>{"E-4K2M9P", "E-4K2M9Q"}));
}

TEST(EvidenceStore, AddNeverReplacesAnExistingFile) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  const SecretBytes key = NewEvidenceKey();
  const std::vector<uint8_t> first = Pattern(100, 1), second = Pattern(200, 2);
  SpanSource a(first), b(second);
  ASSERT_TRUE(store->Add(key, "E-AAAAAA", a).ok());
  const std::vector<uint8_t> before = ReadBytes(store->dir() / "E-AAAAAA.tve");
  auto again = store->Add(key, "E-AAAAAA", b);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadBytes(store->dir() / "E-AAAAAA.tve"), before);
  EXPECT_EQ(Names(store->dir()), std::vector<std::string>{"E-AAAAAA.tve"});
}

// A source that fails after some bytes (a read error on a USB stick).
class FailingSource final : public ByteSource {
 public:
  explicit FailingSource(std::size_t good) : good_(good) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    if (good_ == 0) return MakeError(ErrorCode::kIo, "cannot read (test)");
    std::size_t n = std::min(out.size(), good_);
    std::fill_n(out.begin(), n, uint8_t{0x5A});
    good_ -= n;
    return n;
  }

 private:
  std::size_t good_;
};

TEST(EvidenceStore, AFailedAddLeavesNothingBehind) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  FailingSource in(3 * 1024 * 1024 + 10);
  auto added = store->Add(NewEvidenceKey(), "E-BBBBBB", in);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::kIo);
  EXPECT_TRUE(Names(store->dir()).empty());
}

TEST(EvidenceStore, SweepKeepsUnknownCompleteFilesAndDecidesPendingOnesByTheirRow) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  const SecretBytes key = NewEvidenceKey();
  for (const char* id : {"E-KEEP01", "E-UNKNWN", "E-SHRED1"}) {
    const std::vector<uint8_t> p = Pattern(50);
    SpanSource in(p);
    ASSERT_TRUE(store->Add(key, id, in).ok());
  }
  for (const char* id : {"E-COMMIT", "E-ROLLED"}) {  // staged, never published
    const std::vector<uint8_t> p = Pattern(50);
    SpanSource in(p);
    ASSERT_TRUE(store->Stage(key, id, in).ok());
  }
  // What an interrupted Stage leaves (AtomicFileSink's temporary name, also
  // of the final name as older versions wrote it), and files the store does
  // not own.
  WriteBytes(store->dir() / ".E-HALF01.tve.pending.tmp-a1B2c3", Pattern(10));
  WriteBytes(store->dir() / ".E-HALF02.tve.tmp-a1B2c3", Pattern(10));
  WriteBytes(store->dir() / "notes.txt", Pattern(10));
  WriteBytes(store->dir() / "E-lower.tve", Pattern(10));
  WriteBytes(store->dir() / ".E-HALF01.tve.tmp-toolong", Pattern(10));

  const std::set<std::string> referenced{"E-KEEP01", "E-COMMIT", "E-GONE00"};
  const std::set<std::string> shredded{"E-SHRED1"};
  const std::vector<std::string> before = Names(store->dir());
  auto dry = store->SweepDirectory(referenced, shredded, /*apply=*/false);
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_EQ(Names(store->dir()), before) << "apply=false changed the directory";

  auto swept = store->SweepDirectory(referenced, shredded, /*apply=*/true);
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(swept->removed,
            (std::vector<std::string>{".E-HALF01.tve.pending.tmp-a1B2c3",
                                      ".E-HALF02.tve.tmp-a1B2c3", "E-ROLLED.tve.pending",
                                      "E-SHRED1.tve"}));
  EXPECT_EQ(swept->published, (std::vector<std::string>{"E-COMMIT.tve.pending"}));
  EXPECT_EQ(swept->unknown, (std::vector<std::string>{"E-UNKNWN.tve"}));
  EXPECT_EQ(dry->removed, swept->removed);
  EXPECT_EQ(dry->published, swept->published);
  EXPECT_EQ(dry->unknown, swept->unknown);
  EXPECT_EQ(Names(store->dir()),
            (std::vector<std::string>{".E-HALF01.tve.tmp-toolong", "E-COMMIT.tve",
                                      "E-KEEP01.tve", "E-UNKNWN.tve", "E-lower.tve",
                                      "notes.txt"}));
  auto again = store->SweepDirectory(referenced, shredded, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->removed.empty() && again->published.empty());
  EXPECT_EQ(again->unknown, (std::vector<std::string>{"E-UNKNWN.tve"}));
}

TEST(EvidenceStore, AStagedFileIsReadableBeforeItIsPublished) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  const std::vector<uint8_t> p = Pattern(50);
  SpanSource in(p);
  ASSERT_TRUE(store->Stage(NewEvidenceKey(), "E-STAGED", in).ok());
  EXPECT_TRUE(store->Holds("E-STAGED"));
  EXPECT_TRUE(store->OpenCiphertext("E-STAGED").ok());
  EXPECT_EQ(Names(store->dir()), (std::vector<std::string>{"E-STAGED.tve.pending"}));
  ASSERT_TRUE(store->Publish("E-STAGED").ok());
  EXPECT_EQ(Names(store->dir()), (std::vector<std::string>{"E-STAGED.tve"}));
  EXPECT_EQ(store->Publish("E-STAGED").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store->Remove("E-STAGED").ok());
  EXPECT_FALSE(store->Holds("E-STAGED"));
}

TEST(EvidenceStore, RemoveDeletesTheFileAndReportsAMissingOne) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  const std::vector<uint8_t> p = Pattern(5000);
  SpanSource in(p);
  const SecretBytes key = NewEvidenceKey();
  ASSERT_TRUE(store->Add(key, "E-CCCCCC", in).ok());
  ASSERT_TRUE(store->Remove("E-CCCCCC").ok());
  EXPECT_TRUE(Names(store->dir()).empty());
  EXPECT_EQ(store->Remove("E-CCCCCC").error().code, ErrorCode::kNotFound);
  VectorSink out;
  EXPECT_EQ(store->Extract(key, "E-CCCCCC", out).error().code, ErrorCode::kNotFound);
}

TEST(EvidenceStore, IdsThatAreNotSafeFileNamesAreRefused) {
  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "ev", true);
  ASSERT_TRUE(store.ok());
  for (const char* id : {"", "E-", "E-../x", "E-a1", "T-ABCDEF", "../E-ABC", "E-ABC/D",
                         "E-ABC.tve", "E-ABC DEF"}) {
    EXPECT_EQ(store->PathOf(id).error().code, ErrorCode::kInvalidArgument) << id;
  }
  EXPECT_TRUE(store->PathOf("E-7Q3KX9").ok());
  EXPECT_EQ(EvidenceStore::Open(scratch.path() / "missing", false).error().code,
            ErrorCode::kNotFound);
  WriteBytes(scratch.path() / "plain-file", Pattern(1));
  EXPECT_EQ(EvidenceStore::Open(scratch.path() / "plain-file", true).error().code,
            ErrorCode::kIo);
}

}  // namespace
}  // namespace tvault::testing
