// tvault: the command-line program. Hardens the process, parses the command
// line with the tree of app.h and runs the one command it names.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>

#include "app.h"
#include "exit_codes.h"
#include "vault/crypto_init.h"
#include "vault/process.h"

namespace {

using tvault::cli::Cli;
using tvault::cli::ExitFor;
using tvault::cli::PrintErrorMessage;

// The library's hardening (vault/process.h), before any secret exists.
void HardenProcess() {
  tvault::HardenProcess();
  // A closed pipe is reported by write() as an error, not by killing us.
  std::signal(SIGPIPE, SIG_IGN);
}

// Overwrites the arguments in place so that /proc/PID/cmdline stops showing
// contact details once they are parsed (shell history is beyond our reach;
// see docs/threat-model.md).
void ScrubArgv(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) std::memset(argv[i], 0, std::strlen(argv[i]));
}

}  // namespace

int main(int argc, char** argv) {
  HardenProcess();
  if (!tvault::InitCrypto()) {
    PrintErrorMessage("libsodium failed to initialise");
    return tvault::cli::kExitError;
  }
  try {
    Cli cli;
    CLI::App app{"tvault: an encrypted vault for witness testimonies.", "tvault"};
    tvault::cli::BuildApp(app, cli);
    if (std::optional<int> done =
            tvault::cli::ParseCommandLine(app, cli, [&] { app.parse(argc, argv); })) {
      return *done;
    }
    ScrubArgv(argc, argv);
    return tvault::cli::RunCommand(cli);
  } catch (const std::exception& e) {
    PrintErrorMessage(std::string("internal error: ") + e.what());
    return tvault::cli::kExitError;
  }
}
