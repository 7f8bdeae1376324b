// Splitting a line typed at `tvault shell` into words, as a POSIX shell
// splits a simple command: blanks separate words; '...' keeps everything
// literally; "..." keeps everything but \" and \\ (a backslash before any
// other character stays); outside quotes a backslash keeps the next
// character. A '#' that starts a word starts a comment. Nothing is expanded
// ($, ~, *, `...` are plain characters).
//
// The line is untrusted text (fuzzed by tests/fuzz/shell_words_fuzz.cc).
#ifndef TVAULT_CLI_INPUT_SHELL_WORDS_H_
#define TVAULT_CLI_INPUT_SHELL_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "vault/result.h"

namespace tvault::cli {

// The words of `line`, in order (empty for a blank or comment line).
// kInvalidArgument for an unterminated quote or a trailing backslash.
Result<std::vector<std::string>> SplitShellWords(std::string_view line);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_INPUT_SHELL_WORDS_H_
