// The text and the timing of a progress bar (cli/progress.h draws it):
// pure, so that tests can drive them with their own clock.
#ifndef TVAULT_CLI_HUMAN_PROGRESS_H_
#define TVAULT_CLI_HUMAN_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <optional>

#include "human/human.h"

namespace tvault::cli::human {

enum class ProgressUnit { kBytes, kTestimonies, kSteps };

// "Exporting  [##########..........]  50%  12 of 24 testimonies", at most
// 79 columns. `total` 0 (unknown): no bar and no percentage.
Text RenderProgress(std::string_view verb, uint64_t done, uint64_t total, ProgressUnit unit);

// When to draw: not before `delay` has passed since the start (a quick
// command shows nothing), then at most every `interval`.
class ProgressPacer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ProgressPacer(Clock::time_point start,
                         Clock::duration delay = std::chrono::seconds(1),
                         Clock::duration interval = std::chrono::milliseconds(100))
      : start_(start), delay_(delay), interval_(interval) {}
  // Whether to draw now; true moves the next drawing `interval` later.
  bool ShouldDraw(Clock::time_point now);
  bool drawn() const { return last_.has_value(); }

 private:
  Clock::time_point start_;
  Clock::duration delay_, interval_;
  std::optional<Clock::time_point> last_;
};

}  // namespace tvault::cli::human

#endif  // TVAULT_CLI_HUMAN_PROGRESS_H_
