// tvault panic: make the vault unreadable at once and for good. The library
// (vault/panic.h) destroys the keyslots first, then the files; this command
// asks for confirmation and says what still exists elsewhere.
#include "cli.h"
#include "confirm.h"
#include "vault/panic.h"

namespace tvault::cli {
namespace {

constexpr const char* kPhrase = "destroy this vault";

struct Args {
  bool yes = false;
  bool override_hold = false;
};

human::Text Report(const std::filesystem::path& dir, const PanicReport& r) {
  human::Text out = human::Format(
      "Destroyed the vault at {}: its keyslots were overwritten and synced after {} ms, then {} "
      "files and folders were removed.\n",
      std::filesystem::absolute(dir).string(), static_cast<int64_t>(r.keyslots_destroyed_ms + 0.5),
      r.removed.size());
  for (const std::string& left : r.left) out += human::Format("Left in place: {}\n", left);
  if (r.another_command_running) {
    out += human::Format(
        "Another tvault command had the vault open: it keeps the keys in its memory until it "
        "ends. Stop it, or switch the machine off.\n");
  }
  out += human::Format(
      "What still exists, out of reach of this command:\n"
      "  - backups and copies of this vault folder: each holds its own keyslots, which the\n"
      "    passphrases of that time still open;\n"
      "  - bundles already sent: each recipient can open theirs;\n"
      "  - exported audit logs and checkpoints (they hold no statement, but ids and times);\n"
      "  - old blocks of the overwritten header on an SSD or in filesystem snapshots: its\n"
      "    keyslots there are as strong as the passphrases were.\n"
      "Recovery shares of this vault are now useless.\n");
  return out;
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::filesystem::path dir, cli.VaultDir());
  if (cli.global.read_only) {
    return MakeError(ErrorCode::kInvalidArgument, "`tvault panic` destroys the vault; drop --read-only");
  }
  const PanicOptions options{a.override_hold};
  TVAULT_TRY(CheckPanicTarget(dir, options));
  if (!a.yes) {
    if (!CanAskOnTerminal()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "panic destroys the vault for good and there is no terminal to confirm "
                       "on: add --yes");
    }
    TVAULT_TRY(ConfirmByTypingPhrase(
        human::Format("tvault panic destroys the vault at {} for good: every keyslot at once, "
                      "then the database and every evidence file. There is no undo.\n",
                      std::filesystem::absolute(dir).string()),
        kPhrase, "panic"));
  }
  // A shell's unlock is of a vault that no longer exists.
  if (cli.kept_unlock != nullptr) cli.kept_unlock->Forget();
  TVAULT_ASSIGN_OR_RETURN(PanicReport report, PanicVault(dir, options));
  if (cli.global.json) {
    Json j{{"vault", std::filesystem::absolute(dir).string()},
           {"keyslots_destroyed_ms", report.keyslots_destroyed_ms},
           {"removed", report.removed},
           {"left", report.left},
           {"another_command_running", report.another_command_running}};
    return cli.PrintJson(j);
  }
  return cli.Print(Report(dir, report));
}

}  // namespace

void RegisterPanic(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "panic",
      "Make the vault unreadable at once and for good, without its passphrase: first every\n"
      "keyslot in vault.header is overwritten with random bytes and synced (under a second\n"
      "whatever the vault's size: from then on nothing in it can be decrypted), then the\n"
      "header, the database and every evidence file are deleted. On a terminal you confirm\n"
      "by typing \"destroy this vault\"; without one (scripts) it needs --yes. Afterwards it\n"
      "says what still exists elsewhere: backups, bundles already sent, blocks on an SSD.\n"
      "It does not wait for another tvault command: one that is running keeps its keys\n"
      "in memory until it ends. Nothing is logged: the audit log goes with the vault.\n"
      "A vault under legal hold is refused unless --override-hold.");
  cmd->add_flag("--yes", a->yes, "Do not ask (needed without a terminal)");
  cmd->add_flag("--override-hold", a->override_hold,
                "Destroy a vault under legal hold (`tvault hold list`) anyway; without it such\n"
                "a vault is refused (exit 1). The hold count is read without the passphrase");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
