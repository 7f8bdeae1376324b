// tvault witness list: every witness with name and number of testimonies.
#include "cli.h"
#include "human/render.h"
#include "human/table.h"
#include "list_filter.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

human::Text Table(const std::vector<WitnessSummary>& list) {
  std::vector<std::vector<human::Text>> rows;
  for (const WitnessSummary& w : list) {
    rows.push_back({human::Format("{}", w.id), human::Format("{}", FormatUtc(w.created_at_unix_s)),
                    human::Format("{}", w.testimony_count), human::Format("{}", w.name)});
  }
  return human::Table({human::Format("ID"), human::Format("CREATED"),
                       human::Format("TESTIMONIES"), human::Format("NAME")},
                      rows);
}

Status Run(Cli& cli, ListFilter& filter) {
  TVAULT_TRY(filter.Check());
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessSummary> all,
                          vault.ListWitnesses(filter.ForVault()));
  std::vector<WitnessSummary> list;
  for (WitnessSummary& w : all) {
    if (filter.Keep(w)) list.push_back(std::move(w));
  }
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
  if (StdoutIsTerminal()) return cli.Print(Table(list));
  return cli.Print(human::WitnessList(list));
}

}  // namespace

void RegisterWitnessList(CLI::App& group, Cli& cli) {
  auto filter = std::make_shared<ListFilter>();
  CLI::App* cmd = group.add_subcommand(
      "list",
      "List witnesses: id, created, testimonies, name.\n"
      "On a terminal: aligned columns under a header.");
  filter->AddCase(*cmd, "witnesses");
  filter->AddSince(*cmd);
  cmd->callback([&cli, filter] { cli.action = [&cli, filter] { return Run(cli, *filter); }; });
}

}  // namespace tvault::cli
