// tvault backup --out FILE, and tvault backup verify FILE: a verified copy
// of the whole vault at rest (docs/format.md, section 9).
#include "cli.h"
#include "preflight.h"
#include "vault/backup.h"

namespace tvault::cli {
namespace {

namespace fs = std::filesystem;

struct BackupArgs {
  std::string out;
  bool force = false;
};

struct VerifyArgs {
  std::string file, signer_key;
};

Json SummaryJson(const BackupSummary& s) {
  return Json{{"vault_id", s.vault_id},
              {"fingerprint", s.fingerprint},
              {"signer_key", s.signer_key},
              {"signer_key_id", s.signer_key_id},
              {"created_at", FormatUtc(s.created_at_unix_s)},
              {"tvault_version", s.tvault_version},
              {"manifest_sha256", Sha256Hex(s.manifest_sha256)},
              {"files", s.files},
              {"evidence_files", s.evidence_files},
              {"vault_bytes", s.vault_bytes},
              {"checkpoint_size", s.checkpoint_size}};
}

Status RunBackup(Cli& cli, const BackupArgs& a) {
  if (!a.force) TVAULT_TRY(CheckNewOutput(a.out));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  BackupRequest request{a.out, a.force};
  TVAULT_ASSIGN_OR_RETURN(BackupSummary s, vault.Backup(request));
  if (cli.global.json) {
    Json j = SummaryJson(s);
    j["file"] = fs::absolute(a.out).string();
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "Backup written to {}: {} files ({} evidence), {} bytes of ciphertext, with the audit "
      "checkpoint of {} events.\nmanifest sha256 {}, signed by key {} (fingerprint {}).\n"
      "It holds no plaintext, but opens with every passphrase this vault has now. Keep it off "
      "this device; check it with `tvault backup verify {}`.",
      fs::absolute(a.out).string(), s.files, s.evidence_files, s.vault_bytes, s.checkpoint_size,
      Sha256Hex(s.manifest_sha256), s.signer_key_id, s.fingerprint, a.out));
}

const char* SignerWord(BackupSigner s) {
  switch (s) {
    case BackupSigner::kTrustedKey: return "key";
    case BackupSigner::kVaultIdentity: return "vault";
    case BackupSigner::kSelfNamed: break;
  }
  return "none";
}

human::Text SignerLine(const BackupVerifyReport& r) {
  switch (r.signer) {
    case BackupSigner::kTrustedKey:
      return human::Format("Signature: valid, by the key given (key {}).\n",
                           r.backup.signer_key_id);
    case BackupSigner::kVaultIdentity:
      return human::Format(
          "Signature: valid, by the identity of the vault inside the backup (key {}), which "
          "opened with your passphrase.\n",
          r.backup.signer_key_id);
    case BackupSigner::kSelfNamed: break;
  }
  return human::Format(
      "Signature: valid under key {}, the key the backup names itself. That proves the file is "
      "intact, not who made it: pass --signer-key RW... (the custodian's, `tvault identity "
      "show`) or --vault DIR with the passphrase to check its origin.\n",
      r.backup.signer_key_id);
}

// With --vault: the snapshot opened with the passphrase, and the verify
// logged in the vault at DIR when it is the vault backed up.
Result<BackupVerifyReport> VerifyOpened(Cli& cli, const VerifyArgs& a, const std::string& key,
                                        bool& logged) {
  TVAULT_ASSIGN_OR_RETURN(fs::path dir, cli.VaultDir());
  TVAULT_ASSIGN_OR_RETURN(PassphraseInput pass, cli.Passphrase());
  BackupVerifyOptions options;
  options.signer_key = key;
  options.passphrase = &pass.passphrase;
  TVAULT_ASSIGN_OR_RETURN(BackupVerifyReport r, VerifyBackupFile(a.file, options));
  if (!Vault::CheckFiles(dir).ok() || cli.global.read_only) return r;
  OpenOptions open;
  open.wait = std::chrono::seconds(cli.global.wait_seconds);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, Vault::Open(dir, pass.passphrase, open));
  TVAULT_ASSIGN_OR_RETURN(IdentityInfo me, vault.Identity());
  if (me.minisign_public_key != r.backup.signer_key) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the backup verified, but it is of another vault than the one at " +
                         dir.string() + " (signed by key " + r.backup.signer_key_id +
                         "); nothing was logged");
  }
  TVAULT_TRY(vault.RecordBackupUse(r.backup, /*restored=*/false));
  logged = true;
  return r;
}

