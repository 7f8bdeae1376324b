#include "audit/log_file.h"

#include <cstring>

#include "audit/event.h"
#include "util/byte_io.h"

namespace tvault::audit {
namespace {

Error Malformed(const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "exported audit log is malformed: " + what);
}

Status ReadExactly(ByteSource& in, std::span<uint8_t> out, const char* what) {
  TVAULT_ASSIGN_OR_RETURN(std::size_t n, ReadFully(in, out));
  if (n != out.size()) return Malformed(std::string("truncated ") + what);
  return OkStatus();
}

Result<uint64_t> ReadU(ByteSource& in, int bytes, const char* what) {
  uint8_t buf[8];
  TVAULT_TRY(ReadExactly(in, {buf, static_cast<std::size_t>(bytes)}, what));
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | buf[i];
  return v;
}

Result<std::vector<uint8_t>> ReadLp32(ByteSource& in, std::size_t max, const char* what) {
  TVAULT_ASSIGN_OR_RETURN(uint64_t n, ReadU(in, 4, what));
  if (n > max) return Malformed(std::string(what) + " too large");
  std::vector<uint8_t> out(static_cast<std::size_t>(n));
  TVAULT_TRY(ReadExactly(in, out, what));
  return out;
}

Status WriteLp32(ByteSink& out, std::span<const uint8_t> bytes) {
  std::vector<uint8_t> len;
  ByteWriter(len).U32(static_cast<uint32_t>(bytes.size()));
  TVAULT_TRY(out.Write(len));
  return out.Write(bytes);
}

}  // namespace

LogFileWriter::LogFileWriter(ByteSink& out, const std::array<uint8_t, 16>& vault_id)
    : out_(out), vault_id_(vault_id) {}

Status LogFileWriter::Begin(const std::vector<std::string>& checkpoints, uint64_t event_count) {
  std::vector<uint8_t> head;
  ByteWriter w(head);
  w.Raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(kLogFileMagic), 8));
  w.U16(kLogFileVersion);
  w.Raw(vault_id_);
  w.U32(static_cast<uint32_t>(checkpoints.size()));
  TVAULT_TRY(out_.Write(head));
  for (const std::string& note : checkpoints) {
    TVAULT_TRY(WriteLp32(out_, {reinterpret_cast<const uint8_t*>(note.data()), note.size()}));
  }
  std::vector<uint8_t> count;
  ByteWriter(count).U64(event_count);
  expected_ = event_count;
  return out_.Write(count);
}

Status LogFileWriter::AddEvent(std::span<const uint8_t> entry) {
  if (written_ == expected_) return MakeError(ErrorCode::kInternal, "more events than announced");
  ++written_;
  return WriteLp32(out_, entry);
}

Status LogFileWriter::Finish() {
  if (written_ != expected_) return MakeError(ErrorCode::kInternal, "fewer events than announced");
  return OkStatus();
}

Result<LogFileReader> LogFileReader::Open(ByteSource& in) {
  LogFileReader r(in);
  uint8_t magic[8];
  TVAULT_TRY(ReadExactly(in, magic, "header"));
  if (std::memcmp(magic, kLogFileMagic, 8) != 0) return Malformed("not a tvault audit log");
  TVAULT_ASSIGN_OR_RETURN(uint64_t version, ReadU(in, 2, "header"));
  if (version != kLogFileVersion) {
    return MakeError(ErrorCode::kUnsupported,
                     "exported audit log format " + std::to_string(version) +
                         " is not supported by this version",
                     ErrorDetail::kNewerFormat);
  }
  TVAULT_TRY(ReadExactly(in, r.vault_id_, "header"));
  TVAULT_ASSIGN_OR_RETURN(uint64_t checkpoints, ReadU(in, 4, "checkpoint count"));
  if (checkpoints > kMaxLogCheckpoints) return Malformed("too many checkpoints");
  for (uint64_t i = 0; i < checkpoints; ++i) {
    TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> note,
                            ReadLp32(in, kMaxCheckpointNoteBytes, "checkpoint"));
    r.checkpoints_.emplace_back(note.begin(), note.end());
  }
  TVAULT_ASSIGN_OR_RETURN(r.count_, ReadU(in, 8, "event count"));
  return r;
}

Result<std::optional<std::vector<uint8_t>>> LogFileReader::NextEvent() {
  if (read_ == count_) {
    uint8_t extra = 0;
    TVAULT_ASSIGN_OR_RETURN(std::size_t more, in_->Read({&extra, 1}));
    if (more != 0) return Malformed("trailing bytes after the last event");
    return std::optional<std::vector<uint8_t>>();
  }
  ++read_;
  TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> entry, ReadLp32(*in_, kMaxEventBytes, "event"));
  return std::optional<std::vector<uint8_t>>(std::move(entry));
}

}  // namespace tvault::audit
