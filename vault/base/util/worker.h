// Worker: a thread that runs jobs one at a time, in submission order, behind
// a bounded queue; BlockRing: the reusable blocks such jobs work on. Every
// thread the library starts is a Worker's.
//
// Never throws. If no thread can be started (std::system_error), or with
// Threads::kInline, the jobs run in the owner's thread instead: each job runs
// at the latest when the owner waits for it (WaitFor, Drain) or needs its
// room in the queue (Submit). Results are the same, only later.
//
// Errors are values: a job returns Status. The first failure is kept; the
// jobs still queued, and every job submitted afterwards, are dropped (never
// run); WaitFor, Drain and Failure return it from then on.
//
// Synchronisation contract, the whole of it: whatever a job touches belongs
// to that job from Submit until WaitFor(its ticket) or Drain returns in the
// owner's thread; the mutex inside orders the two. State touched only by one
// worker's jobs needs no lock.
//
// Thread-safety: the public methods are for one owner thread. The destructor
// drops the jobs not yet started and waits for the running one. Not movable:
// the thread refers to the object.
#ifndef TVAULT_UTIL_WORKER_H_
#define TVAULT_UTIL_WORKER_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

class Worker {
 public:
  using Job = std::function<Status()>;
  static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();
  // kInline: no thread at all, for jobs that may block indefinitely (reading
  // a pipe): the destructor would wait for such a job.
  enum class Threads { kWorker, kInline };

  // At most `max_pending` (at least 1) jobs are queued or running at once.
  explicit Worker(std::size_t max_pending = kUnbounded, Threads threads = Threads::kWorker);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `job`, first waiting for room; returns its ticket (1, 2, 3, ...).
  // After a failure the job is dropped and its ticket counts as done.
  uint64_t Submit(Job job);
  // Blocks until every job up to `ticket` has run or was dropped; returns
  // the first failure so far. WaitFor(0) only returns it.
  Status WaitFor(uint64_t ticket);
  // WaitFor(the last ticket).
  Status Drain();
  // The first failure so far, without waiting.
  Status Failure();
  // Whether jobs run on a thread of their own (else in the owner's calls).
  bool threaded() const { return thread_.joinable(); }

 private:
  uint64_t pending() const { return submitted_ - done_; }
  void RunOneInLine(std::unique_lock<std::mutex>& lock);
  void Finished(Status status);  // with mu_ held
  void Run();

  const std::size_t max_pending_;
  std::mutex mu_;
  std::condition_variable job_ready_;  // the thread waits: a job, or stop
  std::condition_variable job_done_;   // the owner waits: done_ advanced
  std::deque<Job> queue_;
  uint64_t submitted_ = 0;
  uint64_t done_ = 0;  // run or dropped
  bool stop_ = false;
  std::optional<Error> failure_;
  std::thread thread_;  // last: started once every other member exists
};

// Test-only: while true, every Worker starts as if the system had no thread
// left (std::system_error), so its jobs run in line. Process-wide.
void FailThreadStartsForTesting(bool fail);

// `count` blocks of `block_bytes`, allocated on first use and reused in turn
// (no allocation per block: memory stays flat, even under ASan's quarantine).
// Whether they hold plaintext is the ring's policy: with kPlaintext, Recycle
// wipes the bytes a block held. Blocks are PlainBytes, wiped when freed
// either way. Not synchronised: a block belongs to whoever the owner's use
// of a Worker says.
class BlockRing {
 public:
  enum class Contents { kPublic, kPlaintext };
  struct Block {
    PlainBytes bytes;        // block_bytes long
    std::size_t length = 0;  // bytes in use
    std::size_t room() const { return bytes.size() - length; }
  };

  BlockRing(std::size_t count, std::size_t block_bytes, Contents contents);

  std::size_t count() const { return blocks_.size(); }
  // Block i % count(), allocated if it was not yet.
  Block& at(uint64_t i);
  // Empties `block` for reuse, wiping what it held if that is plaintext.
  void Recycle(Block& block);

 private:
  std::vector<Block> blocks_;
  std::size_t block_bytes_;
  Contents contents_;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_WORKER_H_
