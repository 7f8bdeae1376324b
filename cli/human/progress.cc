#include "human/progress.h"

#include <string>

namespace tvault::cli::human {
namespace {

constexpr int kBarCells = 20;

std::string Amount(uint64_t n, ProgressUnit unit) {
  if (unit != ProgressUnit::kBytes) return std::to_string(n);
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  if (u == 0) return std::to_string(n) + " B";
  const int tenths = static_cast<int>(v * 10.0 + 0.5);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[u];
}

const char* UnitWord(ProgressUnit unit) {
  switch (unit) {
    case ProgressUnit::kBytes: return "";
    case ProgressUnit::kTestimonies: return " testimonies";
    case ProgressUnit::kSteps: return " steps";
  }
  return "";
}

}  // namespace

Text RenderProgress(std::string_view verb, uint64_t done, uint64_t total, ProgressUnit unit) {
  if (total == 0) {
    return Format("{}  {}{}", std::string(verb), Amount(done, unit), std::string(UnitWord(unit)));
  }
  if (done > total) done = total;
  const std::string amount = Amount(done, unit);
  const int percent = static_cast<int>(done * 100 / total);
  const int cells = static_cast<int>(done * kBarCells / total);
  const std::string bar = std::string(static_cast<std::size_t>(cells), '#') +
                          std::string(static_cast<std::size_t>(kBarCells - cells), '.');
  return Format("{}  [{}]  {}%  {} of {}{}", std::string(verb), bar, percent, amount,
                Amount(total, unit), std::string(UnitWord(unit)));
}

bool ProgressPacer::ShouldDraw(Clock::time_point now) {
  if (now - start_ < delay_) return false;
  if (last_ && now - *last_ < interval_) return false;
  last_ = now;
  return true;
}

}  // namespace tvault::cli::human
