// tvault keyslot remove N
#include "cli.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, int slot) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.RemoveKeyslot(static_cast<uint8_t>(slot)));
  if (cli.global.json) {
    Json j{{"removed", slot}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Removed keyslot {}", slot));
}

}  // namespace

void RegisterKeyslotRemove(CLI::App& group, Cli& cli) {
  auto slot = std::make_shared<int>(0);
  CLI::App* cmd = group.add_subcommand(
      "remove", "Remove keyslot N (see `keyslot list`); the last one is never removed");
  cmd->add_option("N", *slot, "Keyslot number")->required()->check(CLI::Range(1, 255));
  cmd->callback([&cli, slot] { cli.action = [&cli, slot] { return Run(cli, *slot); }; });
}

}  // namespace tvault::cli
