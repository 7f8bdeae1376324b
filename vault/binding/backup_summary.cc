#include "binding/backup_summary.h"

#include "binding/journal.h"
#include "crypto/encoding.h"
#include "vault/text.h"

namespace tvault {

BackupSummary SummaryOf(const backup::Manifest& m, const crypto::Sha256Digest& manifest_sha256,
                        const std::string& checkpoint_note) {
  BackupSummary s;
  s.vault_id = crypto::HexEncode(m.vault_id);
  s.fingerprint = FormatFingerprint(m.fingerprint);
  s.signer_key = minisign::EncodePublicKey(m.signer);
  s.signer_key_id = minisign::KeyIdText(m.signer.key_id);
  s.created_at_unix_s = m.created_at_unix_s;
  s.tvault_version = m.tvault_version;
  s.checkpoint = checkpoint_note;
  s.checkpoint_size = m.checkpoint_size;
  s.manifest_sha256 = manifest_sha256;
  for (const backup::ManifestFile& f : m.files) {
    if (backup::VaultPathOf(f.name).empty()) continue;
    ++s.files;
    s.vault_bytes += f.size;
    if (f.name.starts_with(backup::kEvidencePrefix)) ++s.evidence_files;
  }
  return s;
}

Status LogBackupEvent(Vault::Impl& v, audit::Action action, const BackupSummary& backup) {
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  LogEntry entry{action, "", 0, {}, {backup.manifest_sha256}, {}};
  entry.secrets.count = backup.files;
  entry.secrets.detail = PlainString("checkpoint size " + std::to_string(backup.checkpoint_size) +
                                     ", created " + FormatUtc(backup.created_at_unix_s));
  TVAULT_TRY(txn.Log(std::move(entry)));
  return txn.Commit();
}

}  // namespace tvault
