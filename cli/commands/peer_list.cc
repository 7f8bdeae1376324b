// tvault peer list
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<Peer> peers, vault.ListPeers());
  if (cli.global.json) {
    Json j = Json::array();
    for (const Peer& p : peers) {
      j.push_back(Json{{"name", std::string(p.name.data(), p.name.size())},
                       {"age_recipient", p.age_recipient},
                       {"minisign_public_key", p.minisign_public_key},
                       {"recipient_fingerprint", p.recipient_fingerprint},
                       {"minisign_key_id", p.minisign_key_id},
                       {"created_at", FormatUtc(p.created_at_unix_s)}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::PeerList(peers));
}

}  // namespace

void RegisterPeerList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand("list", "List peers with their keys and fingerprints");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
