// tvault recovery create: recovery shares, T of N of which open the vault.
#include "cli.h"
#include "recovery_shares.h"
#include "vault/recovery.h"

namespace tvault::cli {
namespace {

struct Args {
  int threshold = 0, shares = 0;
  std::string out_dir;
  bool replace = false;
};

Status Run(Cli& cli, Args& a) {
  RecoveryPlan plan;
  plan.threshold = static_cast<uint8_t>(a.threshold);
  plan.share_count = static_cast<uint8_t>(a.shares);
  plan.replace = a.replace;
  TVAULT_TRY(ValidateRecoveryPlan(plan));
  const std::filesystem::path out_dir(a.out_dir);
  TVAULT_TRY(CheckShareOutput(out_dir, plan.share_count));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(RecoverySet set, vault.CreateRecovery(plan));
  return PrintNewShares(cli, set, out_dir);
}

}  // namespace

Status PrintNewShares(Cli& cli, const RecoverySet& set, const std::filesystem::path& out_dir) {
  // The keyslot exists from here: if the shares cannot be shown, nobody
  // holds them, and the set must be replaced.
  Result<std::vector<std::filesystem::path>> pages = ShowShares(set, out_dir);
  if (!pages.ok()) {
    return MakeError(pages.error().code,
                     pages.error().message +
                         "; the shares of recovery keyslot " +
                         std::to_string(set.info.slot_id) +
                         " were not all given out: make a new set with `tvault recovery create "
                         "--replace`");
  }
  if (cli.global.json) {
    Json files = Json::array();
    for (const auto& p : *pages) files.push_back(p.string());
    Json j{{"slot", set.info.slot_id},
           {"threshold", set.info.threshold},
           {"shares", set.info.share_count},
           {"vault_fingerprint", set.vault_fingerprint},
           {"pages", files}};
    return cli.PrintJson(j);
  }
  if (!out_dir.empty()) {
    TVAULT_TRY(cli.PrintLine(human::Format(
        "Wrote {} share pages to {} (one per holder; print each, then delete the files)",
        set.info.share_count, out_dir.string())));
  }
  return cli.PrintLine(human::Format(
      "Recovery keyslot {}: any {} of the {} shares open this vault (fingerprint {}).\n"
      "Give each share to a different person you trust, in person. Keep no copy yourself.",
      set.info.slot_id, set.info.threshold, set.info.share_count, set.vault_fingerprint));
}

void RegisterRecoveryCreate(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "create",
      "Make recovery shares: N SLIP-39 mnemonics (33 words each), any T of which open\n"
      "the vault if the passphrase is lost. Each share is shown once: on the terminal,\n"
      "one at a time, or written as a printable page (words and a QR code) to --out-dir.");
  cmd->add_option("--threshold", a->threshold, "Shares needed to recover (T, at least 2)")
      ->required()
      ->check(CLI::Range(1, 255));
  cmd->add_option("--shares", a->shares, "Shares to make (N, T to 16)")
      ->required()
      ->check(CLI::Range(1, 255));
  cmd->add_option("--out-dir", a->out_dir,
                  "Write share-K-of-N.html pages (mode 0600) to DIR instead of the terminal;\n"
                  "print them, hand them out, and delete the files");
  cmd->add_flag("--replace", a->replace,
                "Replace the vault's recovery shares: the old set stops working");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
