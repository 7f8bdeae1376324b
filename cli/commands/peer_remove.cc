// tvault peer remove NAME
#include "cli.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, std::string& name_arg) {
  PlainString name = TakeText(name_arg);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.RemovePeer(name));
  if (cli.global.json) {
    Json j{{"removed", std::string(name.data(), name.size())}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Removed peer."));
}

}  // namespace

void RegisterPeerRemove(CLI::App& group, Cli& cli) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "remove", "Remove a peer: you can no longer export to them nor accept their bundles");
  cmd->add_option("NAME", *name, "The peer's name (matched ignoring case)")->required();
  cmd->callback([&cli, name] { cli.action = [&cli, name] { return Run(cli, *name); }; });
}

}  // namespace tvault::cli
