// SHA-256 of a byte sequence handed over in pieces, computed on a thread of
// its own so that hashing overlaps with the caller's work (encrypting the
// same bytes). The pieces are hashed in the order they were submitted.
//
// Ownership: Submit borrows the bytes. The caller must keep them alive and
// unchanged until WaitFor(ticket) has returned for that piece's ticket (or
// Finish, or the destructor). That is the whole synchronisation contract:
// the worker only ever reads the borrowed bytes, and the caller only writes
// them again after WaitFor, which orders the two through the mutex.
//
// Thread-safety: the public methods must be called from one thread (the
// owner). Not movable: the worker thread refers to the object.
#ifndef TVAULT_EVIDENCE_BACKGROUND_SHA256_H_
#define TVAULT_EVIDENCE_BACKGROUND_SHA256_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <thread>

#include "crypto/hash.h"

namespace tvault {

class BackgroundSha256 {
 public:
  BackgroundSha256();
  // Stops the worker after the piece it is hashing, without finishing.
  ~BackgroundSha256();
  BackgroundSha256(const BackgroundSha256&) = delete;
  BackgroundSha256& operator=(const BackgroundSha256&) = delete;

  // Queues `bytes`; returns its ticket (1, 2, 3, ...).
  uint64_t Submit(std::span<const uint8_t> bytes);
  // Blocks until every piece up to `ticket` is hashed. WaitFor(0) returns at once.
  void WaitFor(uint64_t ticket);
  // Hashes everything queued, stops the worker and returns the digest.
  // Call at most once; no Submit afterwards.
  crypto::Sha256Digest Finish();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable work_ready_;  // worker waits: a piece or stop
  std::condition_variable work_done_;   // owner waits: hashed_ advanced
  std::deque<std::span<const uint8_t>> queue_;
  uint64_t submitted_ = 0;
  uint64_t hashed_ = 0;
  bool stop_ = false;
  // Only the worker touches the hasher until Finish has joined it.
  crypto::Sha256Hasher hasher_;
  std::thread worker_;  // last: started after every other member exists
};

}  // namespace tvault

#endif  // TVAULT_EVIDENCE_BACKGROUND_SHA256_H_
