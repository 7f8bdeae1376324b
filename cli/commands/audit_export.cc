// tvault audit export: the log without plaintext, for an auditor elsewhere.
#include "cli.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const std::string& out) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.AuditExport(out, /*overwrite=*/false));
  const std::string key = vault.SignerPublicKey();
  if (cli.global.json) {
    Json j{{"file", out}, {"signer_key", key}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "audit log written to {}; verify it anywhere with:\n  tvault audit verify --log {} --signer-key {}",
      out, out, key));
}

}  // namespace

void RegisterAuditExport(CLI::App& group, Cli& cli) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "export",
      "Write the audit log to FILE: events (ids, actions, times, digests; reasons and\n"
      "other sensitive fields stay encrypted) and signed checkpoints. Anyone can check\n"
      "it with `tvault audit verify --log FILE --signer-key RW...`, without the vault.");
  cmd->add_option("--out", *out, "Where to write the log (refuses to overwrite)")->required();
  cmd->callback([&cli, out] { cli.action = [&cli, out] { return Run(cli, *out); }; });
}

}  // namespace tvault::cli
