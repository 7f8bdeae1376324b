// tvault keyslot label N (TEXT | --clear)
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  int slot = 0;
  std::string label;
  bool clear = false;
};

Status Run(Cli& cli, Args& a) {
  PlainString label = TakeText(a.label);
  if (!a.clear && label.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "give the label TEXT, or --clear to remove it");
  }
  if (!a.clear) TVAULT_TRY(ValidateKeyslotLabel(label));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.SetKeyslotLabel(static_cast<uint8_t>(a.slot), label));
  if (cli.global.json) {
    Json j{{"slot", a.slot},
           {"label", a.clear ? Json(nullptr) : Json(std::string(label.data(), label.size()))}};
    return cli.PrintJson(j);
  }
  if (a.clear) return cli.PrintLine(human::Format("Removed the label of keyslot {}", a.slot));
  return cli.PrintLine(human::Format("Labelled keyslot {}: {}", a.slot, label));
}

}  // namespace

void RegisterKeyslotLabel(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "label", "Set or change the label of keyslot N (who or what its passphrase is for),\n"
               "or remove it with --clear. Labels are stored encrypted, never in vault.header");
  cmd->add_option("N", a->slot, "Keyslot number (see `keyslot list`)")
      ->required()
      ->check(CLI::Range(1, 255));
  auto* text = cmd->add_option("TEXT", a->label, "The label");
  auto* clear = cmd->add_flag("--clear", a->clear, "Remove the label");
  text->excludes(clear);
  clear->excludes(text);
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
