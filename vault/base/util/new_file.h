// A new file written through one descriptor: created exclusively, mode
// 0600, never through a symbolic link; each Write is written whole (short
// writes and EINTR retried). For callers that write many files into a
// directory they made (restore, bundle extract) and sync at their own pace;
// a single file that must appear atomically is AtomicFileSink's job.
//
// Errors: kIo naming the path and the system's reason; kAlreadyExists is
// not distinguished (an existing name fails Create with kIo, EEXIST).
// Not thread-safe; move-only.
#ifndef TVAULT_UTIL_NEW_FILE_H_
#define TVAULT_UTIL_NEW_FILE_H_

#include <filesystem>

#include "util/byte_stream.h"

namespace tvault {

class NewFile final : public ByteSink {
 public:
  enum class Sync { kNo, kYes };

  NewFile() = default;
  NewFile(const NewFile&) = delete;
  NewFile& operator=(const NewFile&) = delete;
  ~NewFile() override;  // closes without syncing, ignoring errors

  // Creates `path`; a file still open is closed first (without syncing).
  Status Create(const std::filesystem::path& path);
  Status Write(std::span<const uint8_t> bytes) override;
  // fsync first with Sync::kYes. Closing a closed NewFile is OK.
  Status Close(Sync sync);

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace tvault

#endif  // TVAULT_UTIL_NEW_FILE_H_
