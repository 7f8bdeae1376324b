#include "evidence/background_sha256.h"

namespace tvault {

BackgroundSha256::BackgroundSha256() : worker_([this] { Run(); }) {}

BackgroundSha256::~BackgroundSha256() {
  if (worker_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      queue_.clear();
    }
    work_ready_.notify_one();
    worker_.join();
  }
}

uint64_t BackgroundSha256::Submit(std::span<const uint8_t> bytes) {
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(bytes);
    ticket = ++submitted_;
  }
  work_ready_.notify_one();
  return ticket;
}

void BackgroundSha256::WaitFor(uint64_t ticket) {
  std::unique_lock<std::mutex> lock(mu_);
  work_done_.wait(lock, [&] { return hashed_ >= ticket; });
}

crypto::Sha256Digest BackgroundSha256::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;  // the worker drains the queue before it sees this
  }
  work_ready_.notify_one();
  worker_.join();
  return hasher_.Finish();
}

void BackgroundSha256::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_ready_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stop_ and nothing left
    std::span<const uint8_t> piece = queue_.front();
    queue_.pop_front();
    lock.unlock();
    hasher_.Update(piece);
    lock.lock();
    ++hashed_;
    work_done_.notify_all();
  }
}

}  // namespace tvault
