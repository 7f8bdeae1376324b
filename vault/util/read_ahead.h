// A ByteSource that reads its input ahead on a worker thread, so that the
// reads (and whatever `observe` does with each block, e.g. hashing the whole
// file) overlap the consumer's work. Verify of a 64 MB bundle spent a tenth
// of its main thread hashing the file it read.
//
// For bytes that are not secret (the encrypted bundle file): blocks are not
// wiped. At most kMaxBlocks blocks of kBlockBytes wait. `observe` runs on the
// worker, for every block in order, before the block is handed out; once
// Read has returned 0 it has seen the whole input, and its effects are
// visible to the caller. An error of the input is returned by Read after the
// blocks before it, and by every Read after. If no thread can be started, reads happen in line.
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

namespace tvault {

class ReadAheadSource final : public ByteSource {
 public:
  static constexpr std::size_t kBlockBytes = 256 * 1024;
  static constexpr std::size_t kMaxBlocks = 4;
  using Observer = std::function<void(std::span<const uint8_t>)>;

  ReadAheadSource(ByteSource& inner, Observer observe);
  ~ReadAheadSource() override;  // stops and joins the worker
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  Result<std::size_t> Read(std::span<uint8_t> out) override;

 private:
  // Reads one block from `inner_` and observes it; an empty block is the end.
  Result<std::vector<uint8_t>> Fill();
  void Work();

  ByteSource& inner_;
  Observer observe_;
  std::vector<uint8_t> current_;  // the block being handed out (consumer only)
  std::size_t offset_ = 0;
  bool ended_ = false;             // consumer only: the end was taken
  std::optional<Error> error_;     // consumer only: the input's error, returned again

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Result<std::vector<uint8_t>>> queue_;  // an empty block or an error ends it
  bool stop_ = false;
  std::thread worker_;  // last: started once everything above exists
};

}  // namespace tvault

#endif  // TVAULT_UTIL_READ_AHEAD_H_
