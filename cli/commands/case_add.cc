// tvault case add: a new case (a matter); prints its pseudonymous id.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string title, reference, notes;
};

Status Run(Cli& cli, Args& a) {
  CaseDetails d{TakeText(a.title), TakeText(a.reference), TakeText(a.notes)};
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::string id, vault.AddCase(d));
  if (cli.global.json) {
    Json j{{"id", id}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{}", id));
}

}  // namespace

void RegisterCaseAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add", "Add a case (a matter, e.g. a UN submission); prints its id (e.g. C-8D2JF).\n"
             "Title, reference and notes are encrypted; the audit log records the id only.");
  cmd->add_option("--title", a->title, "The case's title")->required();
  cmd->add_option("--reference", a->reference, "A reference, e.g. a court or UN file number");
  cmd->add_option("--notes", a->notes, "Free-text notes");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
