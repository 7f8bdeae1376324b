// Byte streams for formats that must not hold a whole file in memory
// (age payloads, tar archives, evidence). Sources and sinks report errors as
// values; a source returns 0 only at the true end of its input.
#ifndef TVAULT_UTIL_BYTE_STREAM_H_
#define TVAULT_UTIL_BYTE_STREAM_H_

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "vault/result.h"

namespace tvault {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to out.size() bytes; 0 means end of input. Short reads are
  // allowed anywhere; callers loop.
  virtual Result<std::size_t> Read(std::span<uint8_t> out) = 0;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Writes all of `bytes` or fails.
  virtual Status Write(std::span<const uint8_t> bytes) = 0;
};

// Reads until `out` is full or the source ends; returns the bytes read.
Result<std::size_t> ReadFully(ByteSource& source, std::span<uint8_t> out);

class SpanSource final : public ByteSource {
 public:
  explicit SpanSource(std::span<const uint8_t> data) : data_(data) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override;

 private:
  std::span<const uint8_t> data_;
  std::size_t pos_ = 0;
};

class VectorSink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t> bytes) override {
    data_.insert(data_.end(), bytes.begin(), bytes.end());
    return OkStatus();
  }
  std::vector<uint8_t>& data() { return data_; }

 private:
  std::vector<uint8_t> data_;
};

// A file opened for reading ("-" is standard input).
class FileSource final : public ByteSource {
 public:
  static Result<FileSource> Open(const std::filesystem::path& path);
  FileSource(FileSource&& other) noexcept;
  FileSource(const FileSource&) = delete;
  ~FileSource() override;
  Result<std::size_t> Read(std::span<uint8_t> out) override;
  // True for a regular file (whose reads never wait for a writer); false
  // for standard input, a pipe, a FIFO or a device.
  bool IsRegularFile() const;

 private:
  FileSource(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

// OkStatus if nothing is at `path`; kAlreadyExists otherwise, saying so when
// it is a symbolic link (dangling or not): nothing is ever written through one.
Status RefuseExisting(const std::filesystem::path& path);

// A new file written under a temporary and put in place only by Commit()
// (after fsync). Destroyed without Commit(), it removes the temporary: a
// failed or interrupted write never leaves a half-written file under the
// final name. "-" writes standard output directly.
class AtomicFileSink final : public ByteSink {
 public:
  // Where the bytes wait until Commit().
  enum class Temporary {
    // A named sibling ".NAME.tmp-XXXXXX", renamed (or linked) into place. A
    // killed process leaves it behind, which is what lets a caller that
    // sweeps its own directory (the evidence store) find it.
    kNamed,
    // An unnamed file in the target directory (O_TMPFILE), linked under the
    // final name by Commit(): a killed process leaves nothing in a
    // directory that is the user's. Without overwrite only. Falls back to
    // kNamed where the filesystem has no unnamed files (vfat, exfat) or
    // /proc is not mounted.
    kUnnamedWherePossible,
  };
  // kAlreadyExists if `path` exists and !overwrite, saying so when it is a
  // symbolic link (dangling or not): nothing is ever written through one.
  static Result<AtomicFileSink> Create(const std::filesystem::path& path, bool overwrite,
                                       Temporary temporary = Temporary::kNamed);
  AtomicFileSink(AtomicFileSink&& other) noexcept;
  AtomicFileSink(const AtomicFileSink&) = delete;
  ~AtomicFileSink() override;
  Status Write(std::span<const uint8_t> bytes) override;
  // Flushes what was written so far to the disk (fsync), so that Commit
  // has little left to wait for; may run on another thread while this
  // thread does other work, as long as nothing calls Write or Commit
  // meanwhile. A no-op for standard output.
  Status Sync();
  // Starts writing what was written so far to the disk without waiting
  // (sync_file_range), so that a large file's Sync overlaps with producing
  // it instead of coming all at the end. Durability still needs Sync or
  // Commit. A no-op for standard output.
  void StartWriteback();
  Status Commit();

 private:
  enum class Kind { kStdout, kNamed, kUnnamed, kDone };
  AtomicFileSink(int fd, Kind kind, std::filesystem::path final_path,
                 std::filesystem::path tmp_path, bool overwrite)
      : fd_(fd), kind_(kind), final_(std::move(final_path)), tmp_(std::move(tmp_path)),
        overwrite_(overwrite) {}
  Status LinkUnnamed();
  int fd_ = -1;
  Kind kind_ = Kind::kDone;
  std::filesystem::path final_;
  std::filesystem::path tmp_;  // kNamed only
  bool overwrite_ = false;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_BYTE_STREAM_H_
