// tvault case show C-...: the latest version of a case and its members.
#include "cli.h"
#include "human/render.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

Status Run(Cli& cli, const std::string& id) {
  TVAULT_TRY(CheckRecordId(id, 'C', "ID"));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(Case c, vault.GetCase(id));
  if (cli.global.json) {
    Json j{{"id", c.id},
           {"created_at", FormatUtc(c.created_at_unix_s)},
           {"version", c.version},
           {"version_created_at", FormatUtc(c.version_created_at_unix_s)},
           {"title", Str(c.details.title)},
           {"reference", Str(c.details.reference)},
           {"notes", Str(c.details.notes)},
           {"witnesses", c.witnesses},
           {"testimonies", c.testimonies}};
    return cli.PrintJson(j);
  }
  return cli.Print(human::CaseShow(c));
}

}  // namespace

void RegisterCaseShow(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "show", "Show a case: its latest version (number and time), title, reference, notes,\n"
              "and the witnesses and testimonies assigned to it");
  cmd->add_option("ID", *id, "Case id (C-...)")->required();
  cmd->callback([&cli, id] { cli.action = [&cli, id] { return Run(cli, *id); }; });
}

}  // namespace tvault::cli
