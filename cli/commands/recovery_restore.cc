// tvault recovery restore: open the vault with recovery shares and set a
// new passphrase; the shares used stop working.
#include <unistd.h>

#include "cli.h"
#include "confirm.h"
#include "recovery_shares.h"
#include "vault/recovery.h"

namespace tvault::cli {
namespace {

struct Args {
  std::vector<std::string> share_files;
  std::string new_file, new_out_dir;
  int slot = 0;
  bool add_slot = false;
  uint32_t memory_mib = 0, passes = 0;
};

// A share from a file: one mnemonic, at most 16 KiB (the library's cap on a
// share's text), line ends and surrounding spaces as the parser takes them.
Result<SecretBytes> ReadShareFile(const std::string& path) {
  return ReadSecretFile(path, 16 * 1024, "share file");
}

Status AddShare(RecoveryShares& shares, const SecretBytes& mnemonic, const std::string& where) {
  if (Status added = shares.Add(mnemonic); !added.ok()) {
    return MakeError(added.error().code, where + ": " + added.error().message);
  }
  return OkStatus();
}

Status GatherShares(RecoveryShares& shares, const Args& a) {
  for (const std::string& f : a.share_files) {
    TVAULT_ASSIGN_OR_RETURN(SecretBytes m, ReadShareFile(f));
    TVAULT_TRY(AddShare(shares, m, f));
    PrintNote(human::Format("{}: {}", f, shares.Progress()));
  }
  if (shares.complete()) return OkStatus();
  if (!CanAskOnTerminal()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "not enough recovery shares (" + shares.Progress() +
                         "); give each with --share-file FILE, or run on a terminal");
  }
  while (!shares.complete()) {
    const std::string prompt = "Share " + std::to_string(shares.size() + 1) +
                               " (its words, separated by spaces; not shown): ";
    Result<SecretBytes> typed = AskHidden(prompt.c_str(), "share", "--share-file FILE");
    if (!typed.ok()) return typed.take_error();
    // A mistyped share changes nothing: say why and ask again.
    if (Status added = shares.Add(*typed); !added.ok()) {
      PrintError(human::Format("{}", added.error().message));
      continue;
    }
    PrintNote(human::Format("{}", shares.Progress()));
  }
  return OkStatus();
}

Status Run(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::filesystem::path dir, cli.VaultDir());
  TVAULT_ASSIGN_OR_RETURN(std::optional<KdfParams> kdf, KdfFromOptions(a.memory_mib, a.passes));
  RecoverOptions options;
  options.replace_slot = static_cast<uint8_t>(a.slot);
  options.add_slot = a.add_slot;
  options.kdf = kdf;
  TVAULT_ASSIGN_OR_RETURN(RecoverTarget target, CheckRecoverTarget(dir, options));
  const std::filesystem::path new_out_dir(a.new_out_dir);
  if (!new_out_dir.empty()) TVAULT_TRY(CheckShareOutput(new_out_dir, 0));

  RecoveryShares shares;
  TVAULT_TRY(GatherShares(shares, a));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes fresh, cli.NewPassphrase(a.new_file));
  OpenOptions open;
  open.wait = std::chrono::seconds(cli.global.wait_seconds);
  TVAULT_ASSIGN_OR_RETURN(Recovered recovered, Vault::Recover(dir, shares, fresh, options, open));
  const RecoveryInfo& used = recovered.used;
  const bool replaced = target.replace_slot != 0;
  if (!cli.global.json) {
    TVAULT_TRY(cli.PrintLine(human::Format(
        "Recovered: the new passphrase {} keyslot {}. The shares of recovery keyslot {} no "
        "longer open the vault.",
        replaced ? "replaces the one of" : "opens new", recovered.new_slot, used.slot_id)));
  }
  // The used shares have been seen by others: offer a new set at once.
  RecoveryPlan plan{used.threshold, used.share_count, false};
  const bool can_remake = ValidateRecoveryPlan(plan).ok();
  bool remake = !new_out_dir.empty();
  if (!remake && can_remake && !cli.global.json && CanAskOnTerminal() &&
      ::isatty(STDOUT_FILENO) == 1) {
    remake = AskYesNo(human::Format("Make a new set of shares now ({} of {}, as before)?",
                                    used.threshold, used.share_count));
  }
  if (remake && can_remake) {
    TVAULT_ASSIGN_OR_RETURN(RecoverySet set, recovered.vault.CreateRecovery(plan));
    return PrintNewShares(cli, set, new_out_dir);
  }
  if (cli.global.json) {
    Json j{{"slot", recovered.new_slot},
           {"replaced", replaced},
           {"revoked_recovery_slot", used.slot_id},
           {"new_shares", false}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "Make a new set of shares now: tvault recovery create --threshold {} --shares {}",
      used.threshold != 0 ? used.threshold : 2, used.share_count != 0 ? used.share_count : 3));
}

}  // namespace

void RegisterRecoveryRestore(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "restore",
      "Open the vault with recovery shares and set a new passphrase. Shares are asked\n"
      "one at a time on the terminal (not shown as typed), or read with --share-file;\n"
      "after each, how many more are needed. The set used stops working at once (its\n"
      "holders have handed their shares over), and a new set is offered.");
  cmd->add_option("--share-file", a->share_files,
                  "Read a share (its words) from FILE; repeat for each share")
      ->check(CLI::ExistingFile);
  cmd->add_option("--new-passphrase-file", a->new_file, "Read the new passphrase from FILE");
  cmd->add_option("--slot", a->slot,
                  "The passphrase keyslot the new passphrase replaces (see `keyslot list`);\n"
                  "needed when the vault has several")
      ->check(CLI::Range(1, 8));
  cmd->add_flag("--add-slot", a->add_slot,
                "Add a keyslot for the new passphrase instead of replacing one");
  cmd->add_option("--new-shares-out-dir", a->new_out_dir,
                  "Make the new set of shares at once (same T of N) and write its pages to DIR");
  AddKdfOptions(*cmd, a->memory_mib, a->passes);
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
