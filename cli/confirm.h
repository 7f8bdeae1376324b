// Confirmation on a terminal: of a destructive action (the user types the id
// of what will be destroyed), or of a risky choice (y/N). Not thread-safe
// (uses the standard streams).
#ifndef TVAULT_CLI_CONFIRM_H_
#define TVAULT_CLI_CONFIRM_H_

#include <string>

#include "human/human.h"
#include "vault/result.h"

namespace tvault::cli {

// Whether there is a person to ask: standard input and standard error (where
// the plan and the prompt go) are both a terminal.
bool CanAskOnTerminal();

// Writes `what` and the prompt "Type ID to ACTION (anything else cancels): "
// on standard error, then reads one line from standard input. OK only if the
// line is `id` (letter case and surrounding spaces aside); anything else,
// end of input included, is kFailedPrecondition "ACTION cancelled: ID was
// not typed; nothing was changed". The typed text is never repeated.
Status ConfirmByTypingId(const human::Text& what, const std::string& id,
                         const std::string& action);

// As ConfirmByTypingId, for an action on no record: the user types
// `phrase` (letter case and surrounding spaces aside).
Status ConfirmByTypingPhrase(const human::Text& what, const std::string& phrase,
                             const std::string& action);

// Writes `question` and " [y/N] " on standard error, then reads one line
// from standard input: true only for "y" or "yes" (any letter case,
// surrounding spaces aside); anything else, end of input included, is no.
bool AskYesNo(const human::Text& question);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_CONFIRM_H_
