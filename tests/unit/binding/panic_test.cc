// PanicVault (docs/format.md section 8): the header's bytes are destroyed in
// place first, then every file tvault wrote; what is not ours stays and is
// listed; an interrupted panic is finished; a vault open elsewhere is said.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/test_support.h"
#include "vault/panic.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

// A vault with a witness, a testimony and two evidence files.
void Fill(const TempVault& tv, const ScratchDir& scratch) {
  Vault v = tv.Open();
  WitnessDetails d;
  d.name = Text("Gulnar");
  const std::string w = Must(v.AddWitness(d));
  const std::string t =
      Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("statement")}))[0].id;
  const fs::path file = scratch.path() / "photo.jpg";
  std::ofstream(file, std::ios::binary) << std::string(100000, 'p');
  for (int i = 0; i < 2; ++i) (void)Must(v.AddEvidence(t, file, EvidenceMeta{}));
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Panic, DestroysTheHeaderInPlaceThenEveryFile) {
  TempVault tv;
  ScratchDir scratch;
  Fill(tv, scratch);
  // A second name for the header's inode: what an overwrite in place reaches
  // and a mere unlink would leave intact.
  const fs::path same_inode = scratch.path() / "header-link";
  fs::create_hard_link(tv.dir() / "vault.header", same_inode);
  const std::vector<uint8_t> before = ReadBytes(same_inode);

  PanicReport r = Must(PanicVault(tv.dir()));
  EXPECT_FALSE(fs::exists(tv.dir()));
  EXPECT_GE(r.keyslots_destroyed_ms, 0.0);
  EXPECT_FALSE(r.another_command_running);
  EXPECT_TRUE(r.left.empty());
  for (const char* name : {"vault.header", "vault.db", "vault.lock", "evidence", "."}) {
    EXPECT_TRUE(Has(r.removed, name)) << name;
  }
  EXPECT_EQ(std::count_if(r.removed.begin(), r.removed.end(),
                          [](const std::string& n) { return n.ends_with(".tve"); }),
            2);

  const std::vector<uint8_t> after = ReadBytes(same_inode);
  ASSERT_EQ(after.size(), before.size());
  EXPECT_NE(after, before);
  // Not even the magic survives: the bytes are noise, not a header.
  EXPECT_NE(std::string(after.begin(), after.begin() + 8), "TVAULTHD");
}

TEST(Panic, NothingOpensAfterTheFirstStep) {
  // The header's noise put back where the vault was: no passphrase opens it.
  TempVault tv;
  ScratchDir scratch;
  Fill(tv, scratch);
  const fs::path keep = scratch.path() / "kept";
  fs::create_directory(keep);
  fs::create_hard_link(tv.dir() / "vault.header", keep / "vault.header");
  fs::copy_file(tv.dir() / "vault.db", keep / "vault.db");
  (void)Must(PanicVault(tv.dir()));
  auto opened = Vault::Open(keep, Pass(tv.passphrase()), OpenOptions{});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kIntegrity) << opened.error().message;
}

TEST(Panic, LeavesWhatIsNotOursAndSaysSo) {
  TempVault tv;
  ScratchDir scratch;
  Fill(tv, scratch);
  std::ofstream(tv.dir() / "notes.txt") << "mine";
  std::ofstream(tv.dir() / "evidence" / "README") << "mine";
  // A pending evidence file (a crash between staging and publishing) is
  // tvault's: removed, not left as a stranger.
  std::ofstream(tv.dir() / "evidence" / "E-8M1Q4Z.tve.pending") << "ciphertext";
  PanicReport r = Must(PanicVault(tv.dir()));
  EXPECT_TRUE(fs::exists(tv.dir() / "notes.txt"));
  EXPECT_TRUE(fs::exists(tv.dir() / "evidence" / "README"));
  EXPECT_FALSE(fs::exists(tv.dir() / "vault.header"));
  EXPECT_FALSE(fs::exists(tv.dir() / "vault.db"));
  EXPECT_TRUE(Has(r.left, "notes.txt: not a tvault file"));
  EXPECT_TRUE(Has(r.left, "evidence/README: not a tvault file"));
  EXPECT_TRUE(Has(r.removed, "evidence/E-8M1Q4Z.tve.pending"));
  EXPECT_FALSE(fs::exists(tv.dir() / "evidence" / "E-8M1Q4Z.tve.pending"));
  EXPECT_FALSE(Has(r.removed, "."));
}

TEST(Panic, NoVaultIsNotFoundAndTouchesNothing) {
  ScratchDir scratch;
  std::ofstream(scratch.path() / "vault.lock") << "";
  auto r = PanicVault(scratch.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().detail, ErrorDetail::kNoVault);
  EXPECT_TRUE(fs::exists(scratch.path() / "vault.lock"));
  EXPECT_FALSE(CheckPanicTarget(scratch.path()).ok());
}

TEST(Panic, AnInterruptedPanicIsFinished) {
  TempVault tv;
  ScratchDir scratch;
  Fill(tv, scratch);
  fs::remove(tv.dir() / "vault.header");  // as a crash after step 2 leaves it
  MustOk(CheckPanicTarget(tv.dir()));
  PanicReport r = Must(PanicVault(tv.dir()));
  EXPECT_FALSE(fs::exists(tv.dir()));
  EXPECT_FALSE(Has(r.removed, "vault.header"));
  EXPECT_TRUE(Has(r.removed, "vault.db"));
}

TEST(Panic, AHeaderChangeLeftHalfDoneIsDestroyedToo) {
  TempVault tv;
  ScratchDir scratch;
  Fill(tv, scratch);
  fs::copy_file(tv.dir() / "vault.header", tv.dir() / "vault.header.tmp");
  const fs::path same_inode = scratch.path() / "tmp-link";
  fs::create_hard_link(tv.dir() / "vault.header.tmp", same_inode);
  const std::vector<uint8_t> before = ReadBytes(same_inode);
  (void)Must(PanicVault(tv.dir()));
  EXPECT_FALSE(fs::exists(tv.dir()));
  EXPECT_NE(ReadBytes(same_inode), before);
}

TEST(Panic, DoesNotWaitForAVaultOpenElsewhere) {
  TempVault tv;
  Vault open = tv.Open();  // holds the vault lock
  PanicReport r = Must(PanicVault(tv.dir()));
  EXPECT_TRUE(r.another_command_running);
  EXPECT_FALSE(fs::exists(tv.dir() / "vault.header"));
}

}  // namespace
}  // namespace tvault::testing
