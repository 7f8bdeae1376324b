#include "util/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tvault {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { int f = fd_; fd_ = -1; return f; }

 private:
  int fd_;
};

bool WriteAll(int fd, std::span<const uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

template <typename Vec>
Status ReadAllInto(int fd, const std::filesystem::path& path, std::size_t max_bytes, Vec& out) {
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      return MakeError(ErrorCode::kInvalidArgument,
                       path.string() + " is larger than the limit of " +
                           std::to_string(max_bytes) + " bytes");
    }
    out.reserve(static_cast<std::size_t>(st.st_size));
  }
  uint8_t buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      SecureWipe(buf, sizeof buf);
      return IoError("cannot read", path, err);
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      SecureWipe(buf, sizeof buf);
      return MakeError(ErrorCode::kInvalidArgument,
                       path.string() + " is larger than the limit of " +
                           std::to_string(max_bytes) + " bytes");
    }
    out.insert(out.end(), buf, buf + n);
  }
  SecureWipe(buf, sizeof buf);
  return OkStatus();
}

}  // namespace

std::string ErrnoText(int err) { return std::strerror(err); }

Error IoError(const std::string& what, const std::filesystem::path& path, int err) {
  return MakeError(ErrorCode::kIo, what + " " + path.string() + ": " + ErrnoText(err));
}

Status FsyncDirectory(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("cannot open directory", dir, errno);
  if (::fsync(fd.get()) != 0) return IoError("cannot sync directory", dir, errno);
  return OkStatus();
}

Status WriteFileAtomically(const std::filesystem::path& path,
                           std::span<const uint8_t> bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  ::unlink(tmp.c_str());  // a stale one from a crash
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return IoError("cannot create", tmp, errno);
  if (!WriteAll(fd.get(), bytes) || ::fsync(fd.get()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot write", tmp, err);
  }
  if (::close(fd.release()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot write", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return IoError("cannot replace", path, err);
  }
  return FsyncDirectory(path.parent_path().empty() ? "." : path.parent_path());
}

Result<std::vector<uint8_t>> ReadSmallFile(const std::filesystem::path& path,
                                           std::size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path.string() + " does not exist");
    return IoError("cannot open", path, errno);
  }
  std::vector<uint8_t> out;
  TVAULT_TRY(ReadAllInto(fd.get(), path, max_bytes, out));
  return out;
}

Result<PlainBytes> ReadPlainFile(const std::filesystem::path& path, std::size_t max_bytes) {
  const bool is_stdin = path == "-";
  Fd fd(is_stdin ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path.string() + " does not exist");
    return IoError("cannot open", path, errno);
  }
  struct stat st{};
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kInvalidArgument, path.string() + " is a directory");
  }
  PlainBytes out;
  TVAULT_TRY(ReadAllInto(fd.get(), is_stdin ? std::filesystem::path("standard input") : path,
                         max_bytes, out));
  return out;
}

}  // namespace tvault
