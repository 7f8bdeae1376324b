// Commands by name: finding `tvault witness add` from its words, and naming
// the closest command when a word is not one ("did you mean").
#ifndef TVAULT_CLI_COMMAND_NAMES_H_
#define TVAULT_CLI_COMMAND_NAMES_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <span>
#include <string>

#include "vault/result.h"

namespace tvault::cli {

// The command named by `words` under `root` ({"witness", "add"}); `root`
// itself for no words. kInvalidArgument naming the closest command when a
// word names none.
Result<const CLI::App*> FindCommand(const CLI::App& root, std::span<const std::string> words);

// "witness add" for the command `cmd`; empty for the program itself.
std::string CommandPath(const CLI::App& cmd);

// After a failed parse of `root`: if the first word left over stands where a
// command was expected (the deepest command given has commands of its own
// and none was chosen), the message for it, else nothing.
std::optional<std::string> UnknownCommandMessage(const CLI::App& root);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_COMMAND_NAMES_H_
