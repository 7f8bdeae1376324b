// tvault keyslot add: another passphrase that opens the same vault.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string new_file, label;
  uint32_t memory_mib = 0, passes = 0;
};

Status Run(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::optional<KdfParams> kdf, KdfFromOptions(a.memory_mib, a.passes));
  PlainString label = TakeText(a.label);
  if (!label.empty()) TVAULT_TRY(ValidateKeyslotLabel(label));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(SecretBytes fresh, cli.NewPassphrase(a.new_file));
  TVAULT_ASSIGN_OR_RETURN(uint8_t slot, vault.AddKeyslot(fresh, kdf, label));
  if (cli.global.json) {
    Json j{{"slot", slot}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Added keyslot {}", slot));
}

}  // namespace

void RegisterKeyslotAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add", "Add a keyslot: a second passphrase (e.g. for a colleague or a sealed backup)");
  cmd->add_option("--new-passphrase-file", a->new_file, "Read the new passphrase from FILE");
  cmd->add_option("--label", a->label,
                  "Who or what this passphrase is for (\"Anna's backup\"), shown by\n"
                  "`keyslot list`; stored encrypted, never in vault.header");
  AddKdfOptions(*cmd, a->memory_mib, a->passes);
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
