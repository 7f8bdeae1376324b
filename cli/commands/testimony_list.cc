// tvault testimony list: metadata only; never needs contact details.
#include "cli.h"
#include "human/render.h"
#include "human/table.h"
#include "list_filter.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

human::Text Table(const std::vector<TestimonySummary>& list) {
  std::vector<std::vector<human::Text>> rows;
  for (const TestimonySummary& t : list) {
    rows.push_back({human::Format("{}", t.id), human::Format("{}", t.witness_id),
                    human::Format("{}", t.title), human::Format("{}", t.version_count),
                    human::Format("{}", FormatUtc(t.created_at_unix_s))});
  }
  return human::Table({human::Format("ID"), human::Format("WITNESS"), human::Format("TITLE"),
                       human::Format("VERSIONS"), human::Format("CREATED")},
                      rows);
}

Status Run(Cli& cli, ListFilter& filter) {
  TVAULT_TRY(filter.Check());
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonySummary> all,
                          vault.ListTestimonies(filter.ForVault()));
  std::vector<TestimonySummary> list;
  for (TestimonySummary& t : all) {
    if (filter.Keep(t)) list.push_back(std::move(t));
  }
  if (cli.global.json) {
    Json j = Json::array();
    for (const TestimonySummary& t : list) {
      j.push_back(Json{{"id", t.id},
                       {"witness", t.witness_id},
                       {"title", std::string(t.title.data(), t.title.size())},
                       {"file_name", std::string(t.file_name.data(), t.file_name.size())},
                       {"versions", t.version_count},
                       {"created_at", FormatUtc(t.created_at_unix_s)}});
    }
    return cli.PrintJson(j);
  }
  if (StdoutIsTerminal()) return cli.Print(Table(list));
  return cli.Print(human::TestimonyList(list));
}

}  // namespace

void RegisterTestimonyList(CLI::App& group, Cli& cli) {
  auto filter = std::make_shared<ListFilter>();
  CLI::App* cmd = group.add_subcommand(
      "list",
      "List testimonies, one per line: id, witness, title, versions, created.\n"
      "On a terminal: aligned columns under a header.");
  filter->AddWitness(*cmd);
  filter->AddCase(*cmd, "testimonies");
  filter->AddSince(*cmd);
  filter->AddConsentFor(*cmd);
  cmd->callback([&cli, filter] { cli.action = [&cli, filter] { return Run(cli, *filter); }; });
}

}  // namespace tvault::cli
