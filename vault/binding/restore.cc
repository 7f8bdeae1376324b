// Verifying a backup file and restoring a vault from one (docs/format.md,
// section 9.4).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <system_error>

#include "backup/backup_reader.h"
#include "binding/backup_summary.h"
#include "binding/temp_dir.h"
#include "binding/vault_impl.h"
#include "util/byte_stream.h"
#include "util/file_io.h"
#include "util/new_file.h"
#include "vault/backup.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;

// Writes each vault member of a backup under `root`, each file synced and
// closed when it ends; then Finish syncs the directories.
class DirectorySinks final : public backup::MemberSinks {
 public:
  explicit DirectorySinks(fs::path root) : root_(std::move(root)) {}

  Result<ByteSink*> Begin(std::string_view vault_path, uint64_t) override {
    path_ = root_ / fs::path(std::string(vault_path));
    if (path_.parent_path() != root_ && !made_evidence_dir_) {
      if (::mkdir(path_.parent_path().c_str(), 0700) != 0) {
        return IoError("cannot create", path_.parent_path(), errno);
      }
      made_evidence_dir_ = true;
    }
    TVAULT_TRY(file_.Create(path_));
    return static_cast<ByteSink*>(&file_);
  }

  Status End() override { return file_.Close(NewFile::Sync::kYes); }

  Status Finish() const {
    if (made_evidence_dir_) TVAULT_TRY(FsyncDirectory(root_ / "evidence"));
    return FsyncDirectory(root_);
  }

 private:
  fs::path root_;
  fs::path path_;
  NewFile file_;
  bool made_evidence_dir_ = false;
};

// The signer as the caller trusts it: `signer_key` if given must be the key
// the backup is signed by.
Result<BackupSigner> CheckSigner(const BackupSummary& backup, std::string_view signer_key) {
  if (signer_key.empty()) return BackupSigner::kSelfNamed;
  TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey want, minisign::ParsePublicKey(signer_key));
  if (minisign::EncodePublicKey(want) != backup.signer_key) {
    return MakeError(ErrorCode::kIntegrity,
                     "the backup is signed by key " + backup.signer_key_id + ", not by key " +
                         minisign::KeyIdText(want.key_id),
                     ErrorDetail::kUntrustedSigner);
  }
  return BackupSigner::kTrustedKey;
}

// Reads the whole backup, its vault members into `into` (null: nowhere).
Result<BackupSummary> ReadVerified(const fs::path& file, DirectorySinks* into) {
  TVAULT_ASSIGN_OR_RETURN(FileSource source, FileSource::Open(file));
  TVAULT_ASSIGN_OR_RETURN(backup::VerifiedBackup b, backup::ReadBackup(source, into));
  if (into != nullptr) TVAULT_TRY(into->Finish());
  return SummaryOf(b.manifest, b.manifest_sha256, b.checkpoint_note);
}

// The opened vault's identity must be the signer: then the signature is the
// custodian's, as sure as the passphrase is theirs.
Status RequireOwnSignature(const Vault& vault, const BackupSummary& backup) {
  if (vault.SignerPublicKey() == backup.signer_key) return OkStatus();
  return MakeError(ErrorCode::kIntegrity,
                   "the backup is signed by key " + backup.signer_key_id +
                       ", which is not the identity of the vault inside it");
}

