// The command tree of tvault, and how an outcome becomes a message and an
// exit code: shared by main() and by `tvault shell`.
#ifndef TVAULT_CLI_APP_H_
#define TVAULT_CLI_APP_H_

#include <string>

#include "cli.h"

namespace tvault::cli {

// `message` (text from outside: paths, ids, words typed) on standard error
// as "tvault: ...", escaped once, on one line.
void PrintErrorMessage(const std::string& message);
// The exit code of a command's outcome; its error printed.
int ExitFor(const Status& status);
// Every global option and subcommand of tvault, bound to `cli`.
void BuildApp(CLI::App& app, Cli& cli);
// A parse error as tvault words it: an unknown command is named with the
// closest known one; anything else in CLI11's words.
void PrintParseError(const CLI::App& app, const CLI::ParseError& e);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_APP_H_
