// tvault witness edit W-...: a new version of a witness's contact details
// (never overwrites; docs/format.md, section 4.7).
#include "cli.h"
#include "confirm.h"
#include "details_input.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, details_file, reason;
  DetailOptions details;
};

// What to change: the options given, the whole of --details-file, or the
// answers on the terminal. Every check that needs no vault is made here,
// before the passphrase is asked.
Result<WitnessChanges> Changes(Args& a) {
  TVAULT_TRY(CheckRecordId(a.id, 'W', "ID"));
  TVAULT_TRY(a.details.RefuseWithDetailsFile(a.details_file));
  if (!a.details_file.empty()) {
    TVAULT_TRY(CheckInputFile(a.details_file));
    TVAULT_ASSIGN_OR_RETURN(WitnessDetails d, ReadDetailsFile(a.details_file));
    return WitnessChanges::All(d);
  }
  if (a.details.Any()) return a.details.TakeChanges();
  if (!CanAskOnTerminal()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "witness edit needs the fields to change (--name, --alias, --phone, "
                     "--email, --address, --relatives, --notes) or --details-file");
  }
  return AskChanges("witness edit");
}

Status Run(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(WitnessChanges changes, Changes(a));
  PlainString reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(uint32_t version, vault.EditWitness(id, changes, reason));
  if (cli.global.json) {
    Json j{{"id", id}, {"version", version}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} v{}", id, version));
}

}  // namespace

void RegisterWitnessEdit(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "edit", "Record new contact details for a witness (prints ID vN). Nothing is\n"
              "overwritten: the change is a new version, and every earlier version stays\n"
              "in the vault, sealed, until the witness is shredded (see `witness history`\n"
              "and docs/threat-model.md). Options not given keep their value; an empty\n"
              "value clears a field. --details-file replaces every field with those of the\n"
              "file. With neither, on a terminal, tvault asks for each field (Enter keeps\n"
              "it, '-' clears it). A change to the same details is refused.");
  cmd->add_option("ID", a->id, "Witness id, e.g. W-7Q3KX")->required();
  a->details.AddTo(*cmd, /*edit=*/true);
  cmd->add_option("--details-file", a->details_file,
                  "Read the new contact details from FILE ('-': standard input), a JSON object\n"
                  "as for `witness add --details-file`; every field is replaced (a field the\n"
                  "file leaves out is cleared). The file stays on disk: shred it yourself.");
  cmd->add_option("--reason", a->reason,
                  "Why the details changed (optional; sealed with the new version and shown\n"
                  "by `witness history`)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
