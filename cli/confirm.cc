#include "confirm.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <functional>
#include <iostream>

#include "vault/vault.h"

namespace tvault::cli {

// Both ends: the plan and the prompt go to standard error, so with it
// redirected the user would be asked to confirm what they cannot see.
bool CanAskOnTerminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

namespace {

// One line from standard input without the line end and surrounding spaces.
std::string ReadAnswer() {
  std::string typed;
  std::getline(std::cin, typed);
  while (!typed.empty() && (typed.back() == '\r' || typed.back() == ' ')) typed.pop_back();
  while (!typed.empty() && typed.front() == ' ') typed.erase(typed.begin());
  return typed;
}

void Ask(const human::Text& prompt) {
  std::fwrite(prompt.view().data(), 1, prompt.view().size(), stderr);
  std::fflush(stderr);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Shows `what` and asks to type `shown` to do `action`; OK only when
// `matches` accepts the answer.
Status ConfirmByTyping(const human::Text& what, const std::string& shown,
                       const std::string& action,
                       const std::function<bool(const std::string&)>& matches) {
  human::Text prompt = what;
  prompt += human::Format("Type {} to {} (anything else cancels): ", shown, action);
  Ask(prompt);
  if (!matches(ReadAnswer())) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     action + " cancelled: " + shown + " was not typed; nothing was changed");
  }
  return OkStatus();
}

}  // namespace

Status ConfirmByTypingId(const human::Text& what, const std::string& id,
                         const std::string& action) {
  return ConfirmByTyping(what, id, action, [&id](const std::string& typed) {
    auto normalized = NormalizeRecordId(typed);
    return normalized.ok() && *normalized == id;
  });
}

Status ConfirmByTypingPhrase(const human::Text& what, const std::string& phrase,
                             const std::string& action) {
  return ConfirmByTyping(what, "\"" + phrase + "\"", action,
                         [&phrase](const std::string& typed) { return Lower(typed) == Lower(phrase); });
}

bool AskYesNo(const human::Text& question) {
  human::Text prompt = question;
  prompt += human::Format(" [y/N] ");
  Ask(prompt);
  const std::string answer = Lower(ReadAnswer());
  return answer == "y" || answer == "yes";
}

}  // namespace tvault::cli
