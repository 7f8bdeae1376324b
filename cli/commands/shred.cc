// tvault shred: crypto-erase a testimony or a witness, keeping a tombstone.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, reason;
  bool cascade = false;
};

Status Run(Cli& cli, Args& a) {
  PlainString reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(ShredReport report, vault.Shred(a.id, reason, a.cascade));
  if (cli.global.json) {
    Json j{{"shredded", report.shredded_ids}};
    return cli.PrintJson(j);
  }
  for (const std::string& id : report.shredded_ids) TVAULT_TRY(cli.PrintLine(human::Format("shredded {}", id)));
  return OkStatus();
}

}  // namespace

void RegisterShred(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "shred",
      "Crypto-erase a testimony (T-...) or a witness (W-...): its record keys and\n"
      "ciphertext are destroyed; a tombstone keeps id, time, reason and the SHA-256 of\n"
      "each statement version. A witness with testimonies is refused unless --cascade.");
  cmd->add_option("ID", a->id, "Testimony or witness id")->required();
  cmd->add_option("--reason", a->reason, "Why it is shredded (kept in the tombstone)")->required();
  cmd->add_flag("--cascade", a->cascade, "Also shred every testimony of the witness");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
