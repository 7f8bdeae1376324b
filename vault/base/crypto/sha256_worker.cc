#include "crypto/sha256_worker.h"

#include <system_error>

#include <sodium.h>

namespace tvault::crypto {

Sha256Worker::Sha256Worker(Threads threads) : hasher_(std::make_unique<Sha256Hasher>()) {
  block_.bytes.reserve(kBlockBytes);
  if (threads == Threads::kInline) return;
  try {
    worker_ = std::thread([this] { Work(); });
  } catch (const std::system_error&) {
    // no worker: blocks are hashed in line
  }
}

Sha256Worker::~Sha256Worker() {
  if (worker_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      cv_.notify_all();
    }
    worker_.join();
  }
  // Blocks left unhashed are PlainBytes: wiped as they are freed.
}

void Sha256Worker::Update(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), kBlockBytes - block_.bytes.size());
    AppendBytes(block_.bytes, bytes.first(n));
    bytes = bytes.subspan(n);
    if (block_.bytes.size() == kBlockBytes) Push();
  }
}

void Sha256Worker::EndStream() { block_.ends.push_back(block_.bytes.size()); }

std::vector<Sha256Digest> Sha256Worker::TakeDigests() {
  if (!block_.ends.empty()) Push();  // the pending bytes of an open stream may stay
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
  return std::exchange(digests_, {});
}

void Sha256Worker::Push() {
  if (!worker_.joinable()) {
    Hash(block_);
    return;
  }
  Block next;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < kMaxBlocks; });
    queue_.push_back(std::move(block_));
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
    cv_.notify_all();
  }
  if (next.bytes.capacity() < kBlockBytes) next.bytes.reserve(kBlockBytes);
  block_ = std::move(next);
}

// Hashes `block` stream by stream, then empties it (wiped) for reuse.
void Sha256Worker::Hash(Block& block) {
  const std::span<const uint8_t> bytes(block.bytes);
  std::size_t at = 0;
  std::vector<Sha256Digest> done;
  for (std::size_t end : block.ends) {
    hasher_->Update(bytes.subspan(at, end - at));
    done.push_back(hasher_->Finish());
    hasher_ = std::make_unique<Sha256Hasher>();
    at = end;
  }
  hasher_->Update(bytes.subspan(at));
  if (!block.bytes.empty()) sodium_memzero(block.bytes.data(), block.bytes.size());
  block.bytes.clear();  // keeps the capacity
  block.ends.clear();
  if (!done.empty()) {
    std::lock_guard<std::mutex> lock(mu_);  // TakeDigests reads them
    digests_.insert(digests_.end(), done.begin(), done.end());
  }
}

void Sha256Worker::Work() {
  for (;;) {
    Block block;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || stop_; });
      if (stop_) return;
      block = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    Hash(block);
    std::lock_guard<std::mutex> lock(mu_);
    spare_.push_back(std::move(block));
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace tvault::crypto
