// A ByteSource that reads its input ahead on a Worker, so that the reads
// (and whatever `observe` does with each block, e.g. hashing the whole file)
// overlap the consumer's work. Bundle verify reads and hashes the file on
// one, and decrypts the age payload on another.
//
// At most kMaxBlocks blocks of kBlockBytes wait while the consumer reads
// one (a BlockRing: allocated once, reused). With Wipe::kYes a block is wiped each time it
// has been handed out (plaintext). `observe` runs on the worker, for every
// block in order, before the block is handed out; once Read has returned 0
// it has seen the whole input and its effects are visible to the caller. An
// error of the input is returned by Read after the bytes before it, and by
// every Read after. Each block is one read of the input (short reads stay
// short). The input is used by the worker only, until the destructor has
// stopped it. With Threads::kInline (an input whose reads may block
// indefinitely: a pipe, standard input), or if no thread can be started,
// reads happen in line, one block when Read needs it.
// Thread-safety: one consumer thread.
#ifndef TVAULT_UTIL_READ_AHEAD_H_
#define TVAULT_UTIL_READ_AHEAD_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "util/byte_stream.h"
#include "util/worker.h"

namespace tvault {

class ReadAheadSource final : public ByteSource {
 public:
  static constexpr std::size_t kBlockBytes = 256 * 1024;
  static constexpr std::size_t kMaxBlocks = 4;
  using Observer = std::function<void(std::span<const uint8_t>)>;
  enum class Wipe { kNo, kYes };
  using Threads = Worker::Threads;

  ReadAheadSource(ByteSource& inner, Observer observe, Wipe wipe,
                  Threads threads = Threads::kWorker);
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  Result<std::size_t> Read(std::span<uint8_t> out) override;

 private:
  static constexpr std::size_t kRing = kMaxBlocks + 1;  // and the consumer's
  // Fill number `n` goes to block n % kRing and is read as block n.
  void SubmitFill(uint64_t n);
  void Fill(std::size_t slot);  // a job: the worker's only

  ByteSource& inner_;
  Observer observe_;
  BlockRing blocks_;
  // Slot by slot: the ticket of its fill, and the input's error it met.
  std::array<uint64_t, kRing> tickets_{};
  std::array<std::optional<Error>, kRing> errors_{};
  bool input_done_ = false;  // the worker's: the input ended or failed
  // Consumer side.
  uint64_t taken_ = 0;  // blocks handed to the consumer
  BlockRing::Block* current_ = nullptr;
  std::size_t offset_ = 0;
  bool ended_ = false;
  std::optional<Error> error_;  // the input's error, returned again
  Worker worker_;  // last: stopped before the blocks go
};

}  // namespace tvault

#endif  // TVAULT_UTIL_READ_AHEAD_H_
