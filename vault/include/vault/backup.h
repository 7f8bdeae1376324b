// Verified backups (docs/format.md, section 9; docs/threat-model.md, 5j).
//
// Vault::Backup (vault.h) writes one file holding the vault as it is at rest
// (header, database, evidence files: ciphertext only) with a manifest of
// their sizes and SHA-256, the current signed audit checkpoint and the
// custodian's minisign signature. VerifyBackupFile checks such a file
// without a passphrase, and with one opens a private copy of the snapshot
// and checks it as `check` and `audit verify` would. RestoreBackup turns it
// back into a vault directory, verified first, atomically.
//
// Errors: kIntegrity (damaged, truncated, reordered, forged; ErrorDetail::
// kUntrustedSigner when the signature is valid but not by the key the
// caller trusts), kUnsupported (another format version), kWrongPassphrase,
// kAlreadyExists (the output or target exists), kNotFound, kIo.
// Thread-safety: free functions are reentrant; each starts a hashing thread.
#ifndef TVAULT_BACKUP_H_
#define TVAULT_BACKUP_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"
#include "vault/vault.h"

namespace tvault {

struct BackupRequest {
  std::filesystem::path out;  // a file; its directory must exist
  bool overwrite = false;     // replace an existing file (else kAlreadyExists)
};

// What a backup holds, from its verified manifest.
struct BackupSummary {
  std::string vault_id;          // 32 lowercase hex digits
  std::string fingerprint;       // the custodian's, "XXXX-XXXX-XXXX-XXXX"
  std::string signer_key;        // minisign public key "RW..."
  std::string signer_key_id;     // as minisign prints it
  int64_t created_at_unix_s = 0;
  std::string tvault_version;    // of the tvault that wrote it
  std::string checkpoint;        // the signed checkpoint note it carries
  uint64_t checkpoint_size = 0;  // audit events it covers
  Sha256Bytes manifest_sha256{};
  uint64_t files = 0;            // vault files: header, database, evidence
  uint64_t evidence_files = 0;
  uint64_t vault_bytes = 0;      // their sizes, summed
};

// How far the signer of a verified backup is trusted.
enum class BackupSigner {
  kSelfNamed,      // valid under the key the manifest names: intact, origin unknown
  kTrustedKey,     // valid under the key the caller gave
  kVaultIdentity,  // the opened snapshot's own identity holds the key
};

struct BackupVerifyOptions {
  std::string signer_key;  // "RW...": the signature must be by this key
  // Non-null: the snapshot is also opened with it in a private temporary
  // directory (0700 under `temp_parent`, or the system's), checked, its log
  // verified against the backup's checkpoint, and removed.
  const SecretBytes* passphrase = nullptr;
  std::filesystem::path temp_parent;
};

struct BackupVerifyReport {
  BackupSummary backup;
  BackupSigner signer = BackupSigner::kSelfNamed;
  bool opened = false;  // with a passphrase: opened, checked, log verified
  uint64_t audit_events = 0;
  uint64_t records_checked = 0;
  std::vector<std::string> unknown_evidence_files;
};

Result<BackupVerifyReport> VerifyBackupFile(const std::filesystem::path& file,
                                            const BackupVerifyOptions& options);

// Whether RestoreBackup may restore to `dir`: it does not exist or is an
// empty directory (kAlreadyExists, ErrorDetail::kVaultDirNotEmpty).
Status CheckRestoreTarget(const std::filesystem::path& dir);

struct RestoreResult {
  BackupSummary backup;
  std::filesystem::path dir;
};

// Reads `file` into a new directory beside `dir`, verifying everything as
// VerifyBackupFile does (`signer_key` likewise: empty, the key the manifest
// names); opens it with `passphrase` (kWrongPassphrase: nothing is left),
// logs `restore` in it, syncs it and renames it to `dir`. On any failure
// the temporary directory is removed and `dir` is untouched.
Result<RestoreResult> RestoreBackup(const std::filesystem::path& file,
                                    const std::filesystem::path& dir,
                                    const SecretBytes& passphrase, std::string_view signer_key);

}  // namespace tvault

#endif  // TVAULT_BACKUP_H_
