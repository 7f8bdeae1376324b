// Runs fn(i) for i in [0, n) on up to min(hardware threads, 4) threads and
// returns the first error (by index). fn must only touch its own slot i and
// thread-safe shared state; `make_local` builds one per-thread scratch value
// (e.g. a guarded key buffer) passed to fn by reference.
#ifndef TVAULT_UTIL_PARALLEL_H_
#define TVAULT_UTIL_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>
#include <vector>

#include "vault/result.h"

namespace tvault {

template <typename MakeLocal, typename Fn>
Status ParallelFor(std::size_t n, MakeLocal make_local, Fn fn) {
  const std::size_t threads =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  const std::size_t workers = std::min(threads, std::max<std::size_t>(1, n / 256));
  std::vector<std::optional<Error>> errors(n == 0 ? 0 : workers);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&](std::size_t w) {
    auto local = make_local();
    constexpr std::size_t kChunk = 64;
    for (;;) {
      std::size_t start = next.fetch_add(kChunk);
      if (start >= n || failed.load()) return;
      for (std::size_t i = start; i < std::min(n, start + kChunk); ++i) {
        Status s = fn(i, local);
        if (!s.ok()) {
          errors[w] = s.take_error();
          failed.store(true);
          return;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  if (n != 0) work(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) return *e;
  return OkStatus();
}

}  // namespace tvault

#endif  // TVAULT_UTIL_PARALLEL_H_
