// tvault check: authenticate everything in the vault.
#include "cli.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.Check());
  if (cli.global.json) {
    Json j{{"ok", true}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine("vault OK: every page, record and statement hash verified");
}

}  // namespace

void RegisterCheck(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Read every database page and authenticate every record and statement hash.\n"
      "Exit 4 naming the first failure.");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
