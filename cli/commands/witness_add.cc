// tvault witness add: a new witness with contact details.
#include "cli.h"
#include "confirm.h"
#include "details_input.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string case_id, details_file;
  DetailOptions details;
};

// Where the details come from: the options, --details-file, or the
// terminal. Every check that needs no vault is made here, before the
// passphrase is asked.
Result<WitnessDetails> Details(Args& a) {
  const bool options = a.details.Any();
  TVAULT_TRY(a.details.RefuseWithDetailsFile(a.details_file));
  if (a.details_file.empty() && (options || !CanAskOnTerminal()) &&
      a.details.name_option->count() == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "--name is required (see `tvault --help`)");
  }
  if (!a.case_id.empty()) TVAULT_TRY(CheckRecordId(a.case_id, 'C', "--case"));
  if (!a.details_file.empty()) {
    TVAULT_TRY(CheckInputFile(a.details_file));
    return ReadDetailsFile(a.details_file);
  }
  if (!options) return AskDetails("witness add");
  return a.details.TakeDetails();
}

Status Run(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(WitnessDetails d, Details(a));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::string id, vault.AddWitness(d, a.case_id));
  if (cli.global.json) {
    Json j{{"id", id}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{}", id));
}

}  // namespace

void RegisterWitnessAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add", "Add a witness; prints the witness's pseudonymous id (e.g. W-7Q3KX).\n"
             "Contact details are encrypted in the contacts compartment. Give them with\n"
             "--details-file, or with no detail option on a terminal tvault asks for each\n"
             "field: neither leaves them on the command line. Values given as options stay\n"
             "in your shell history and are visible to other programs while tvault runs:\n"
             "see docs/threat-model.md.");
  a->details.AddTo(*cmd, /*edit=*/false);
  cmd->add_option("--details-file", a->details_file,
                  "Read the contact details from FILE ('-': standard input), a JSON object with\n"
                  "the fields of `witness show --json`: name (required), aliases (array of\n"
                  "strings), phone, email, address, relatives, notes. The file stays on disk:\n"
                  "shred it yourself when done.");
  cmd->add_option("--case", a->case_id, "Also assign the new witness to this case (C-...)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
