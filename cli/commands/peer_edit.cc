// tvault peer edit NAME [--age-recipient age1...|FILE] [--minisign-key RW...|FILE]
#include "cli.h"
#include "human/render.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string name, age_recipient, minisign_key;
};

// A changed key is worth only what the channel it came over is worth: the
// warning asks for the comparison that `peer add` asked for.
void WarnKeyChanged(const PeerKeyChange& c) {
  human::Text keys;
  if (c.age_recipient_changed) {
    keys += human::Format("new age recipient fingerprint {}", c.peer.recipient_fingerprint);
  }
  if (c.minisign_key_changed) {
    keys += human::Format("{}new minisign key id {}",
                          c.age_recipient_changed ? human::Format(", ") : human::Text(),
                          c.peer.minisign_key_id);
  }
  PrintWarning(human::Format(
      "the keys of peer {} changed ({}): compare this fingerprint with them again over another "
      "channel (in person or by phone) before you export to them or trust their bundles",
      c.peer.name, keys));
}

Status Run(Cli& cli, Args& a) {
  PlainString name = TakeText(a.name);
  TVAULT_ASSIGN_OR_RETURN(std::string age, KeyOption(a.age_recipient, KeyKind::kAgeRecipient));
  TVAULT_ASSIGN_OR_RETURN(std::string minisign,
                          KeyOption(a.minisign_key, KeyKind::kMinisignKey));
  TVAULT_TRY(ValidatePeerKeys(age, minisign));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(PeerKeyChange c, vault.EditPeer(name, age, minisign));
  WarnKeyChanged(c);
  if (cli.global.json) {
    Json j{{"name", std::string(c.peer.name.data(), c.peer.name.size())},
           {"age_recipient", c.peer.age_recipient},
           {"minisign_public_key", c.peer.minisign_public_key},
           {"recipient_fingerprint", c.peer.recipient_fingerprint},
           {"minisign_key_id", c.peer.minisign_key_id},
           {"age_recipient_changed", c.age_recipient_changed},
           {"minisign_key_changed", c.minisign_key_changed}};
    return cli.PrintJson(j);
  }
  return cli.Print(human::PeerList({c.peer}));
}

}  // namespace

void RegisterPeerEdit(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "edit",
      "Replace a peer's age recipient and/or minisign key (the other stays). Each option\n"
      "takes the key or a file holding it, as for `peer add`. The change is logged, and\n"
      "tvault warns that the new fingerprint must be compared with the person again.\n"
      "Giving the key the peer already holds changes nothing and is refused");
  cmd->add_option("NAME", a->name, "The peer's name (matched ignoring case)")->required();
  cmd->add_option("--age-recipient", a->age_recipient,
                  "Their new age recipient (age1...), or a file holding it");
  cmd->add_option("--minisign-key", a->minisign_key,
                  "Their new minisign public key (RW...), or their .pub file");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
