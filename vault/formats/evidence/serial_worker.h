// A thread that runs submitted jobs one at a time, in submission order. The
// evidence writer uses two: one hashes chunks, one seals and writes them,
// while the caller's thread fills the next chunk.
//
// Synchronisation contract, the whole of it: whatever a job reads or writes
// belongs to that job from Submit until WaitFor(its ticket) returns in the
// owner's thread; the mutex inside orders the two. Jobs run on the worker
// thread only, so state touched by no one but this worker's jobs needs no
// lock.
//
// Thread-safety: the public methods are for one owner thread. Not movable:
// the thread refers to the object.
#ifndef TVAULT_EVIDENCE_SERIAL_WORKER_H_
#define TVAULT_EVIDENCE_SERIAL_WORKER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace tvault {

class SerialWorker {
 public:
  SerialWorker();
  // Drops the jobs not yet started, waits for the running one, joins.
  ~SerialWorker();
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  // Queues `job`; returns its ticket (1, 2, 3, ...). Jobs must not throw.
  uint64_t Submit(std::function<void()> job);
  // Blocks until every job up to `ticket` has run. WaitFor(0) returns at once.
  void WaitFor(uint64_t ticket);
  // Blocks until every job submitted so far has run.
  void Drain();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable job_ready_;  // worker waits: a job, or stop
  std::condition_variable job_done_;   // owner waits: done_ advanced
  std::deque<std::function<void()>> queue_;
  uint64_t submitted_ = 0;
  uint64_t done_ = 0;
  bool stop_ = false;
  std::thread thread_;  // last: started once every other member exists
};

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_SERIAL_WORKER_H_
