// Contact details of a witness that never pass through the command line
// (argv is readable in /proc by other users' tools and lands in shell
// history): read from a JSON file or standard input, or asked field by
// field on the terminal. For `witness add`, and for any command that takes
// a whole set of details. Not thread-safe (uses the standard streams).
#ifndef TVAULT_CLI_DETAILS_INPUT_H_
#define TVAULT_CLI_DETAILS_INPUT_H_

#include <string>

#include "vault/result.h"
#include "vault/vault.h"

namespace tvault::cli {

// The details in `path` ("-": standard input), a JSON object parsed by
// WitnessDetailsFromJson. The bytes are read into wiped memory, at most
// kMaxWitnessDetailsJson of them. Errors name `path`: kInvalidArgument for
// malformed content or a file too large, kNotFound / kIo as reading gives.
Result<WitnessDetails> ReadDetailsFile(const std::string& path);

// Asks for each field on standard error ("Name: ", "Aliases
// (comma-separated, empty for none): ", "Phone: ", ...) and reads one line
// of standard input for each, without stdio buffering (nothing is left in
// a buffer that is not wiped). Typed text is echoed, like any text typed
// at the terminal, but is never repeated in output or errors. An empty name
// is asked again. End of input before the last field: kFailedPrecondition
// "CONTEXT cancelled: ...". The caller checks CanAskOnTerminal() first.
Result<WitnessDetails> AskDetails(const std::string& context);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_DETAILS_INPUT_H_
