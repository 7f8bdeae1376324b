// SHA-256 of a sequence of byte streams (the members of a bundle), computed
// on a worker thread while the caller goes on: bundle verify spent a fifth of
// its main thread hashing members.
//
// Update copies bytes into blocks of kBlockBytes; a full block goes to the
// worker, which hashes it stream by stream. At most kMaxBlocks wait (Update
// then waits); blocks are allocated once and recycled, and wiped after they
// are hashed (they may hold plaintext). EndStream closes the current stream;
// TakeDigests waits until every closed stream is hashed and hands out their
// digests, in order, since the last call. With Threads::kInline, or if no
// thread can be started, hashing happens in the caller's calls.
//
// Thread-safety: one caller thread. The destructor stops and joins the worker.
#ifndef TVAULT_CRYPTO_SHA256_WORKER_H_
#define TVAULT_CRYPTO_SHA256_WORKER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "crypto/hash.h"
#include "vault/secret.h"

namespace tvault::crypto {

class Sha256Worker {
 public:
  static constexpr std::size_t kBlockBytes = 256 * 1024;
  static constexpr std::size_t kMaxBlocks = 4;
  enum class Threads { kWorker, kInline };

  explicit Sha256Worker(Threads threads = Threads::kWorker);
  ~Sha256Worker();
  Sha256Worker(const Sha256Worker&) = delete;
  Sha256Worker& operator=(const Sha256Worker&) = delete;

  // Appends to the current stream.
  void Update(std::span<const uint8_t> bytes);
  // Closes the current stream (possibly empty); the next Update starts another.
  void EndStream();
  // The digests of the streams closed since the last call, in order, once
  // they are all hashed. Bytes of a stream not yet closed stay pending.
  std::vector<Sha256Digest> TakeDigests();

 private:
  struct Block {
    PlainBytes bytes;                 // reserved to kBlockBytes
    std::vector<std::size_t> ends;    // offsets in `bytes` where a stream ends, ascending
  };
  void Push();                       // hands block_ to the worker (or hashes it in line)
  void Hash(Block& block);           // on the worker (or in line)
  void Work();

  Block block_;  // being filled by the caller

  // Shared with the worker.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Block> queue_;
  std::vector<Block> spare_;
  bool busy_ = false;  // the worker holds a block
  bool stop_ = false;
  std::vector<Sha256Digest> digests_;

  // The worker's (or, in line, the caller's): the stream being hashed.
  std::unique_ptr<Sha256Hasher> hasher_;
  std::thread worker_;
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_SHA256_WORKER_H_