Status RunVerify(Cli& cli, const VerifyArgs& a) {
  TVAULT_TRY(CheckInputFile(a.file));
  TVAULT_ASSIGN_OR_RETURN(std::string key, KeyOption(a.signer_key, KeyKind::kMinisignKey));
  bool logged = false;
  BackupVerifyReport r;
  if (!cli.global.vault_dir.empty()) {
    TVAULT_ASSIGN_OR_RETURN(r, VerifyOpened(cli, a, key, logged));
  } else {
    BackupVerifyOptions options;
    options.signer_key = key;
    TVAULT_ASSIGN_OR_RETURN(r, VerifyBackupFile(a.file, options));
  }
  if (cli.global.json) {
    Json j = SummaryJson(r.backup);
    j["file"] = a.file;
    j["signer_checked"] = SignerWord(r.signer);
    j["opened"] = r.opened;
    j["audit_events"] = r.audit_events;
    j["records_checked"] = r.records_checked;
    j["unknown_evidence_files"] = r.unknown_evidence_files;
    j["logged"] = logged;
    return cli.PrintJson(j);
  }
  human::Text out = human::Format(
      "Backup {} is intact: {} files ({} evidence, {} bytes) of vault {} (fingerprint {}), taken "
      "{} by tvault {}, each matching its size and SHA-256; audit checkpoint of {} events.\n",
      a.file, r.backup.files, r.backup.evidence_files, r.backup.vault_bytes, r.backup.vault_id,
      r.backup.fingerprint, FormatUtc(r.backup.created_at_unix_s), r.backup.tvault_version,
      r.backup.checkpoint_size);
  out += SignerLine(r);
  if (r.opened) {
    out += human::Format(
        "Opened a private copy: `tvault check` passed, and the audit log ({} events, {} records "
        "matched) verifies against the backup's checkpoint.\n",
        r.audit_events, r.records_checked);
    for (const std::string& f : r.unknown_evidence_files) {
      out += human::Format("Note: evidence file {} has no record in the database.\n", f);
    }
    out += logged ? human::Format("Logged as backup.verify in the vault at {}.\n",
                                  cli.global.vault_dir)
                  : human::Format("Not logged: no vault at {}, or --read-only.\n",
                                  cli.global.vault_dir);
  }
  return cli.Print(out);
}

}  // namespace

void RegisterBackup(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<BackupArgs>();
  CLI::App* cmd = app.add_subcommand(
      "backup",
      "Write a backup of the whole vault to --out FILE: vault.header, vault.db and every\n"
      "evidence file exactly as they are on disk (ciphertext only), taken as one\n"
      "consistent snapshot under the vault lock, with a manifest (sizes, SHA-256) and\n"
      "the current audit checkpoint, signed with your minisign key. The file is a tar\n"
      "archive that appears only when complete. `backup verify` checks it; `restore`\n"
      "makes a vault of it. The backup opens with the passphrases valid now.");
  cmd->add_option("--out", a->out, "The backup file to write (refuses an existing file)");
  cmd->add_flag("--force", a->force, "Replace an existing FILE");

  auto v = std::make_shared<VerifyArgs>();
  CLI::App* verify = cmd->add_subcommand(
      "verify",
      "Check a backup file without a passphrase: its structure, every file's size and\n"
      "SHA-256, the signature of the manifest and the audit checkpoint. With --signer-key\n"
      "the signature must be by that key; without, it only proves the file is intact.\n"
      "With --vault DIR it also asks the passphrase, opens a private copy of the\n"
      "snapshot (removed after), runs `check` and `audit verify` on it, and logs the\n"
      "verify in the vault at DIR if that is the vault backed up. Exit 0 if all holds,\n"
      "4 naming the first failure.");
  verify->add_option("FILE", v->file, "The backup file")->required();
  verify->add_option("--signer-key", v->signer_key,
                     "The custodian's minisign public key (RW..., or a .pub file)");
  verify->callback([&cli, v] { cli.action = [&cli, v] { return RunVerify(cli, *v); }; });

  cmd->callback([&cli, a, verify] {
    if (verify->parsed()) return;
    if (a->out.empty()) throw CLI::RequiredError("--out");
    cli.action = [&cli, a] { return RunBackup(cli, *a); };
  });
}

}  // namespace tvault::cli
