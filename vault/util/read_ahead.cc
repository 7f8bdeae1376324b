#include "util/read_ahead.h"

#include <algorithm>
#include <cstring>
#include <system_error>

namespace tvault {

ReadAheadSource::ReadAheadSource(ByteSource& inner, Observer observe)
    : inner_(inner), observe_(std::move(observe)) {
  try {
    worker_ = std::thread([this] { Work(); });
  } catch (const std::system_error&) {
    // no worker: Read fills in line
  }
}

ReadAheadSource::~ReadAheadSource() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Result<std::vector<uint8_t>> ReadAheadSource::Fill() {
  std::vector<uint8_t> block(kBlockBytes);
  TVAULT_ASSIGN_OR_RETURN(std::size_t n, ReadFully(inner_, block));
  block.resize(n);
  if (observe_ && n != 0) observe_(block);
  return block;
}

void ReadAheadSource::Work() {
  for (;;) {
    Result<std::vector<uint8_t>> block = Fill();
    const bool last = !block.ok() || block->empty();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stop_ || queue_.size() < kMaxBlocks; });
    if (stop_) return;
    queue_.push_back(std::move(block));
    cv_.notify_all();
    if (last) return;
  }
}

Result<std::size_t> ReadAheadSource::Read(std::span<uint8_t> out) {
  if (out.empty()) return std::size_t{0};
  while (offset_ == current_.size()) {
    if (error_) return *error_;
    if (ended_) return std::size_t{0};
    Result<std::vector<uint8_t>> next = std::vector<uint8_t>();
    if (worker_.joinable()) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty(); });
      next = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
    } else {
      next = Fill();
    }
    if (!next.ok()) {
      error_ = next.error();
      return *error_;
    }
    if (next->empty()) {
      ended_ = true;
      return std::size_t{0};
    }
    current_ = std::move(*next);
    offset_ = 0;
  }
  const std::size_t n = std::min(out.size(), current_.size() - offset_);
  std::memcpy(out.data(), current_.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace tvault
