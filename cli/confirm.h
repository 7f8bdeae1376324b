// Confirmation of a destructive action on a terminal: the user types the id
// of what will be destroyed. Not thread-safe (uses the standard streams).
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

}  // namespace tvault::cli

#endif  // TVAULT_CLI_CONFIRM_H_
