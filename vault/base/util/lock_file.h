// An exclusive advisory lock (flock(2)) on a file, held for a command's life.
// Waits up to a deadline, then fails with kBusy. Released by the destructor or
// by process exit (the kernel drops flock locks of a killed process).
#ifndef TVAULT_UTIL_LOCK_FILE_H_
#define TVAULT_UTIL_LOCK_FILE_H_

#include <chrono>
#include <filesystem>

#include "vault/result.h"

namespace tvault {

class LockFile {
 public:
  static Result<LockFile> Acquire(const std::filesystem::path& path,
                                  std::chrono::milliseconds wait);
  // A shared lock for a reader that writes nothing: opens an existing lock
  // file read-only (never creates one, so it works on read-only media) and
  // waits while a writer holds it. A missing file holds nothing (no writer
  // can be running without having created it).
  static Result<LockFile> AcquireShared(const std::filesystem::path& path,
                                        std::chrono::milliseconds wait);
  LockFile() = default;  // holds nothing
  LockFile(LockFile&& other) noexcept;
  LockFile& operator=(LockFile&& other) noexcept;
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;
  ~LockFile();

 private:
  explicit LockFile(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_LOCK_FILE_H_