// `check` and `audit verify` of the snapshot in `dir`, opened read-only.
Status CheckSnapshot(const fs::path& dir, const SecretBytes& passphrase, BackupVerifyReport& r) {
  OpenOptions options;
  options.read_only = true;
  options.wait = std::chrono::milliseconds(0);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, Vault::Open(dir, passphrase, options));
  TVAULT_TRY(RequireOwnSignature(vault, r.backup));
  TVAULT_ASSIGN_OR_RETURN(CheckReport check, vault.Check());
  r.unknown_evidence_files = std::move(check.unknown_evidence_files);
  TVAULT_ASSIGN_OR_RETURN(
      AuditVerifyReport audit,
      vault.AuditVerify({ExternalCheckpoint{r.backup.checkpoint, "the backup's checkpoint"}}));
  if (audit.events != r.backup.checkpoint_size) {
    return MakeError(ErrorCode::kIntegrity,
                     "the snapshot's audit log holds " + std::to_string(audit.events) +
                         " events, but the backup's checkpoint covers " +
                         std::to_string(r.backup.checkpoint_size));
  }
  r.audit_events = audit.events;
  r.records_checked = audit.records_checked;
  r.opened = true;
  return OkStatus();
}

}  // namespace

Result<BackupVerifyReport> VerifyBackupFile(const fs::path& file,
                                            const BackupVerifyOptions& options) {
  BackupVerifyReport r;
  if (options.passphrase == nullptr) {
    TVAULT_ASSIGN_OR_RETURN(r.backup, ReadVerified(file, nullptr));
    TVAULT_ASSIGN_OR_RETURN(r.signer, CheckSigner(r.backup, options.signer_key));
    return r;
  }
  const fs::path parent =
      options.temp_parent.empty() ? fs::temp_directory_path() : options.temp_parent;
  TVAULT_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateIn(parent, ".tvault-verify-"));
  DirectorySinks sinks(tmp.path());
  TVAULT_ASSIGN_OR_RETURN(r.backup, ReadVerified(file, &sinks));
  TVAULT_ASSIGN_OR_RETURN(r.signer, CheckSigner(r.backup, options.signer_key));
  TVAULT_TRY(CheckSnapshot(tmp.path(), *options.passphrase, r));
  if (r.signer == BackupSigner::kSelfNamed) r.signer = BackupSigner::kVaultIdentity;
  return r;
}

Status CheckRestoreTarget(const fs::path& dir_in) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (ec || st.type() == fs::file_type::not_found) return OkStatus();
  if (st.type() != fs::file_type::directory || !fs::is_empty(dir, ec)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     dir.string() + " already exists and is not an empty directory",
                     ErrorDetail::kVaultDirNotEmpty);
  }
  return OkStatus();
}

Result<RestoreResult> RestoreBackup(const fs::path& file, const fs::path& dir_in,
                                    const SecretBytes& passphrase, std::string_view signer_key) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  TVAULT_TRY(CheckRestoreTarget(dir));
  std::error_code ec;
  if (!fs::is_directory(dir.parent_path(), ec)) {
    return MakeError(ErrorCode::kNotFound, dir.parent_path().string() + " does not exist");
  }
  TVAULT_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateBeside(dir, ".tvault-restore-"));
  RestoreResult out;
  {
    DirectorySinks sinks(tmp.path());
    TVAULT_ASSIGN_OR_RETURN(out.backup, ReadVerified(file, &sinks));
  }
  TVAULT_TRY(CheckSigner(out.backup, signer_key));
  {
    OpenOptions options;
    options.count_failed_unlock = false;  // the directory goes if it fails
    TVAULT_ASSIGN_OR_RETURN(Vault vault, Vault::Open(tmp.path(), passphrase, options));
    TVAULT_TRY(RequireOwnSignature(vault, out.backup));
    TVAULT_TRY(vault.RecordBackupUse(out.backup, /*restored=*/true));
  }
  // The database synced its commit; the names the open created must be too.
  TVAULT_TRY(FsyncDirectory(tmp.path()));
  if (::rename(tmp.path().c_str(), dir.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST || err == ENOTEMPTY) {
      return MakeError(ErrorCode::kAlreadyExists,
                       dir.string() + " was created by another process meanwhile",
                       ErrorDetail::kVaultDirNotEmpty);
    }
    return IoError("cannot create", dir, err);
  }
  tmp.Release();
  TVAULT_TRY(FsyncDirectory(dir.parent_path()));
  out.dir = dir;
  return out;
}

}  // namespace tvault
