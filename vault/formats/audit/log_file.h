// The exported audit log file (docs/audit-format.md, section 8): written by
// `tvault audit export`, read by `tvault audit verify --log` on any machine.
// The reader is a parser of untrusted bytes (fuzzed by
// tests/fuzz/audit_log_fuzz.cc): strict, bounded, streaming.
#ifndef TVAULT_AUDIT_LOG_FILE_H_
#define TVAULT_AUDIT_LOG_FILE_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "util/byte_stream.h"
#include "vault/result.h"

namespace tvault::audit {

inline constexpr char kLogFileMagic[8] = {'T', 'V', 'A', 'U', 'D', 'L', 'O', 'G'};
inline constexpr uint16_t kLogFileVersion = 1;
inline constexpr std::size_t kMaxLogCheckpoints = 1u << 20;
inline constexpr std::size_t kMaxCheckpointNoteBytes = 256 * 1024;

// Checkpoints come before the events so that a reader knows, while it
// streams the events, at which sizes it must remember the tree's root.
class LogFileWriter {
 public:
  LogFileWriter(ByteSink& out, const std::array<uint8_t, 16>& vault_id);
  Status Begin(const std::vector<std::string>& checkpoints, uint64_t event_count);
  Status AddEvent(std::span<const uint8_t> entry);
  Status Finish();

 private:
  ByteSink& out_;
  std::array<uint8_t, 16> vault_id_;
  uint64_t expected_ = 0, written_ = 0;
};

class LogFileReader {
 public:
  // Reads and checks the header and the checkpoints. kIntegrity or
  // kUnsupported on failure.
  static Result<LogFileReader> Open(ByteSource& in);
  const std::array<uint8_t, 16>& vault_id() const { return vault_id_; }
  const std::vector<std::string>& checkpoints() const { return checkpoints_; }
  uint64_t event_count() const { return count_; }
  // The next entry, or nullopt after the last one (then the file must end:
  // trailing bytes are an error).
  Result<std::optional<std::vector<uint8_t>>> NextEvent();

 private:
  explicit LogFileReader(ByteSource& in) : in_(&in) {}
  ByteSource* in_;
  std::array<uint8_t, 16> vault_id_{};
  std::vector<std::string> checkpoints_;
  uint64_t count_ = 0, read_ = 0;
};

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_LOG_FILE_H_
