// tvault testimony list: metadata only; never needs contact details.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonySummary> list, vault.ListTestimonies());
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
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
