#include "vault/line_diff.h"

#include <algorithm>
#include <span>
#include <string>

namespace tvault {
namespace {

using Lines = std::vector<std::string_view>;

Lines SplitLines(std::string_view text) {
  Lines lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Myers' greedy forward search over the lines a[0, n) and b[0, m). After
// the round of d changes, trace[d][k + d] is the furthest x reached on
// diagonal k = x - y (k from -d to d). Empty if more than `max_d` changes.
std::vector<std::vector<int32_t>> Search(std::span<const std::string_view> a,
                                         std::span<const std::string_view> b, int32_t max_d) {
  const auto n = static_cast<int32_t>(a.size());
  const auto m = static_cast<int32_t>(b.size());
  std::vector<std::vector<int32_t>> trace;
  // v[k + offset] for k in [-d - 1, d + 1]; the round d = 0 reads v[1].
  const int32_t offset = max_d + 1;
  std::vector<int32_t> v(static_cast<std::size_t>(2 * max_d + 3), 0);
  auto at = [&](int32_t k) -> int32_t& { return v[static_cast<std::size_t>(k + offset)]; };
  for (int32_t d = 0; d <= max_d; ++d) {
    for (int32_t k = -d; k <= d; k += 2) {
      // Down (a line of b added) from diagonal k + 1, or right (a line of
      // a removed) from k - 1, whichever reached further.
      int32_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      int32_t y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
    }
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    for (int32_t k = -d; k <= d; k += 2) {
      if (at(k) >= n && at(k) - k >= m) return trace;
    }
  }
  return {};
}

// Walks `trace` back from (n, m), appending the script in reverse.
void Backtrack(const std::vector<std::vector<int32_t>>& trace, std::span<const std::string_view> a,
               std::span<const std::string_view> b, std::vector<DiffLine>& reversed) {
  auto x = static_cast<int32_t>(a.size());
  auto y = static_cast<int32_t>(b.size());
  auto line_a = [&](int32_t i) { return a[static_cast<std::size_t>(i)]; };
  auto line_b = [&](int32_t i) { return b[static_cast<std::size_t>(i)]; };
  for (auto d = static_cast<int32_t>(trace.size()) - 1; d > 0; --d) {
    const std::vector<int32_t>& prev = trace[static_cast<std::size_t>(d - 1)];
    auto prev_at = [&](int32_t k) { return prev[static_cast<std::size_t>(k + d - 1)]; };
    const int32_t k = x - y;
    const bool down = k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1));
    const int32_t prev_k = down ? k + 1 : k - 1;
    const int32_t prev_x = prev_at(prev_k);
    const int32_t prev_y = prev_x - prev_k;
    while (x > prev_x + (down ? 0 : 1) && y > prev_y + (down ? 1 : 0)) {
      reversed.push_back({LineChange::kSame, line_b(--y)});
      --x;
    }
    if (down) {
      reversed.push_back({LineChange::kAdded, line_b(--y)});
    } else {
      reversed.push_back({LineChange::kRemoved, line_a(--x)});
    }
  }
  while (x > 0 && y > 0) {
    reversed.push_back({LineChange::kSame, line_b(--y)});
    --x;
  }
}

}  // namespace

Result<std::vector<DiffLine>> DiffLines(std::string_view before, std::string_view after) {
  const Lines a = SplitLines(before);
  const Lines b = SplitLines(after);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const std::span<const std::string_view> mid_a(a.data() + head, a.size() - head - tail);
  const std::span<const std::string_view> mid_b(b.data() + head, b.size() - head - tail);
  const auto max_d = static_cast<int32_t>(
      std::min<std::size_t>(kMaxDiffChanges, mid_a.size() + mid_b.size()));
  const std::vector<std::vector<int32_t>> trace = Search(mid_a, mid_b, max_d);
  if (trace.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the two texts differ in more than " + std::to_string(kMaxDiffChanges) +
                         " lines, too many to compare line by line");
  }
  std::vector<DiffLine> out;
  out.reserve(b.size() + a.size() - head - tail);
  for (std::size_t i = 0; i < head; ++i) out.push_back({LineChange::kSame, b[i]});
  std::vector<DiffLine> reversed;
  Backtrack(trace, mid_a, mid_b, reversed);
  out.insert(out.end(), reversed.rbegin(), reversed.rend());
  // In each run of changes, the removed lines first: any order in a run is
  // as short, and this one reads as "this became that".
  for (auto run = out.begin() + static_cast<std::ptrdiff_t>(head); run != out.end();) {
    auto end = std::find_if(run, out.end(),
                            [](const DiffLine& l) { return l.change == LineChange::kSame; });
    std::stable_partition(run, end,
                          [](const DiffLine& l) { return l.change == LineChange::kRemoved; });
    run = end == out.end() ? end : end + 1;
  }
  for (std::size_t i = b.size() - tail; i < b.size(); ++i) out.push_back({LineChange::kSame, b[i]});
  return out;
}

}  // namespace tvault
