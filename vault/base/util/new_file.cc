#include "util/new_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "util/file_io.h"

namespace tvault {

NewFile::~NewFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status NewFile::Create(const std::filesystem::path& path) {
  if (fd_ >= 0) TVAULT_TRY(Close(Sync::kNo));
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) return IoError("cannot create", path, errno);
  path_ = path;
  return OkStatus();
}

Status NewFile::Write(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("cannot write", path_, errno);
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return OkStatus();
}

Status NewFile::Close(Sync sync) {
  if (fd_ < 0) return OkStatus();
  const int fd = fd_;
  fd_ = -1;
  if (sync == Sync::kYes && ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return IoError("cannot sync", path_, err);
  }
  if (::close(fd) != 0) return IoError("cannot write", path_, errno);
  return OkStatus();
}

}  // namespace tvault
