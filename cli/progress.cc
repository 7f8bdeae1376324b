#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace tvault::cli {
namespace {

// Our own control sequences, never text from outside: back to the start of
// the line, and erase to its end.
constexpr char kRedraw[] = "\r\x1b[K";

void Draw(const human::Text* line) {
  std::fwrite(kRedraw, 1, sizeof kRedraw - 1, stderr);
  if (line != nullptr) std::fwrite(line->view().data(), 1, line->view().size(), stderr);
  std::fflush(stderr);
}

}  // namespace

ProgressBar::ProgressBar(std::string verb, human::ProgressUnit unit)
    : verb_(std::move(verb)),
      unit_(unit),
      terminal_(::isatty(STDERR_FILENO) == 1),
      pacer_(human::ProgressPacer::Clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Finish() {
  if (pacer_.drawn() && !finished_) Draw(nullptr);
  finished_ = true;
}

Progress ProgressBar::Callback() {
  if (!terminal_) return {};
  return [this](uint64_t done, uint64_t total) { Update(done, total); };
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (finished_ || !pacer_.ShouldDraw(human::ProgressPacer::Clock::now())) return;
  const human::Text line = human::RenderProgress(verb_, done, total, unit_);
  Draw(&line);
}

}  // namespace tvault::cli
