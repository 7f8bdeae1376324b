#include "util/sha256_worker.h"

#include <algorithm>
#include <cstring>

namespace tvault {

Sha256Worker::Sha256Worker(Threads threads)
    : blocks_(kRing, kBlockBytes, BlockRing::Contents::kPlaintext),
      hasher_(std::make_unique<crypto::Sha256Hasher>()),
      worker_(kPending, threads) {}

void Sha256Worker::Update(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    BlockRing::Block& block = blocks_.at(filling_);
    const std::size_t n = std::min(bytes.size(), block.room());
    std::memcpy(block.bytes.data() + block.length, bytes.data(), n);
    block.length += n;
    bytes = bytes.subspan(n);
    if (block.room() == 0) Push();
  }
}

void Sha256Worker::EndStream() {
  ends_[filling_ % kRing].push_back(blocks_.at(filling_).length);
}

std::vector<crypto::Sha256Digest> Sha256Worker::TakeDigests() {
  if (!ends_[filling_ % kRing].empty()) Push();  // the pending bytes of an open stream may stay
  (void)worker_.Drain();  // hashing never fails
  return std::exchange(digests_, {});
}

void Sha256Worker::Push() {
  const std::size_t slot = static_cast<std::size_t>(filling_ % kRing);
  // Submit returns with at most kPending blocks pending, this one included:
  // the next block of the ring is free.
  worker_.Submit([this, slot] {
    Hash(slot);
    return OkStatus();
  });
  ++filling_;
}

// Hashes the block stream by stream, then empties it (wiped) for reuse.
void Sha256Worker::Hash(std::size_t slot) {
  BlockRing::Block& block = blocks_.at(slot);
  const std::span<const uint8_t> bytes = std::span(block.bytes).first(block.length);
  std::size_t at = 0;
  for (std::size_t end : ends_[slot]) {
    hasher_->Update(bytes.subspan(at, end - at));
    digests_.push_back(hasher_->Finish());
    hasher_ = std::make_unique<crypto::Sha256Hasher>();
    at = end;
  }
  hasher_->Update(bytes.subspan(at));
  ends_[slot].clear();
  blocks_.Recycle(block);
}

}  // namespace tvault
