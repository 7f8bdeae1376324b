// tvault case list: every case with its member counts and latest title.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<CaseSummary> list, vault.ListCases());
  if (cli.global.json) {
    Json j = Json::array();
    for (const CaseSummary& c : list) {
      j.push_back(Json{{"id", c.id},
                       {"created_at", FormatUtc(c.created_at_unix_s)},
                       {"versions", c.version_count},
                       {"title", Str(c.title)},
                       {"reference", Str(c.reference)},
                       {"witnesses", c.witness_count},
                       {"testimonies", c.testimony_count}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::CaseList(list));
}

}  // namespace

void RegisterCaseList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "list", "List cases: id, created, witnesses, testimonies, version, title (reference)");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
