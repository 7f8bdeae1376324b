// tvault witness show: a witness's contact details.
#include "cli.h"
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
  std::string out = "id:         " + w.id + "\ncreated:    " + FormatUtc(w.created_at_unix_s) +
                    "\nname:       " + Str(d.name) + "\n";
  for (const PlainString& a : d.aliases) out += "alias:      " + Str(a) + "\n";
  auto field = [&](const char* label, const PlainString& v) {
    if (!v.empty()) out += std::string(label) + Str(v) + "\n";
  };
  field("phone:      ", d.phone);
  field("email:      ", d.email);
  field("address:    ", d.address);
  field("relatives:  ", d.relatives);
  field("notes:      ", d.notes);
  out.pop_back();
  Status st = cli.PrintLine(out);
  SecureWipe(out.data(), out.size());
  return st;
}

}  // namespace

void RegisterWitnessShow(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand("show", "Show a witness's contact details");
  cmd->add_option("ID", *id, "Witness id, e.g. W-7Q3KX")->required();
  cmd->callback([&cli, id] { cli.action = [&cli, id] { return Run(cli, *id); }; });
}

}  // namespace tvault::cli
