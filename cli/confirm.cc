#include "confirm.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "vault/vault.h"

namespace tvault::cli {

// Both ends: the plan and the prompt go to standard error, so with it
// redirected the user would be asked to confirm what they cannot see.
bool CanAskOnTerminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

Status ConfirmByTypingId(const human::Text& what, const std::string& id,
                         const std::string& action) {
  human::Text prompt = what;
  prompt += human::Format("Type {} to {} (anything else cancels): ", id, action);
  std::fwrite(prompt.view().data(), 1, prompt.view().size(), stderr);
  std::fflush(stderr);
  std::string typed;
  std::getline(std::cin, typed);
  while (!typed.empty() && (typed.back() == '\r' || typed.back() == ' ')) typed.pop_back();
  while (!typed.empty() && typed.front() == ' ') typed.erase(typed.begin());
  auto normalized = NormalizeRecordId(typed);
  if (!normalized.ok() || *normalized != id) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     action + " cancelled: " + id + " was not typed; nothing was changed");
  }
  return OkStatus();
}

}  // namespace tvault::cli
