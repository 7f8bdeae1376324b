#include "util/lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <thread>
#include <utility>

#include "util/file_io.h"

namespace tvault {

namespace {
Result<LockFile> Wait(LockFile lock, int fd, int how, const std::filesystem::path& path,
                      std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (::flock(fd, how | LOCK_NB) == 0) return lock;
    if (errno != EWOULDBLOCK && errno != EINTR) return IoError("cannot lock", path, errno);
    if (std::chrono::steady_clock::now() >= deadline) {
      return MakeError(ErrorCode::kBusy,
                       "vault is busy: another process is using it; try again when it has "
                       "finished",
                       ErrorDetail::kBusy);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}
}  // namespace

Result<LockFile> LockFile::Acquire(const std::filesystem::path& path,
                                   std::chrono::milliseconds wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError("cannot open lock file", path, errno);
  ::fchmod(fd, 0600);
  return Wait(LockFile(fd), fd, LOCK_EX, path, wait);
}

Result<LockFile> LockFile::AcquireShared(const std::filesystem::path& path,
                                         std::chrono::milliseconds wait) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return LockFile();
    return IoError("cannot open lock file", path, errno);
  }
  return Wait(LockFile(fd), fd, LOCK_SH, path, wait);
}

LockFile::LockFile(LockFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
LockFile& LockFile::operator=(LockFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}
LockFile::~LockFile() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the lock
}

}  // namespace tvault
