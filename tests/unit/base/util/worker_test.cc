// Worker: jobs in order behind a bounded queue, failures as values, jobs in
// line when no thread starts; BlockRing's wiping policy; ParallelFor on top.
#include "util/worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "util/parallel.h"

namespace tvault {
namespace {

// While alive, no Worker can start its thread.
struct NoThreads {
  NoThreads() { FailThreadStartsForTesting(true); }
  ~NoThreads() { FailThreadStartsForTesting(false); }
};

Status Fail(const char* what) { return MakeError(ErrorCode::kIo, what); }

void RunsJobsInOrder(Worker& w) {
  std::vector<int> seen;  // the jobs' until Drain
  for (int i = 0; i < 100; ++i) {
    w.Submit([&seen, i] {
      seen.push_back(i);
      return OkStatus();
    });
  }
  ASSERT_TRUE(w.Drain().ok());
  ASSERT_EQ(seen.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(WorkerQueue, RunsJobsInSubmissionOrder) {
  Worker threaded(3);
  EXPECT_TRUE(threaded.threaded());
  RunsJobsInOrder(threaded);
  Worker in_line(3, Worker::Threads::kInline);
  EXPECT_FALSE(in_line.threaded());
  RunsJobsInOrder(in_line);
}

TEST(WorkerQueue, TicketsCountUpAndWaitForSeesTheJobsEffects) {
  Worker w;
  int a = 0, b = 0;
  const uint64_t ta = w.Submit([&a] { a = 1; return OkStatus(); });
  const uint64_t tb = w.Submit([&b] { b = 2; return OkStatus(); });
  EXPECT_EQ(ta, 1u);
  EXPECT_EQ(tb, 2u);
  ASSERT_TRUE(w.WaitFor(ta).ok());
  EXPECT_EQ(a, 1);
  ASSERT_TRUE(w.WaitFor(tb).ok());
  EXPECT_EQ(b, 2);
  EXPECT_TRUE(w.WaitFor(0).ok());
}

TEST(WorkerQueue, SubmitWaitsForRoomInTheQueue) {
  Worker w(2);
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  for (int i = 0; i < 2; ++i) {
    w.Submit([open] {
      open.wait();
      return OkStatus();
    });
  }
  std::atomic<bool> third_queued{false};
  std::thread submitter([&] {
    w.Submit([] { return OkStatus(); });
    third_queued = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(third_queued.load());  // two jobs queued or running: no room
  gate.set_value();
  submitter.join();
  EXPECT_TRUE(third_queued.load());
  EXPECT_TRUE(w.Drain().ok());
}

TEST(WorkerQueue, TheFirstFailureDropsTheRestAndStays) {
  for (auto threads : {Worker::Threads::kWorker, Worker::Threads::kInline}) {
    Worker w(Worker::kUnbounded, threads);
    int ran = 0;
    w.Submit([&ran] { ++ran; return OkStatus(); });
    const uint64_t bad = w.Submit([&ran] { ++ran; return Fail("first"); });
    w.Submit([&ran] { ++ran; return Fail("second"); });
    Status s = w.WaitFor(bad);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "first");
    const uint64_t late = w.Submit([&ran] { ++ran; return OkStatus(); });
    EXPECT_EQ(late, 4u);
    Status drained = w.Drain();
    ASSERT_FALSE(drained.ok());
    EXPECT_EQ(drained.error().message, "first");
    EXPECT_EQ(w.Failure().error().message, "first");
    EXPECT_EQ(ran, 2);
  }
}

TEST(WorkerQueue, WithoutAThreadJobsRunInLineWhenWaitedFor) {
  NoThreads no_threads;
  Worker w(2);
  EXPECT_FALSE(w.threaded());
  const std::thread::id me = std::this_thread::get_id();
  std::vector<int> ran;
  auto job = [&](int i) {
    return [&ran, &me, i] {
      EXPECT_EQ(std::this_thread::get_id(), me);
      ran.push_back(i);
      return OkStatus();
    };
  };
  const uint64_t t1 = w.Submit(job(1));
  w.Submit(job(2));
  EXPECT_TRUE(ran.empty());  // nothing runs before it must
  w.Submit(job(3));          // no room: the oldest runs to make some
  EXPECT_EQ(ran, std::vector<int>{1});
  ASSERT_TRUE(w.WaitFor(t1).ok());
  EXPECT_EQ(ran, std::vector<int>{1});
  ASSERT_TRUE(w.Drain().ok());
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
}

TEST(WorkerQueue, TheDestructorDropsJobsNotStarted) {
  std::atomic<bool> second_ran{false};
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  std::thread opener;
  {
    Worker w;
    w.Submit([open] {
      open.wait();
      return OkStatus();
    });
    w.Submit([&second_ran] {
      second_ran = true;
      return OkStatus();
    });
    opener = std::thread([&gate] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      gate.set_value();
    });
  }  // drops the second job, waits for the first
  opener.join();
  EXPECT_FALSE(second_ran.load());
  bool ran = false;
  {
    Worker w(1, Worker::Threads::kInline);
    w.Submit([&ran] { ran = true; return OkStatus(); });
  }
  EXPECT_FALSE(ran);
}

TEST(WorkerBlockRing, RecycleWipesPlaintextOnly) {
  for (auto contents : {BlockRing::Contents::kPublic, BlockRing::Contents::kPlaintext}) {
    BlockRing ring(2, 16, contents);
    EXPECT_EQ(ring.count(), 2u);
    BlockRing::Block& b = ring.at(3);  // 3 % 2
    EXPECT_EQ(&b, &ring.at(1));
    ASSERT_EQ(b.bytes.size(), 16u);
    std::fill_n(b.bytes.begin(), 10, uint8_t{0xAA});
    b.length = 10;
    EXPECT_EQ(b.room(), 6u);
    ring.Recycle(b);
    EXPECT_EQ(b.length, 0u);
    const uint8_t expected = contents == BlockRing::Contents::kPlaintext ? 0 : 0xAA;
    for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(b.bytes[i], expected) << i;
  }
}

Status SquareAll(std::vector<uint64_t>& out) {
  return ParallelFor(
      out.size(), [] { return 0; },
      [&out](std::size_t i, int&) -> Status {
        out[i] = uint64_t{i} * i;
        return OkStatus();
      });
}

TEST(WorkerParallelFor, SameResultsWithAndWithoutThreads) {
  std::vector<uint64_t> a(5000), b(5000);
  ASSERT_TRUE(SquareAll(a).ok());
  {
    NoThreads no_threads;
    ASSERT_TRUE(SquareAll(b).ok());
  }
  EXPECT_EQ(a, b);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], uint64_t{i} * i);
}

TEST(WorkerParallelFor, ReturnsAnErrorWithAndWithoutThreads) {
  for (bool threads : {true, false}) {
    FailThreadStartsForTesting(!threads);
    Status s = ParallelFor(
        4000, [] { return 0; },
        [](std::size_t i, int&) -> Status { return i == 3001 ? Fail("3001") : OkStatus(); });
    FailThreadStartsForTesting(false);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "3001");
  }
}

}  // namespace
}  // namespace tvault
