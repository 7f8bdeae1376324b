// SHA-256 of a sequence of byte streams (the members of a bundle), computed
// on a Worker while the caller goes on decrypting: hashing every member is
// too large a share of bundle verify to leave on its main thread.
//
// Update copies bytes into blocks of kBlockBytes (a BlockRing of plaintext:
// wiped once hashed); a full block goes to the worker, which hashes it
// stream by stream. At most kMaxBlocks wait (Update then waits). EndStream
// closes the current stream; TakeDigests waits until every closed stream is
// hashed and hands out their digests, in order, since the last call. With
// Threads::kInline, or if no thread can be started, hashing happens in the
// caller's calls.
//
// Thread-safety: one caller thread. The destructor drops what is not hashed.
#ifndef TVAULT_UTIL_SHA256_WORKER_H_
#define TVAULT_UTIL_SHA256_WORKER_H_

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "crypto/hash.h"
#include "util/worker.h"

namespace tvault {

class Sha256Worker {
 public:
  static constexpr std::size_t kBlockBytes = 256 * 1024;
  static constexpr std::size_t kMaxBlocks = 4;
  using Threads = Worker::Threads;

  explicit Sha256Worker(Threads threads = Threads::kWorker);
  Sha256Worker(const Sha256Worker&) = delete;
  Sha256Worker& operator=(const Sha256Worker&) = delete;

  // Appends to the current stream.
  void Update(std::span<const uint8_t> bytes);
  // Closes the current stream (possibly empty); the next Update starts another.
  void EndStream();
  // The digests of the streams closed since the last call, in order, once
  // they are all hashed. Bytes of a stream not yet closed stay pending.
  std::vector<crypto::Sha256Digest> TakeDigests();

 private:
  // kMaxBlocks wait, the worker hashes one, the caller fills one.
  static constexpr std::size_t kPending = kMaxBlocks + 1;
  static constexpr std::size_t kRing = kPending + 1;
  void Push();                 // hands the block being filled to the worker
  void Hash(std::size_t slot);  // a job: the worker's only

  BlockRing blocks_;
  // Per block: offsets where a stream ends, ascending.
  std::array<std::vector<std::size_t>, kRing> ends_;
  uint64_t filling_ = 0;  // the caller's block number

  // The worker's: the stream being hashed, and the digests not yet taken.
  std::unique_ptr<crypto::Sha256Hasher> hasher_;
  std::vector<crypto::Sha256Digest> digests_;
  Worker worker_;  // last: stopped before the rest goes
};

}  // namespace tvault

#endif  // TVAULT_UTIL_SHA256_WORKER_H_
