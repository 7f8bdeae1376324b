#include "confirm.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
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

}  // namespace

Status ConfirmByTypingId(const human::Text& what, const std::string& id,
                         const std::string& action) {
  human::Text prompt = what;
  prompt += human::Format("Type {} to {} (anything else cancels): ", id, action);
  Ask(prompt);
  auto normalized = NormalizeRecordId(ReadAnswer());
  if (!normalized.ok() || *normalized != id) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     action + " cancelled: " + id + " was not typed; nothing was changed");
  }
  return OkStatus();
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Status ConfirmByTypingPhrase(const human::Text& what, const std::string& phrase,
                             const std::string& action) {
  human::Text prompt = what;
  prompt += human::Format("Type \"{}\" to {} (anything else cancels): ", phrase, action);
  Ask(prompt);
  if (Lower(ReadAnswer()) != Lower(phrase)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     action + " cancelled: \"" + phrase + "\" was not typed; nothing was changed");
  }
  return OkStatus();
}

bool AskYesNo(const human::Text& question) {
  human::Text prompt = question;
  prompt += human::Format(" [y/N] ");
  Ask(prompt);
  const std::string answer = Lower(ReadAnswer());
  return answer == "y" || answer == "yes";
}

}  // namespace tvault::cli
