#include "evidence/serial_worker.h"

#include <utility>

namespace tvault {

SerialWorker::SerialWorker() : thread_([this] { Run(); }) {}

SerialWorker::~SerialWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  job_ready_.notify_one();
  thread_.join();
}

uint64_t SerialWorker::Submit(std::function<void()> job) {
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(job));
    ticket = ++submitted_;
  }
  job_ready_.notify_one();
  return ticket;
}

void SerialWorker::WaitFor(uint64_t ticket) {
  std::unique_lock<std::mutex> lock(mu_);
  job_done_.wait(lock, [&] { return done_ >= ticket; });
}

void SerialWorker::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  job_done_.wait(lock, [&] { return done_ >= submitted_; });
}

void SerialWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    job_ready_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    job();
    lock.lock();
    ++done_;
    job_done_.notify_all();
  }
}

}  // namespace tvault
