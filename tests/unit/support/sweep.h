// Sweeps: tests that try every position of something (every header byte,
// every database page, every sync point of a change, kills spread over a
// run), each position costing a run of the real binary.
//
// The release pass visits every position: that is where a sweep proves what
// it claims (no byte, page or kill point is missed). The sanitizer pass runs
// the same binary five to ten times slower per run, and what it adds is
// different: memory and undefined-behaviour errors on each code path, which
// neighbouring positions share. There a sweep visits a fixed sample: the
// first and last positions and every kSanitizerStride-th between (the
// parsers these paths end in are also fuzzed over arbitrary bytes). The
// sample is deterministic, so a failure reproduces.
#ifndef TVAULT_TESTS_SWEEP_H_
#define TVAULT_TESTS_SWEEP_H_

#include <cstddef>

namespace tvault::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kUnderSanitizer = true;
#else
inline constexpr bool kUnderSanitizer = false;
#endif
inline constexpr std::size_t kSanitizerStride = 4;

// Whether position `i` of a sweep over `n` positions (0-based) runs here.
constexpr bool InSweep(std::size_t i, std::size_t n) {
  if (!kUnderSanitizer) return true;
  return i == 0 || i + 1 == n || i % kSanitizerStride == 0;
}

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_SWEEP_H_
