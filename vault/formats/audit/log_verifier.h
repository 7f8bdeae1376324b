// Verification of an audit log (docs/audit-format.md, section 9, items 1-3):
// shared by `tvault audit verify` on a vault and on an exported log file.
//
// The caller feeds entries in order; the verifier checks each one, rebuilds
// the Merkle tree and, at the end, checks every checkpoint it was given
// against the tree at that checkpoint's size. Memory is O(number of
// checkpoints), not O(events).
#ifndef TVAULT_AUDIT_LOG_VERIFIER_H_
#define TVAULT_AUDIT_LOG_VERIFIER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "audit/merkle.h"

namespace tvault::audit {

struct CheckpointInput {
  std::string note;    // signed note text
  std::string source;  // for messages: "vault", a file name, ...
};

class LogVerifier {
 public:
  // Parses and verifies every checkpoint's signature and origin up front.
  // kIntegrity naming the first bad one.
  static Result<LogVerifier> Create(std::string origin, NoteVerifierKey key,
                                    const std::vector<CheckpointInput>& checkpoints);

  // Checks one entry (format, seq == index, time not earlier than the last)
  // and adds it to the tree. kIntegrity naming the event.
  Result<Event> Add(std::span<const uint8_t> entry);

  // After the last entry: every checkpoint's size is within the log and its
  // root matches. kIntegrity naming the first mismatch and what it means.
  Status Finish();

  uint64_t size() const { return acc_.Size(); }
  const MerkleAccumulator& tree() const { return acc_; }
  std::size_t checkpoint_count() const { return checkpoints_.size(); }

 private:
  struct Pending {
    Checkpoint checkpoint;
    std::string source;
  };
  LogVerifier(std::string origin, NoteVerifierKey key) : origin_(std::move(origin)),
                                                         key_(std::move(key)) {}
  Status SnapshotIfNeeded();

  std::string origin_;
  NoteVerifierKey key_;
  std::vector<Pending> checkpoints_;
  std::map<uint64_t, Hash> roots_at_;  // sizes some checkpoint needs
  MerkleAccumulator acc_;
  int64_t last_time_ = 0;
};

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_LOG_VERIFIER_H_
