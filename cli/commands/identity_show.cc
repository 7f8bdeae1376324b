// tvault identity show: what others need to send to you and to verify you.
#include "cli.h"
#include "human/render.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(IdentityInfo id, vault.Identity());
  const std::string name(id.name.data(), id.name.size());
  if (cli.global.json) {
    Json j{{"name", name},
           {"minisign_public_key", id.minisign_public_key},
           {"age_recipient", id.age_recipient},
           {"fingerprint", id.fingerprint}};
    return cli.PrintJson(j);
  }
  return cli.Print(human::IdentityShow(id));
}

}  // namespace

void RegisterIdentityShow(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "show",
      "Show your identity: the minisign public key (RW...) that verifies your bundles and\n"
      "audit checkpoints (`minisign -V -P RW...`), the age recipient others encrypt to\n"
      "(age1...), and a short fingerprint to compare over a trusted channel.");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
