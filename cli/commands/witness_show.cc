// tvault witness show: a witness's contact details.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

Status Run(Cli& cli, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(Witness w, vault.GetWitness(id));
  const WitnessDetails& d = w.details;
  if (cli.global.json) {
    Json aliases = Json::array();
    for (const PlainString& a : d.aliases) aliases.push_back(Str(a));
    Json j{{"id", w.id},
           {"created_at", FormatUtc(w.created_at_unix_s)},
           {"name", Str(d.name)},
           {"aliases", aliases},
           {"phone", Str(d.phone)},
           {"email", Str(d.email)},
           {"address", Str(d.address)},
           {"relatives", Str(d.relatives)},
           {"notes", Str(d.notes)}};
    return cli.PrintJson(j);
  }
  return cli.Print(human::WitnessShow(w));
}

}  // namespace

void RegisterWitnessShow(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand("show", "Show a witness's contact details");
  cmd->add_option("ID", *id, "Witness id, e.g. W-7Q3KX")->required();
  cmd->callback([&cli, id] { cli.action = [&cli, id] { return Run(cli, *id); }; });
}

}  // namespace tvault::cli
