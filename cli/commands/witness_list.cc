// tvault witness list: every witness with name and number of testimonies.
#include "cli.h"
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
  for (const WitnessSummary& w : list) {
    std::string line = w.id + "  " + FormatUtc(w.created_at_unix_s) + "  " +
                       std::to_string(w.testimony_count) + " testimonies  " +
                       std::string(w.name.data(), w.name.size());
    TVAULT_TRY(cli.PrintLine(line));
    SecureWipe(line.data(), line.size());
  }
  return OkStatus();
}

}  // namespace

void RegisterWitnessList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand("list", "List witnesses: id, created, testimonies, name");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
