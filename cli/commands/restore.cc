// tvault restore FILE --vault DIR: a vault made from a backup file, verified
// first, appearing only when complete (docs/format.md, section 9.4).
#include "cli.h"
#include "preflight.h"
#include "vault/backup.h"

namespace tvault::cli {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::string file, signer_key;
};

Status Run(Cli& cli, const Args& a) {
  if (cli.global.read_only) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "`tvault restore` creates a vault; drop --read-only");
  }
  TVAULT_ASSIGN_OR_RETURN(fs::path dir, cli.VaultDir());
  TVAULT_TRY(CheckInputFile(a.file));
  TVAULT_ASSIGN_OR_RETURN(std::string key, KeyOption(a.signer_key, KeyKind::kMinisignKey));
  TVAULT_TRY(CheckRestoreTarget(dir));
  TVAULT_ASSIGN_OR_RETURN(PassphraseInput pass, cli.Passphrase());
  TVAULT_ASSIGN_OR_RETURN(RestoreResult r, RestoreBackup(a.file, dir, pass.passphrase, key));
  if (cli.global.json) {
    Json j{{"vault", r.dir.string()},
           {"file", a.file},
           {"vault_id", r.backup.vault_id},
           {"created_at", FormatUtc(r.backup.created_at_unix_s)},
           {"manifest_sha256", Sha256Hex(r.backup.manifest_sha256)},
           {"files", r.backup.files},
           {"checkpoint_size", r.backup.checkpoint_size}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "Restored vault {} at {} from the backup taken {} ({} files, audit checkpoint of {} "
      "events); its audit log records the restore.\nA checkpoint taken after the backup "
      "shows this vault as a rollback: `tvault audit verify --checkpoint FILE` says so.",
      r.backup.vault_id, r.dir.string(), FormatUtc(r.backup.created_at_unix_s), r.backup.files,
      r.backup.checkpoint_size));
}

}  // namespace

void RegisterRestore(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "restore",
      "Make a vault at --vault DIR (which must not exist or be empty) from a backup file:\n"
      "the whole file is verified first (as `backup verify`), written to a temporary\n"
      "directory beside DIR, opened with the passphrase (one valid when the backup was\n"
      "taken), the restore is logged in it, and it is renamed into place: after a crash\n"
      "there is no vault or a complete one. Exit 4 if the backup is damaged (nothing\n"
      "is written), 3 for a wrong passphrase.");
  cmd->add_option("FILE", a->file, "The backup file")->required();
  cmd->add_option("--signer-key", a->signer_key,
                  "The custodian's minisign public key (RW..., or a .pub file): the backup "
                  "must be signed by it");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
