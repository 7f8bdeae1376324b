// tvault case edit C-...: a new version of a case's text (never overwrites).
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, title, reference, notes;
};

Status Run(Cli& cli, Args& a) {
  TVAULT_TRY(CheckRecordId(a.id, 'C', "ID"));
  CaseDetails changes{TakeText(a.title), TakeText(a.reference), TakeText(a.notes)};
  if (changes.title.empty() && changes.reference.empty() && changes.notes.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "case edit needs --title, --reference or --notes");
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(uint32_t version, vault.EditCase(a.id, changes));
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  if (cli.global.json) {
    Json j{{"id", id}, {"version", version}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} v{}", id, version));
}

}  // namespace

void RegisterCaseEdit(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "edit", "Change a case's title, reference or notes. Nothing is overwritten: the\n"
              "change is stored as a new version (prints ID vN); earlier versions are kept.\n"
              "Options not given keep their value. A change to the same values is refused.");
  cmd->add_option("ID", a->id, "Case id (C-...)")->required();
  cmd->add_option("--title", a->title, "New title");
  cmd->add_option("--reference", a->reference, "New reference");
  cmd->add_option("--notes", a->notes, "New notes");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
