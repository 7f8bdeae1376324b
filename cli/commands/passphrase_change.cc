// tvault passphrase change: re-wrap the master key under a new passphrase in
// the keyslot the current passphrase opened.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string new_file;
  uint32_t memory_mib = 0, passes = 0;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::optional<KdfParams> kdf, KdfFromOptions(a.memory_mib, a.passes));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(SecretBytes fresh, cli.NewPassphrase(a.new_file));
  TVAULT_TRY(vault.ChangePassphrase(fresh, kdf));
  if (cli.global.json) {
    Json j{{"changed", true}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Passphrase changed. The old passphrase no longer opens this vault."));
}

}  // namespace

void RegisterPassphraseChange(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "change",
      "Change the passphrase of the keyslot your current passphrase opens.\n"
      "The new one comes from --new-passphrase-file, or is asked twice on the terminal.");
  cmd->add_option("--new-passphrase-file", a->new_file, "Read the new passphrase from FILE");
  AddKdfOptions(*cmd, a->memory_mib, a->passes);
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
