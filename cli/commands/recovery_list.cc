// tvault recovery list: whether the vault has recovery shares, and how many.
#include "cli.h"
#include "vault/recovery.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::optional<RecoveryInfo> info, vault.RecoveryStatus());
  if (cli.global.json) {
    Json j = Json::array();
    if (info) {
      j.push_back(Json{{"slot", info->slot_id},
                       {"created_at", FormatUtc(info->created_at_unix_s)},
                       {"threshold", info->threshold != 0 ? Json(info->threshold) : Json(nullptr)},
                       {"shares", info->share_count != 0 ? Json(info->share_count) : Json(nullptr)}});
    }
    return cli.PrintJson(j);
  }
  if (!info) {
    return cli.PrintLine(human::Format(
        "No recovery shares. Make them with: tvault recovery create --threshold T --shares N"));
  }
  if (info->threshold == 0) {
    return cli.PrintLine(human::Format("Recovery keyslot {}: created {} (how many shares: unknown)",
                                       info->slot_id, FormatUtc(info->created_at_unix_s)));
  }
  return cli.PrintLine(human::Format("Recovery keyslot {}: any {} of {} shares, created {}",
                                     info->slot_id, info->threshold, info->share_count,
                                     FormatUtc(info->created_at_unix_s)));
}

}  // namespace

void RegisterRecoveryList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "list", "Show the vault's recovery shares: keyslot, how many are needed of how many");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
