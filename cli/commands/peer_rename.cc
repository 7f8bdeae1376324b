// tvault peer rename OLD NEW
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string old_name, new_name;
};

Status Run(Cli& cli, Args& a) {
  PlainString old_name = TakeText(a.old_name);
  PlainString new_name = TakeText(a.new_name);
  TVAULT_TRY(ValidatePeerName(new_name));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.RenamePeer(old_name, new_name));
  if (cli.global.json) {
    Json j{{"renamed", std::string(old_name.data(), old_name.size())},
           {"name", std::string(new_name.data(), new_name.size())}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Renamed peer {} to {}.", old_name, new_name));
}

}  // namespace

void RegisterPeerRename(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "rename",
      "Rename a peer; their keys stay. Names are matched ignoring case and Unicode\n"
      "form; NEW may differ from OLD in case only. Two peers whose names differ only\n"
      "so (kept from an earlier tvault) are told apart by giving OLD exactly as stored");
  cmd->add_option("OLD", a->old_name, "The peer's name now")->required();
  cmd->add_option("NEW", a->new_name, "The new name (stored encrypted)")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
