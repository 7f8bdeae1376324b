#include "util/worker.h"

#include <algorithm>
#include <atomic>
#include <system_error>

namespace tvault {
namespace {

std::atomic<bool> g_fail_thread_starts{false};

}  // namespace

void FailThreadStartsForTesting(bool fail) { g_fail_thread_starts.store(fail); }

Worker::Worker(std::size_t max_pending, Threads threads)
    : max_pending_(std::max<std::size_t>(1, max_pending)) {
  if (threads == Threads::kInline) return;
  try {
    if (g_fail_thread_starts.load()) {
      // The same path a real failure takes.
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    }
    thread_ = std::thread([this] { Run(); });
  } catch (const std::system_error&) {
    // no thread: jobs run in line
  }
}

Worker::~Worker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    done_ += queue_.size();
    queue_.clear();
  }
  job_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

uint64_t Worker::Submit(Job job) {
  std::unique_lock<std::mutex> lock(mu_);
  if (threaded()) {
    job_done_.wait(lock, [&] { return pending() < max_pending_ || failure_; });
  } else {
    while (pending() >= max_pending_ && !failure_ && !queue_.empty()) RunOneInLine(lock);
  }
  const uint64_t ticket = ++submitted_;
  if (failure_) {
    ++done_;  // dropped
    return ticket;
  }
  queue_.push_back(std::move(job));
  lock.unlock();
  job_ready_.notify_one();
  return ticket;
}

Status Worker::WaitFor(uint64_t ticket) {
  std::unique_lock<std::mutex> lock(mu_);
  if (threaded()) {
    job_done_.wait(lock, [&] { return done_ >= ticket; });
  } else {
    while (done_ < ticket && !queue_.empty()) RunOneInLine(lock);
  }
  if (failure_) return *failure_;
  return OkStatus();
}

Status Worker::Drain() {
  uint64_t last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = submitted_;
  }
  return WaitFor(last);
}

Status Worker::Failure() {
  std::lock_guard<std::mutex> lock(mu_);
  if (failure_) return *failure_;
  return OkStatus();
}

// The oldest queued job, in the owner's thread (no Worker thread exists).
void Worker::RunOneInLine(std::unique_lock<std::mutex>& lock) {
  Job job = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  Status status = job();
  job = nullptr;  // what it captured goes before the owner takes over
  lock.lock();
  Finished(std::move(status));
}

void Worker::Finished(Status status) {
  ++done_;
  if (!status.ok() && !failure_) {
    failure_ = status.take_error();
    done_ += queue_.size();
    queue_.clear();
  }
  job_done_.notify_all();
}

void Worker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    job_ready_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Status status = job();
    job = nullptr;
    lock.lock();
    Finished(std::move(status));
  }
}

BlockRing::BlockRing(std::size_t count, std::size_t block_bytes, Contents contents)
    : blocks_(std::max<std::size_t>(1, count)), block_bytes_(block_bytes), contents_(contents) {}

BlockRing::Block& BlockRing::at(uint64_t i) {
  Block& block = blocks_[static_cast<std::size_t>(i % blocks_.size())];
  if (block.bytes.size() != block_bytes_) block.bytes.resize(block_bytes_);
  return block;
}

void BlockRing::Recycle(Block& block) {
  if (contents_ == Contents::kPlaintext) SecureWipe(block.bytes.data(), block.length);
  block.length = 0;
}

}  // namespace tvault
