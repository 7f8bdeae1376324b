#include "util/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/file_io.h"

namespace tvault {

Result<std::size_t> ReadFully(ByteSource& source, std::span<uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, source.Read(out.subspan(done)));
    if (n == 0) break;
    done += n;
  }
  return done;
}

Result<std::size_t> SpanSource::Read(std::span<uint8_t> out) {
  std::size_t n = std::min(out.size(), data_.size() - pos_);
  std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, out.begin());
  pos_ += n;
  return n;
}

// ---------------------------------------------------------------- FileSource

Result<FileSource> FileSource::Open(const std::filesystem::path& path) {
  if (path == "-") return FileSource(::dup(STDIN_FILENO), "standard input");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path.string() + " does not exist");
    return IoError("cannot open", path, errno);
  }
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kInvalidArgument, path.string() + " is a directory");
  }
  return FileSource(fd, path);
}

FileSource::FileSource(FileSource&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileSource::IsRegularFile() const {
  struct stat st{};
  return ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::size_t> FileSource::Read(std::span<uint8_t> out) {
  for (;;) {
    ssize_t n = ::read(fd_, out.data(), out.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return IoError("cannot read", path_, errno);
  }
}

// ------------------------------------------------------------ AtomicFileSink

Result<AtomicFileSink> AtomicFileSink::Create(const std::filesystem::path& path, bool overwrite) {
  if (path == "-") return AtomicFileSink(::dup(STDOUT_FILENO), path, {}, true);
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     path.string() + " already exists; choose another name (nothing was written)");
  }
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a file in", dir, errno);
  return AtomicFileSink(fd, path, tmpl, overwrite);
}

AtomicFileSink::AtomicFileSink(AtomicFileSink&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), final_(std::move(other.final_)),
      tmp_(std::move(other.tmp_)), overwrite_(other.overwrite_) {
  other.tmp_.clear();
}

AtomicFileSink::~AtomicFileSink() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

Status AtomicFileSink::Write(std::span<const uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("cannot write", tmp_.empty() ? final_ : tmp_, errno);
    done += static_cast<std::size_t>(n);
  }
  return OkStatus();
}

Status AtomicFileSink::Sync() {
  if (tmp_.empty()) return OkStatus();  // standard output
  if (::fsync(fd_) != 0) return IoError("cannot sync", tmp_, errno);
  return OkStatus();
}

Status AtomicFileSink::Commit() {
  if (tmp_.empty()) {  // standard output
    ::close(std::exchange(fd_, -1));
    return OkStatus();
  }
  if (::fsync(fd_) != 0) return IoError("cannot sync", tmp_, errno);
  if (::close(std::exchange(fd_, -1)) != 0) return IoError("cannot write", tmp_, errno);
  if (overwrite_) {
    if (::rename(tmp_.c_str(), final_.c_str()) != 0) return IoError("cannot create", final_, errno);
  } else {
    // link() refuses an existing name, so a file that appeared meanwhile is
    // never replaced.
    if (::link(tmp_.c_str(), final_.c_str()) != 0) {
      if (errno == EEXIST) {
        return MakeError(ErrorCode::kAlreadyExists,
                         final_.string() + " appeared meanwhile; nothing was overwritten");
      }
      return IoError("cannot create", final_, errno);
    }
    ::unlink(tmp_.c_str());
  }
  tmp_.clear();
  return FsyncDirectory(final_.parent_path().empty() ? "." : final_.parent_path());
}

}  // namespace tvault
