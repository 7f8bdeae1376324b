// tvault due: the cases past their retention date, with their records.
#include "cli.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<DueCase> due, vault.Due());
  if (cli.global.json) {
    Json j = Json::array();
    for (const DueCase& d : due) {
      j.push_back(Json{{"case", d.case_id},
                       {"until", d.until},
                       {"witnesses", d.witnesses},
                       {"testimonies", d.testimonies}});
    }
    return cli.PrintJson(j);
  }
  human::Text out = human::Format("");
  for (const DueCase& d : due) {
    std::vector<std::string> records = d.witnesses;
    records.insert(records.end(), d.testimonies.begin(), d.testimonies.end());
    if (records.empty()) records.push_back("(no records)");
    out += human::Format("{} kept until {}: {}\n", d.case_id, d.until, human::Join(records, " "));
  }
  return cli.Print(out);
}

}  // namespace

void RegisterDue(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "due",
      "List the cases past their retention date (`tvault case retention`), one per line\n"
      "with their witnesses and testimonies: records to review, then shred or keep.\n"
      "Records under legal hold are listed too (shred refuses them). Logged (due)");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
