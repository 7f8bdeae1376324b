// A line diff of two texts, for a front end to show what an amendment
// changed between two versions of a statement (the desktop's versions
// view). A shortest edit script by Myers' algorithm (E. W. Myers, "An
// O(ND) Difference Algorithm and Its Variations", Algorithmica 1(2), 1986),
// after the common first and last lines are set aside.
//
// The result only points into the two texts (no copy of the plaintext is
// made), so both must outlive it. Pure and thread-safe.
#ifndef TVAULT_LINE_DIFF_H_
#define TVAULT_LINE_DIFF_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vault/result.h"

namespace tvault {

enum class LineChange : uint8_t { kSame, kRemoved, kAdded };

struct DiffLine {
  LineChange change = LineChange::kSame;
  // The line without its '\n' (a "\r" before it stays): in `before` for
  // kRemoved, in `after` otherwise.
  std::string_view text;
};

// The most lines that may differ (removed plus added): the work grows with
// its square, the memory to about 4 * kMaxDiffChanges^2 bytes (4 MB).
inline constexpr std::size_t kMaxDiffChanges = 1000;

// Every line of `before` and `after` in order: the lines both keep
// (kSame), those only `before` has (kRemoved) and those only `after` has
// (kAdded), with as few kRemoved and kAdded as possible; where a line was
// replaced, its kRemoved comes before its kAdded. Lines end at '\n'; a
// last line without one counts as a line, so "a" and "a\n" have the same
// lines. kFailedPrecondition if more than kMaxDiffChanges lines differ.
Result<std::vector<DiffLine>> DiffLines(std::string_view before, std::string_view after);

}  // namespace tvault

#endif  // TVAULT_LINE_DIFF_H_
