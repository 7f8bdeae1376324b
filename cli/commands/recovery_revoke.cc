// tvault recovery revoke: the recovery shares stop working.
#include "cli.h"
#include "vault/recovery.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  // The slot id from the header: RecoveryStatus would log a view.
  TVAULT_ASSIGN_OR_RETURN(std::vector<KeyslotInfo> slots, vault.ListKeyslots());
  int slot = 0;
  for (const KeyslotInfo& s : slots)
    if (s.recovery) slot = s.slot_id;
  TVAULT_TRY(vault.RevokeRecovery());
  if (cli.global.json) {
    Json j{{"revoked", slot}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "Revoked recovery keyslot {}: its shares no longer open this vault (holders may destroy "
      "them)",
      slot));
}

}  // namespace

void RegisterRecoveryRevoke(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "revoke",
      "Destroy the recovery keyslot: the shares stop working (e.g. a holder lost one,\n"
      "or was pressed to hand it over)");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
