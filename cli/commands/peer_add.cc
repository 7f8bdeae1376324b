// tvault peer add NAME [--age-recipient age1...] [--minisign-key RW...]
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string name, age_recipient, minisign_key;
};

Status Run(Cli& cli, Args& a) {
  PlainString name = TakeText(a.name);
  TVAULT_ASSIGN_OR_RETURN(std::string age, KeyOption(a.age_recipient, KeyKind::kAgeRecipient));
  TVAULT_ASSIGN_OR_RETURN(std::string minisign,
                          KeyOption(a.minisign_key, KeyKind::kMinisignKey));
  TVAULT_TRY(ValidatePeer(name, age, minisign));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.AddPeer(name, age, minisign));
  if (cli.global.json) {
    Json j{{"added", std::string(name.data(), name.size())}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "Added peer. Compare fingerprints with them over a channel you trust (`tvault peer list`)."));
}

}  // namespace

void RegisterPeerAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add",
      "Add a peer: someone you export bundles to (--age-recipient, from `age-keygen` or\n"
      "their `tvault identity show`) and/or whose bundles you accept (--minisign-key RW...).\n"
      "Keys are checked (checksum, length, curve point) and refused if malformed.\n"
      "Each option takes the key itself or a file holding it: an age recipients file\n"
      "(lines starting with # and blank lines are skipped) or a minisign .pub file\n"
      "(its \"untrusted comment:\" line is skipped), with exactly one key. A value that\n"
      "is a valid key is taken as the key, even if a file of that name exists.");
  cmd->add_option("NAME", a->name,
                  "A name you will use with --to (stored encrypted; unique and matched\n"
                  "ignoring upper and lower case)")
      ->required();
  cmd->add_option("--age-recipient", a->age_recipient,
                  "Their age recipient (age1...), or a file holding it");
  cmd->add_option("--minisign-key", a->minisign_key,
                  "Their minisign public key (RW...), or their .pub file");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
