#include "audit/log_verifier.h"

namespace tvault::audit {
namespace {
Error Bad(const std::string& what) { return MakeError(ErrorCode::kIntegrity, what); }
}  // namespace

Result<LogVerifier> LogVerifier::Create(std::string origin, NoteVerifierKey key,
                                        const std::vector<CheckpointInput>& checkpoints) {
  LogVerifier v(std::move(origin), std::move(key));
  for (const CheckpointInput& in : checkpoints) {
    auto cp = OpenCheckpoint(in.note, v.key_, v.origin_);
    if (!cp.ok()) {
      return Bad("checkpoint from " + in.source + " does not verify: " + cp.error().message);
    }
    v.roots_at_.emplace(cp->size, Hash{});
    v.checkpoints_.push_back(Pending{std::move(cp).value(), in.source});
  }
  TVAULT_TRY(v.SnapshotIfNeeded());  // size 0
  return v;
}

Status LogVerifier::SnapshotIfNeeded() {
  auto it = roots_at_.find(acc_.Size());
  if (it != roots_at_.end()) it->second = acc_.Root();
  return OkStatus();
}

Result<Event> LogVerifier::Add(std::span<const uint8_t> entry) {
  const uint64_t index = acc_.Size();
  auto event = ParseEvent(entry);
  if (!event.ok()) {
    return Bad("audit event " + std::to_string(index) + ": " + event.error().message);
  }
  if (event->seq != index) {
    return Bad("audit event " + std::to_string(index) + " carries sequence number " +
               std::to_string(event->seq) + ": events were removed, inserted or reordered");
  }
  if (event->time_unix_s < last_time_) {
    return Bad("audit event " + std::to_string(index) + " is dated before the event preceding it");
  }
  last_time_ = event->time_unix_s;
  acc_.Append(LeafHash(entry));
  TVAULT_TRY(SnapshotIfNeeded());
  return event;
}

Status LogVerifier::Finish() {
  for (const Pending& p : checkpoints_) {
    const uint64_t size = p.checkpoint.size;
    if (size > acc_.Size()) {
      return Bad("the log has " + std::to_string(acc_.Size()) + " events but the checkpoint from " +
                 p.source + " covers " + std::to_string(size) +
                 ": the log was truncated or the vault rolled back to an older copy");
    }
    if (!ConstantTimeEqual(roots_at_.at(size), p.checkpoint.root)) {
      return Bad("the checkpoint from " + p.source + " (size " + std::to_string(size) +
                 ") does not match the log: events up to " + std::to_string(size) +
                 " were changed, removed or reordered, or the log forked");
    }
  }
  return OkStatus();
}

}  // namespace tvault::audit
