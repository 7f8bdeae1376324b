// A progress bar on standard error for the long commands (export, check,
// bundle verify and import, evidence add and get): drawn only when standard
// error is a terminal and the work has taken more than a second, redrawn at
// most ten times a second, and erased when it ends. Use from one thread.
#ifndef TVAULT_CLI_PROGRESS_H_
#define TVAULT_CLI_PROGRESS_H_

#include <string>

#include "human/progress.h"
#include "vault/vault.h"

namespace tvault::cli {

class ProgressBar {
 public:
  ProgressBar(std::string verb, human::ProgressUnit unit);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // What the library's methods take; valid while the bar lives. Empty when
  // standard error is not a terminal, so that nothing is even computed.
  Progress Callback();
  // Erases the bar now (the destructor does it otherwise).
  void Finish();

 private:
  void Update(uint64_t done, uint64_t total);

  std::string verb_;
  human::ProgressUnit unit_;
  bool terminal_;
  human::ProgressPacer pacer_;
  bool finished_ = false;
};

// Runs `work(progress)` under a bar, which is erased before it returns (and
// so before the command prints its result or its error).
template <typename Work>
auto WithProgress(std::string verb, human::ProgressUnit unit, Work&& work) {
  ProgressBar bar(std::move(verb), unit);
  return work(bar.Callback());
}

}  // namespace tvault::cli

#endif  // TVAULT_CLI_PROGRESS_H_
