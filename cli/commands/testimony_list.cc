// tvault testimony list: metadata only; never needs contact details.
#include "cli.h"
#include "human/render.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const ListFilter& filter) {
  if (!filter.case_id.empty()) TVAULT_TRY(CheckRecordId(filter.case_id, 'C', "--case"));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonySummary> list, vault.ListTestimonies(filter));
  if (cli.global.json) {
    Json j = Json::array();
    for (const TestimonySummary& t : list) {
      j.push_back(Json{{"id", t.id},
                       {"witness", t.witness_id},
                       {"title", std::string(t.title.data(), t.title.size())},
                       {"versions", t.version_count},
                       {"created_at", FormatUtc(t.created_at_unix_s)}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::TestimonyList(list));
}

}  // namespace

void RegisterTestimonyList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "list", "List testimonies, one per line: id, witness, title, versions, created");
  auto filter = std::make_shared<ListFilter>();
  cmd->add_option("--case", filter->case_id, "Only the testimonies assigned to this case (C-...)");
  cmd->callback([&cli, filter] { cli.action = [&cli, filter] { return Run(cli, *filter); }; });
}

}  // namespace tvault::cli
