// Vault::Backup, VerifyBackupFile and RestoreBackup (docs/format.md,
// section 9) through the library: the restored vault holds the same
// records and evidence, the events are where section 9.1 puts them, and a
// backup is refused into a target that holds anything.
#include <gtest/gtest.h>

#include <fstream>

#include "support/test_support.h"
#include "vault/backup.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

struct Filled {
  TempVault tv;
  ScratchDir scratch;
  std::string t, e;
  Filled() {
    Vault v = tv.Open();
    WitnessDetails d;
    d.name = Text("Gulnar");
    const std::string w = Must(v.AddWitness(d));
    t = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("statement")}))[0].id;
    const fs::path file = scratch.path() / "photo.jpg";
    std::ofstream(file, std::ios::binary) << std::string(300000, 'p');
    e = Must(v.AddEvidence(t, file, EvidenceMeta{})).id;
  }
  fs::path Backup() const {
    Vault v = tv.Open();
    const fs::path out = scratch.path() / "b.tvb";
    (void)Must(v.Backup(BackupRequest{out, false}));
    return out;
  }
};

TEST(BackupVault, RestoreGivesTheSameRecordsAndEvidence) {
  Filled f;
  const fs::path file = f.Backup();
  const fs::path dir = f.scratch.path() / "restored";
  RestoreResult r = Must(RestoreBackup(file, dir, Pass(f.tv.passphrase()), ""));
  EXPECT_EQ(r.backup.files, 3u);
  EXPECT_EQ(r.backup.evidence_files, 1u);
  Vault restored = Must(Vault::Open(dir, Pass(f.tv.passphrase()), OpenOptions{}));
  Testimony got = Must(restored.GetTestimony(f.t, std::nullopt));
  EXPECT_EQ(std::string(got.statement.begin(), got.statement.end()), "statement");
  const fs::path out = f.scratch.path() / "photo.out";
  EvidenceInfo info = Must(restored.GetEvidence(f.e, out));
  EXPECT_EQ(info.size_bytes, 300000u);
  (void)Must(restored.Check());
  (void)Must(restored.AuditVerify({ExternalCheckpoint{r.backup.checkpoint, "backup"}}));
}

TEST(BackupVault, TheBackupEventFollowsTheCheckpointTheBackupHolds) {
  Filled f;
  const fs::path file = f.Backup();
  BackupVerifyReport report = Must(VerifyBackupFile(file, BackupVerifyOptions{}));
  EXPECT_EQ(report.signer, BackupSigner::kSelfNamed);
  Vault v = f.tv.Open();
  std::vector<AuditEvent> log = Must(v.AuditLog(AuditFilter{}));
  ASSERT_GT(log.size(), report.backup.checkpoint_size);
  const AuditEvent& e = log[report.backup.checkpoint_size];
  EXPECT_EQ(e.action, "backup");
  ASSERT_EQ(e.digests.size(), 1u);
  EXPECT_EQ(e.digests[0], Hex(report.backup.manifest_sha256));
  EXPECT_EQ(e.count, std::optional<uint64_t>(3));
}

TEST(BackupVault, VerifyWithThePassphraseOpensTheSnapshotAndAWrongOneIsRefused) {
  Filled f;
  const fs::path file = f.Backup();
  SecretBytes pass = Pass(f.tv.passphrase());
  BackupVerifyOptions options;
  options.passphrase = &pass;
  options.temp_parent = f.scratch.path();
  BackupVerifyReport r = Must(VerifyBackupFile(file, options));
  EXPECT_TRUE(r.opened);
  EXPECT_EQ(r.signer, BackupSigner::kVaultIdentity);
  EXPECT_EQ(r.audit_events, r.backup.checkpoint_size);
  SecretBytes wrong = Pass("wrong");
  options.passphrase = &wrong;
  auto refused = VerifyBackupFile(file, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kWrongPassphrase);
  for (const auto& entry : fs::directory_iterator(f.scratch.path()))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tvault-verify-")) << entry.path();
}

TEST(BackupVault, RestoreRefusesATargetThatHoldsAnything) {
  Filled f;
  const fs::path file = f.Backup();
  const fs::path dir = f.scratch.path() / "taken";
  fs::create_directory(dir);
  std::ofstream(dir / "mine") << "x";
  auto r = RestoreBackup(file, dir, Pass(f.tv.passphrase()), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.error().detail, ErrorDetail::kVaultDirNotEmpty);
  EXPECT_TRUE(fs::exists(dir / "mine"));
}

TEST(BackupVault, AReadOnlyVaultIsNotBackedUp) {
  Filled f;
  OpenOptions ro;
  ro.read_only = true;
  Vault v = Must(Vault::Open(f.tv.dir(), Pass(f.tv.passphrase()), ro));
  auto r = v.Backup(BackupRequest{f.scratch.path() / "ro.tvb", false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(f.scratch.path() / "ro.tvb"));
}

}  // namespace
}  // namespace tvault::testing
