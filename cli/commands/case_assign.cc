// tvault case assign / case unassign C-... ID...: case membership. One file
// for both: they differ only in the library call and the words.
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string case_id;
  std::vector<std::string> ids;
};

enum class Change { kAssign, kUnassign };

Status CheckMemberId(const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(std::string normal, NormalizeRecordId(id));
  if (normal[0] == 'W' || normal[0] == 'T') return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   normal + ": only witnesses (W-...) and testimonies (T-...) belong to cases");
}

Status Run(Cli& cli, const Args& a, Change change) {
  TVAULT_TRY(CheckRecordId(a.case_id, 'C', "CASE"));
  for (const std::string& id : a.ids) TVAULT_TRY(CheckMemberId(id));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  if (change == Change::kAssign) {
    TVAULT_TRY(vault.AssignToCase(a.case_id, a.ids));
  } else {
    TVAULT_TRY(vault.UnassignFromCase(a.case_id, a.ids));
  }
  TVAULT_ASSIGN_OR_RETURN(std::string case_id, NormalizeRecordId(a.case_id));
  std::vector<std::string> ids;
  for (const std::string& id : a.ids) ids.push_back(NormalizeRecordId(id).value());
  if (cli.global.json) {
    Json j{{"case", case_id},
           {change == Change::kAssign ? "assigned" : "unassigned", ids}};
    return cli.PrintJson(j);
  }
  if (change == Change::kAssign) {
    return cli.PrintLine(human::Format("assigned to {}: {}", case_id, human::Join(ids, " ")));
  }
  return cli.PrintLine(human::Format("removed from {}: {}", case_id, human::Join(ids, " ")));
}

void Register(CLI::App& group, Cli& cli, Change change) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd =
      change == Change::kAssign
          ? group.add_subcommand(
                "assign",
                "Assign witnesses (W-...) and testimonies (T-...) to a case, all or none.\n"
                "A record may belong to several cases. Assigning a record already in the\n"
                "case is refused (exit 1, naming it), as is an unknown or shredded record.")
          : group.add_subcommand(
                "unassign",
                "Remove witnesses and testimonies from a case, all or none (the records\n"
                "themselves stay). A record not in the case is refused (exit 1, naming it).");
  cmd->add_option("CASE", a->case_id, "Case id (C-...)")->required();
  cmd->add_option("ID", a->ids, "Witness or testimony ids")->required();
  cmd->callback([&cli, a, change] {
    cli.action = [&cli, a, change] { return Run(cli, *a, change); };
  });
}

}  // namespace

void RegisterCaseAssign(CLI::App& group, Cli& cli) { Register(group, cli, Change::kAssign); }
void RegisterCaseUnassign(CLI::App& group, Cli& cli) { Register(group, cli, Change::kUnassign); }

}  // namespace tvault::cli
