// tvault audit verify: recompute and check the whole audit log.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::vector<std::string> checkpoints;
  std::string log, signer_key;
};

Result<std::vector<ExternalCheckpoint>> ReadCheckpoints(const std::vector<std::string>& files) {
  std::vector<ExternalCheckpoint> out;
  for (const std::string& f : files) {
    TVAULT_ASSIGN_OR_RETURN(std::string note, ReadTextFile(f, 256 * 1024));
    out.push_back(ExternalCheckpoint{std::move(note), f});
  }
  return out;
}

Status Report(Cli& cli, const AuditVerifyReport& r, bool with_vault) {
  if (cli.global.json) {
    Json j{{"ok", true},
           {"events", r.events},
           {"checkpoints", r.checkpoints},
           {"root", r.root_hex}};
    if (with_vault) j["records_checked"] = r.records_checked;
    return cli.PrintJson(j);
  }
  human::Text line = human::Format("audit log intact: {} events, {} checkpoints verified",
                                    r.events, r.checkpoints);
  if (with_vault) line += human::Format(", {} records match their events", r.records_checked);
  return cli.PrintLine(human::Format("{}, root {}", line, r.root_hex));
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<ExternalCheckpoint> external, ReadCheckpoints(a.checkpoints));
  if (!a.log.empty()) {
    if (a.signer_key.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--log needs --signer-key RW... (the custodian's key, from `identity show`)");
    }
    TVAULT_ASSIGN_OR_RETURN(AuditVerifyReport r,
                            VerifyExportedAuditLog(a.log, a.signer_key, external));
    return Report(cli, r, false);
  }
  if (!a.signer_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "--signer-key goes with --log FILE");
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(AuditVerifyReport r, vault.AuditVerify(external));
  return Report(cli, r, true);
}

}  // namespace

void RegisterAuditVerify(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "verify",
      "Recompute the audit log: every event parses and follows the previous one, the\n"
      "Merkle tree matches every checkpoint the vault signed and every --checkpoint\n"
      "given (so a rollback, truncation or fork is caught), and every record in the\n"
      "database has its event. With --log FILE --signer-key RW..., checks an exported\n"
      "log on any machine, without the vault or the passphrase. Exit 4 naming the first\n"
      "failure.");
  cmd->add_option("--checkpoint", a->checkpoints, "A checkpoint kept off the device (repeatable)");
  cmd->add_option("--log", a->log, "An exported log (from `audit export`) instead of the vault");
  cmd->add_option("--signer-key", a->signer_key, "The custodian's minisign public key (RW...)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
