// The command tree of tvault, and how an outcome becomes a message and an
// exit code: shared by main() and by `tvault shell`.
#ifndef TVAULT_CLI_APP_H_
#define TVAULT_CLI_APP_H_

#include <functional>
#include <optional>
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

// Runs `parse` (app.parse(...) of `app`, built on `cli`) and answers what
// needs no command: help, --version, a parse error. Their exit code, or
// nullopt when cli.action and cli.command are set for RunCommand.
std::optional<int> ParseCommandLine(CLI::App& app, Cli& cli, const std::function<void()>& parse);
// Runs the parsed command: its exit code, its error printed.
int RunCommand(Cli& cli);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_APP_H_
