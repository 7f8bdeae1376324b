// The progress bar's text and timing (cli/human/progress.h).
#include "human/progress.h"

#include <gtest/gtest.h>

namespace tvault::cli::human {
namespace {

using std::chrono::milliseconds;

std::string Str(const Text& t) { return std::string(t.view()); }

TEST(HumanProgress, RendersBarPercentAndAmounts) {
  EXPECT_EQ(Str(RenderProgress("Exporting", 12, 24, ProgressUnit::kTestimonies)),
            "Exporting  [##########..........]  50%  12 of 24 testimonies");
  EXPECT_EQ(Str(RenderProgress("Checking", 0, 7, ProgressUnit::kSteps)),
            "Checking  [....................]  0%  0 of 7 steps");
  EXPECT_EQ(Str(RenderProgress("Verifying", 3u << 20, 12u << 20, ProgressUnit::kBytes)),
            "Verifying  [#####...............]  25%  3.0 MiB of 12.0 MiB");
  EXPECT_EQ(Str(RenderProgress("Verifying", 512, 1000, ProgressUnit::kBytes)),
            "Verifying  [##########..........]  51%  512 B of 1000 B");
  // More than the total (a file that grew) stays at 100%; no total: no bar.
  EXPECT_EQ(Str(RenderProgress("Importing", 9, 4, ProgressUnit::kSteps)),
            "Importing  [####################]  100%  4 of 4 steps");
  EXPECT_EQ(Str(RenderProgress("Importing", 1536, 0, ProgressUnit::kBytes)), "Importing  1.5 KiB");
}

TEST(HumanProgress, FitsOnAnEightyColumnLine) {
  const std::string longest =
      Str(RenderProgress("Verifying", 1023ull << 40, 1023ull << 40, ProgressUnit::kBytes));
  EXPECT_LE(longest.size(), 79u) << longest;
}

TEST(HumanProgress, NothingInTheFirstSecondThenTenTimesASecondAtMost) {
  const ProgressPacer::Clock::time_point t0{};
  ProgressPacer pacer(t0);
  EXPECT_FALSE(pacer.ShouldDraw(t0));
  EXPECT_FALSE(pacer.ShouldDraw(t0 + milliseconds(999)));
  EXPECT_FALSE(pacer.drawn());
  EXPECT_TRUE(pacer.ShouldDraw(t0 + milliseconds(1000)));
  EXPECT_TRUE(pacer.drawn());
  EXPECT_FALSE(pacer.ShouldDraw(t0 + milliseconds(1050)));
  EXPECT_TRUE(pacer.ShouldDraw(t0 + milliseconds(1100)));
}

}  // namespace
}  // namespace tvault::cli::human
