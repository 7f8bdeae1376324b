// tvault witness list: every witness with name and number of testimonies.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessSummary> list, vault.ListWitnesses());
  if (cli.global.json) {
    Json j = Json::array();
    for (const WitnessSummary& w : list) {
      j.push_back(Json{{"id", w.id},
                       {"created_at", FormatUtc(w.created_at_unix_s)},
                       {"testimonies", w.testimony_count},
                       {"name", std::string(w.name.data(), w.name.size())}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::WitnessList(list));
}

}  // namespace

void RegisterWitnessList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand("list", "List witnesses: id, created, testimonies, name");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
