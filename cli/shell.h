// `tvault shell`: one unlock, then commands read from the terminal until
// `exit`, end of input or a signal; an idle lock wipes the kept unlock.
#ifndef TVAULT_CLI_SHELL_H_
#define TVAULT_CLI_SHELL_H_

#include <chrono>

#include "cli.h"

namespace tvault::cli {

// Runs the shell for the vault and global options of `outer` (whose
// command is "shell"). Each line is parsed and run as `tvault` with those
// global options would run it; its output, errors and audit events are the
// command's own. The vault is opened once per command, so its lock is held
// only while a command runs. After `idle_lock` without input the kept
// unlock is wiped, and the next command asks for the passphrase.
// The exit code is the last command's (0 if none ran); 130 when a signal
// ended the wait for input; the unlock's when the first unlock fails.
int RunShell(const Cli& outer, std::chrono::milliseconds idle_lock);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_SHELL_H_
