// tvault witness history W-...: every version of a witness's contact
// details, with the names of the fields each changed.
#include "cli.h"
#include "details_input.h"
#include "human/render.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id;
  bool show_values = false;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_TRY(CheckRecordId(a.id, 'W', "ID"));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<WitnessVersionInfo> versions,
                          vault.WitnessHistory(a.id, a.show_values));
  if (cli.global.json) {
    Json j = Json::array();
    for (const WitnessVersionInfo& v : versions) {
      Json item{{"version", v.version},
                {"created_at", FormatUtc(v.created_at_unix_s)},
                {"reason", std::string(v.reason.data(), v.reason.size())},
                {"changed", v.changed_fields}};
      if (v.details) item["details"] = WitnessDetailsJson(*v.details);
      j.push_back(std::move(item));
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::WitnessHistory(versions));
}

}  // namespace

void RegisterWitnessHistory(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "history", "List every version of a witness's contact details: time, reason and the\n"
                 "names of the fields that changed; the values only with --show-values");
  cmd->add_option("ID", a->id, "Witness id, e.g. W-7Q3KX")->required();
  cmd->add_flag("--show-values", a->show_values,
                "Also print each version's contact details, old ones included (the audit log\n"
                "records that they were shown)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
