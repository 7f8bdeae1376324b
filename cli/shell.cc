#include "shell.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "app.h"
#include "exit_codes.h"
#include "line_reader.h"
#include "input/shell_words.h"

namespace tvault::cli {
namespace {

// Global options are the shell's: a line that names one would silently
// address another vault or passphrase than the one unlocked.
bool SameVaultOptions(const GlobalOptions& a, const GlobalOptions& b) {
  return a.vault_dir == b.vault_dir && a.passphrase_file == b.passphrase_file &&
         a.read_only == b.read_only && a.wait_seconds == b.wait_seconds;
}

void WipeWords(std::vector<std::string>& words) {
  for (std::string& w : words) SecureWipe(w.data(), w.size());
  words.clear();
}

// One line, run as `tvault <global options> <words>`.
int RunLine(const GlobalOptions& global, UnlockKey& kept, std::vector<std::string> words) {
  Cli cli;
  cli.global = global;
  cli.kept_unlock = &kept;
  CLI::App app{"tvault: an encrypted vault for witness testimonies.", "tvault"};
  BuildApp(app, cli);
  std::reverse(words.begin(), words.end());  // CLI11 takes them last first
  std::optional<int> done = ParseCommandLine(app, cli, [&] { app.parse(words); });
  WipeWords(words);
  if (done) return *done;
  if (!SameVaultOptions(cli.global, global)) {
    PrintErrorMessage("--vault, --passphrase-file, --read-only and --wait are set for the whole "
                      "shell: give them to `tvault shell`");
    return kExitUsage;
  }
  if (cli.command == "shell" || cli.command == "init") {
    PrintErrorMessage("`" + cli.command + "` cannot run inside `tvault shell`");
    return kExitUsage;
  }
  return RunCommand(cli);
}

std::string DescribeIdle(std::chrono::milliseconds idle) {
  const int64_t ms = idle.count();
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + (ms == 60000 ? " minute" : " minutes");
  return std::to_string((ms + 999) / 1000) + " seconds";
}

}  // namespace

int RunShell(const Cli& outer, std::chrono::milliseconds idle_lock) {
  UnlockKey kept;
  {
    Cli first = outer;
    first.kept_unlock = &kept;
    auto opened = first.OpenVault();
    if (!opened.ok()) return ExitFor(opened.take_error());
  }  // the vault is closed again: only the unlock is kept
  std::unique_ptr<LineReader> reader = LineReader::ForStandardInput("tvault> ");
  const auto lock = [&] {
    if (kept.empty()) return;
    kept.Forget();
    reader->ForgetRecall();
    PrintWarning(human::Format("locked after {} without input: the next command asks for the "
                               "passphrase",
                               DescribeIdle(idle_lock)));
  };
  int status = kExitOk;
  for (;;) {
    std::string line;
    const LineReader::Outcome got = reader->Read(line, idle_lock, lock);
    if (got == LineReader::Outcome::kInterrupted) return 130;
    if (got == LineReader::Outcome::kEnd) return status;
    auto words = SplitShellWords(line);
    SecureWipe(line.data(), line.size());
    if (!words.ok()) {
      status = ExitFor(words.take_error());
      continue;
    }
    if (words->empty()) continue;
    if (words->size() == 1 && words->front() == "exit") return status;
    status = RunLine(outer.global, kept, std::move(words).value());
  }
}

}  // namespace tvault::cli
