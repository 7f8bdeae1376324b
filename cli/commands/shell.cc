// tvault shell: unlock once, then run commands typed at a prompt.
#include "cli.h"
#include "shell.h"

namespace tvault::cli {
namespace {

struct Args {
  double idle_lock_minutes = 5;
};

}  // namespace

void RegisterShell(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "shell",
      "Unlock once, then run commands: type them as after `tvault` (witness list,\n"
      "search Ürümqi, ...), without the global options, which are the shell's.\n"
      "Quotes and backslashes work as in sh; nothing is expanded. Each command is\n"
      "audited as if run alone, and the vault is locked for other tvault\n"
      "processes only while a command runs. Line editing on a terminal; no\n"
      "history file is written, and lines kept for the arrow keys are forgotten\n"
      "at the idle lock. Leaves at `exit`, end of input (Ctrl-D) or Ctrl-C, with\n"
      "the exit code of the last command. An unlocked shell is an unlocked vault:\n"
      "lock your screen, or leave it, when you step away");
  cmd->add_option("--idle-lock", a->idle_lock_minutes,
                  "Minutes without input after which the keys are wiped and the next command\n"
                  "asks for the passphrase again (default 5; decimals allowed)")
      ->check(CLI::Range(0.01, 1440.0));
  cmd->callback([&cli, a] {
    cli.action = [&cli, a] {
      const auto idle = std::chrono::milliseconds(
          static_cast<int64_t>(a->idle_lock_minutes * 60000.0 + 0.5));
      // The status is the last command's: errors were printed as they came.
      cli.exit_status = RunShell(cli, idle);
      return OkStatus();
    };
  });
}

}  // namespace tvault::cli
