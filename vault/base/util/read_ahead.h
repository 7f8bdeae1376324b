// A ByteSource that reads its input ahead on a worker thread, so that the
// reads (and whatever `observe` does with each block, e.g. hashing the whole
// file) overlap the consumer's work. Bundle verify reads and hashes the
// file on one, and decrypts the age payload on another.
//
// At most kMaxBlocks blocks of kBlockBytes wait; blocks are allocated once
// and recycled (no allocation per block, so memory stays flat even under
// ASan's quarantine). With Wipe::kYes a block is wiped each time it has been
// handed out (plaintext); blocks are PlainBytes, wiped when freed either way.
// `observe` runs on the worker, for every block in order, before the block is
// handed out; once Read has returned 0 it has seen the whole input and its
// effects are visible to the caller. An error of the input is returned by
// Read after the bytes before it, and by every Read after. Each block is
// one read of the input (short reads stay short). The input
// is used by the worker only, until the destructor has joined it. With
// Threads::kInline, or if no thread can be started, reads happen in line.
// Thread-safety: one consumer thread.
#ifndef TVAULT_UTIL_READ_AHEAD_H_
#define TVAULT_UTIL_READ_AHEAD_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "util/byte_stream.h"
#include "vault/secret.h"

namespace tvault {

class ReadAheadSource final : public ByteSource {
 public:
  static constexpr std::size_t kBlockBytes = 256 * 1024;
  static constexpr std::size_t kMaxBlocks = 4;
  using Observer = std::function<void(std::span<const uint8_t>)>;
  enum class Wipe { kNo, kYes };
  // kInline reads in the caller's Read, with no thread: for inputs whose
  // reads may block indefinitely (a pipe, standard input), since the
  // destructor joins the worker, and a worker blocked in such a read would
  // hold up an early refusal until the writer sends more or closes.
  enum class Threads { kWorker, kInline };

  ReadAheadSource(ByteSource& inner, Observer observe, Wipe wipe,
                  Threads threads = Threads::kWorker);
  ~ReadAheadSource() override;  // stops and joins the worker
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  Result<std::size_t> Read(std::span<uint8_t> out) override;

 private:
  struct Block {
    PlainBytes bytes;        // kBlockBytes long
    std::size_t length = 0;  // 0: the end of the input
  };
  // Fills `block` from the input and observes it.
  Status Fill(Block& block);
  void Work();
  // Gives the consumer's current block back for refilling.
  void Recycle();

  ByteSource& inner_;
  Observer observe_;
  const Wipe wipe_;
  // Consumer side.
  std::optional<Block> current_;
  std::size_t offset_ = 0;
  bool ended_ = false;
  std::optional<Error> error_;  // the input's error, returned again

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Result<Block>> queue_;  // an empty block or an error ends it
  std::vector<Block> spare_;         // handed out, to fill again
  bool stop_ = false;
  std::thread worker_;  // last: started once everything above exists
};

}  // namespace tvault

#endif  // TVAULT_UTIL_READ_AHEAD_H_
