#include "util/read_ahead.h"

#include <algorithm>
#include <cstring>

namespace tvault {

ReadAheadSource::ReadAheadSource(ByteSource& inner, Observer observe, Wipe wipe, Threads threads)
    : inner_(inner),
      observe_(std::move(observe)),
      blocks_(kRing, kBlockBytes,
              wipe == Wipe::kYes ? BlockRing::Contents::kPlaintext : BlockRing::Contents::kPublic),
      worker_(kRing, threads) {
  for (uint64_t n = 0; n < kRing; ++n) SubmitFill(n);
}

void ReadAheadSource::SubmitFill(uint64_t n) {
  const std::size_t slot = static_cast<std::size_t>(n % kRing);
  tickets_[slot] = worker_.Submit([this, slot] {
    Fill(slot);
    return OkStatus();  // the input's error travels with its block
  });
}

void ReadAheadSource::Fill(std::size_t slot) {
  BlockRing::Block& block = blocks_.at(slot);
  block.length = 0;
  if (input_done_) return;
  // One read, short or not: a pipe hands out what its writer has sent, and
  // waiting to fill the block would stall a reader that needs only that.
  Result<std::size_t> n = inner_.Read(block.bytes);
  if (!n.ok()) {
    errors_[slot] = n.take_error();
    input_done_ = true;
    return;
  }
  block.length = *n;
  if (block.length == 0) {
    input_done_ = true;
    return;
  }
  if (observe_) observe_(std::span(block.bytes).first(block.length));
}

Result<std::size_t> ReadAheadSource::Read(std::span<uint8_t> out) {
  if (out.empty()) return std::size_t{0};
  while (current_ == nullptr || offset_ == current_->length) {
    if (error_) return *error_;
    if (ended_) return std::size_t{0};
    if (current_ != nullptr) {  // done with block taken_ - 1: read ahead into it again
      blocks_.Recycle(*current_);
      current_ = nullptr;
      SubmitFill(taken_ - 1 + kRing);
    }
    const std::size_t slot = static_cast<std::size_t>(taken_ % kRing);
    (void)worker_.WaitFor(tickets_[slot]);  // fills never fail: errors_ holds the input's
    ++taken_;
    if (errors_[slot]) {
      error_ = errors_[slot];
      return *error_;
    }
    current_ = &blocks_.at(slot);
    offset_ = 0;
    if (current_->length == 0) ended_ = true;
  }
  const std::size_t n = std::min(out.size(), current_->length - offset_);
  std::memcpy(out.data(), current_->bytes.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace tvault
