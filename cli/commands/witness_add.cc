// tvault witness add: a new witness with contact details.
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string name, phone, email, address, relatives, notes, case_id;
  std::vector<std::string> aliases;
};

Status Run(Cli& cli, Args& a) {
  WitnessDetails d;
  d.name = TakeText(a.name);
  for (std::string& alias : a.aliases) d.aliases.push_back(TakeText(alias));
  d.phone = TakeText(a.phone);
  d.email = TakeText(a.email);
  d.address = TakeText(a.address);
  d.relatives = TakeText(a.relatives);
  d.notes = TakeText(a.notes);
  if (!a.case_id.empty()) TVAULT_TRY(CheckRecordId(a.case_id, 'C', "--case"));
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
             "Contact details are encrypted in the contacts compartment. Values given on the\n"
             "command line may stay in your shell history: see docs/threat-model.md.");
  cmd->add_option("--name", a->name, "Witness's name")->required();
  cmd->add_option("--alias", a->aliases, "Another name the witness is known by (repeatable)");
  cmd->add_option("--phone", a->phone, "Phone number");
  cmd->add_option("--email", a->email, "Email address");
  cmd->add_option("--address", a->address, "Postal address");
  cmd->add_option("--relatives", a->relatives, "Relatives at risk");
  cmd->add_option("--notes", a->notes, "Free-text notes");
  cmd->add_option("--case", a->case_id, "Also assign the new witness to this case (C-...)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
