// tvault case retention C-... --until DATE
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string case_id, until;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_TRY(CheckRecordId(a.case_id, 'C', "CASE"));
  TVAULT_TRY(ValidateDateOption(a.until, "--until"));
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.case_id));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.SetCaseRetention(id, a.until));
  if (cli.global.json) {
    Json j{{"case", id}, {"until", a.until}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} is kept until {}; `tvault due` lists it after that day",
                                     id, a.until));
}

}  // namespace

void RegisterCaseRetention(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "retention",
      "Set (or change) how long a case is kept: after DATE, `tvault due` lists it with\n"
      "its witnesses and testimonies for review. Nothing is deleted by itself. Audited\n"
      "(case.retention)");
  cmd->add_option("CASE", a->case_id, "Case id (C-...)")->required();
  cmd->add_option("--until", a->until, "Last day to keep it, YYYY-MM-DD (UTC)")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
