// What backup.cc and restore.cc share: a BackupSummary from a manifest, and
// the audit event of a backup, a verify or a restore
// (docs/audit-format.md, section 3, codes 45-47).
#ifndef TVAULT_BINDING_BACKUP_SUMMARY_H_
#define TVAULT_BINDING_BACKUP_SUMMARY_H_

#include <string>

#include "audit/event.h"
#include "backup/backup_format.h"
#include "binding/vault_impl.h"
#include "vault/backup.h"

namespace tvault {

BackupSummary SummaryOf(const backup::Manifest& m, const crypto::Sha256Digest& manifest_sha256,
                        const std::string& checkpoint_note);

// digests: the manifest's SHA-256; sealed count: the vault files; sealed
// detail: "checkpoint size N, created TIME".
Status LogBackupEvent(Vault::Impl& v, audit::Action action, const BackupSummary& backup);

}  // namespace tvault

#endif  // TVAULT_BINDING_BACKUP_SUMMARY_H_
