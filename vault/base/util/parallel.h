// Runs fn(i) for i in [0, n) on up to min(hardware threads, 4) threads (the
// caller's and Workers) and returns the first error, in worker order. fn
// must only touch its own slot i and thread-safe shared state; `make_local`
// builds one per-thread scratch value (e.g. a guarded key buffer) passed to
// fn by reference. Without threads, the caller's thread does all of it.
#ifndef TVAULT_UTIL_PARALLEL_H_
#define TVAULT_UTIL_PARALLEL_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>

#include "util/worker.h"
#include "vault/result.h"

namespace tvault {

template <typename MakeLocal, typename Fn>
Status ParallelFor(std::size_t n, MakeLocal make_local, Fn fn) {
  constexpr std::size_t kMaxThreads = 4;
  const std::size_t threads =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);
  const std::size_t helpers = std::min(threads, std::max<std::size_t>(1, n / 256)) - 1;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  // Each takes chunks until none is left: a helper that runs in line, after
  // the caller's share, finds nothing left.
  auto work = [&]() -> Status {
    auto local = make_local();
    constexpr std::size_t kChunk = 64;
    for (;;) {
      const std::size_t start = next.fetch_add(kChunk);
      if (start >= n || failed.load()) return OkStatus();
      for (std::size_t i = start; i < std::min(n, start + kChunk); ++i) {
        Status s = fn(i, local);
        if (!s.ok()) {
          failed.store(true);
          return s;
        }
      }
    }
  };
  std::array<std::optional<Worker>, kMaxThreads - 1> pool;
  for (std::size_t w = 0; w < helpers; ++w) pool[w].emplace(1).Submit(work);
  Status first = n == 0 ? OkStatus() : work();
  for (std::size_t w = 0; w < helpers; ++w) {
    Status s = pool[w]->Drain();
    if (first.ok()) first = std::move(s);
  }
  return first;
}

}  // namespace tvault

#endif  // TVAULT_UTIL_PARALLEL_H_
