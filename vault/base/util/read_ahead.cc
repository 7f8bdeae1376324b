#include "util/read_ahead.h"

#include <algorithm>
#include <cstring>
#include <system_error>

namespace tvault {

ReadAheadSource::ReadAheadSource(ByteSource& inner, Observer observe, Wipe wipe, Threads threads)
    : inner_(inner), observe_(std::move(observe)), wipe_(wipe) {
  if (threads == Threads::kInline) return;
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

Status ReadAheadSource::Fill(Block& block) {
  if (block.bytes.size() != kBlockBytes) block.bytes = PlainBytes(kBlockBytes);
  block.length = 0;
  // One read, short or not: a pipe hands out what its writer has sent, and
  // waiting to fill the block would stall a reader that needs only that.
  TVAULT_ASSIGN_OR_RETURN(block.length, inner_.Read(block.bytes));
  if (observe_ && block.length != 0) observe_(std::span(block.bytes).first(block.length));
  return OkStatus();
}

void ReadAheadSource::Work() {
  for (;;) {
    Block block;
    {
      // Wait for room, then take a spare block if there is one.
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || queue_.size() < kMaxBlocks; });
      if (stop_) return;
      if (!spare_.empty()) {
        block = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    Status filled = Fill(block);
    const bool last = !filled.ok() || block.length == 0;
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    if (filled.ok()) {
      queue_.push_back(std::move(block));
    } else {
      queue_.push_back(filled.error());
    }
    cv_.notify_all();
    if (last) return;
  }
}

void ReadAheadSource::Recycle() {
  if (!current_) return;
  if (wipe_ == Wipe::kYes) SecureWipe(current_->bytes.data(), current_->length);
  if (worker_.joinable()) {
    std::lock_guard<std::mutex> lock(mu_);
    spare_.push_back(std::move(*current_));
  }
  current_.reset();
}

Result<std::size_t> ReadAheadSource::Read(std::span<uint8_t> out) {
  if (out.empty()) return std::size_t{0};
  while (!current_ || offset_ == current_->length) {
    if (error_) return *error_;
    if (ended_) return std::size_t{0};
    Recycle();
    Result<Block> next = Block{};
    if (worker_.joinable()) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty(); });
      next = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
    } else {
      Block block;
      Status filled = Fill(block);
      if (filled.ok()) {
        next = std::move(block);
      } else {
        next = filled.error();
      }
    }
    if (!next.ok()) {
      error_ = next.error();
      return *error_;
    }
    current_ = std::move(*next);
    offset_ = 0;
    if (current_->length == 0) ended_ = true;
  }
  const std::size_t n = std::min(out.size(), current_->length - offset_);
  std::memcpy(out.data(), current_->bytes.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace tvault
