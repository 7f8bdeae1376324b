// tvault witness list: every witness with name and number of testimonies.
#include "cli.h"
#include "human/render.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const ListFilter& filter) {
  if (!filter.case_id.empty()) TVAULT_TRY(CheckRecordId(filter.case_id, 'C', "--case"));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessSummary> list, vault.ListWitnesses(filter));
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
  auto filter = std::make_shared<ListFilter>();
  cmd->add_option("--case", filter->case_id, "Only the witnesses assigned to this case (C-...)");
  cmd->callback([&cli, filter] { cli.action = [&cli, filter] { return Run(cli, *filter); }; });
}

}  // namespace tvault::cli
