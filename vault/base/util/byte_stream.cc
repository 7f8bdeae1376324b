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

Status RefuseExisting(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::symlink_status(path, ec);
  if (ec || !std::filesystem::exists(st)) return OkStatus();
  if (std::filesystem::is_symlink(st)) {
    const bool dangling = !std::filesystem::exists(path, ec);
    return MakeError(ErrorCode::kAlreadyExists,
                     path.string() + " is a symbolic link" +
                         (dangling ? " to nothing" : "") +
                         "; files are never written through a link: choose another name "
                         "(nothing was written)");
  }
  return MakeError(ErrorCode::kAlreadyExists,
                   path.string() + " already exists; choose another name (nothing was written)");
}

namespace {


Error AppearedMeanwhile(const std::filesystem::path& path) {
  return MakeError(ErrorCode::kAlreadyExists,
                   path.string() + " appeared meanwhile; nothing was overwritten");
}

// An unnamed file in `dir`, or -1 where the filesystem or kernel has none
// (or /proc, through which it is linked, is missing).
int OpenUnnamed(const std::filesystem::path& dir) {
  if (::access("/proc/self/fd", X_OK) != 0) return -1;
  return ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

// Commit()'s last step for a named temporary: closes `fd` and puts `tmp`
// under `final_path` (replacing it only if `overwrite`).
Status PublishNamed(int& fd, const std::filesystem::path& tmp,
                    const std::filesystem::path& final_path, bool overwrite) {
  if (::close(std::exchange(fd, -1)) != 0) return IoError("cannot write", tmp, errno);
  if (overwrite) {
    if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
      return IoError("cannot create", final_path, errno);
    }
    return OkStatus();
  }
  // link() refuses an existing name, so a file that appeared meanwhile is
  // never replaced.
  if (::link(tmp.c_str(), final_path.c_str()) != 0) {
    if (errno == EEXIST) return AppearedMeanwhile(final_path);
    return IoError("cannot create", final_path, errno);
  }
  ::unlink(tmp.c_str());
  return OkStatus();
}

}  // namespace

Result<AtomicFileSink> AtomicFileSink::Create(const std::filesystem::path& path, bool overwrite,
                                              Temporary temporary) {
  if (path == "-") return AtomicFileSink(::dup(STDOUT_FILENO), Kind::kStdout, path, {}, true);
  if (!overwrite) TVAULT_TRY(RefuseExisting(path));
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  if (!overwrite && temporary == Temporary::kUnnamedWherePossible) {
    int fd = OpenUnnamed(dir);
    if (fd >= 0) return AtomicFileSink(fd, Kind::kUnnamed, path, {}, false);
    // EISDIR, EOPNOTSUPP, EINVAL: no unnamed files here; anything else
    // (EACCES, ENOENT...) the named temporary reports below.
  }
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a file in", dir, errno);
  return AtomicFileSink(fd, Kind::kNamed, path, tmpl, overwrite);
}

AtomicFileSink::AtomicFileSink(AtomicFileSink&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), kind_(std::exchange(other.kind_, Kind::kDone)),
      final_(std::move(other.final_)), tmp_(std::move(other.tmp_)), overwrite_(other.overwrite_) {}

AtomicFileSink::~AtomicFileSink() {
  if (fd_ >= 0) ::close(fd_);  // an unnamed temporary goes with its last descriptor
  if (kind_ == Kind::kNamed) ::unlink(tmp_.c_str());
}

Status AtomicFileSink::Write(std::span<const uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return IoError("cannot write", kind_ == Kind::kNamed ? tmp_ : final_, errno);
    done += static_cast<std::size_t>(n);
  }
  return OkStatus();
}

Status AtomicFileSink::Sync() {
  if (kind_ != Kind::kNamed && kind_ != Kind::kUnnamed) return OkStatus();
  if (::fsync(fd_) != 0) return IoError("cannot sync", final_, errno);
  return OkStatus();
}

void AtomicFileSink::StartWriteback() {
  if (kind_ != Kind::kNamed && kind_ != Kind::kUnnamed) return;
  // A hint: on failure the final fsync does all the work.
  (void)::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

Status AtomicFileSink::LinkUnnamed() {
  // linkat() through /proc/self/fd names an O_TMPFILE file without
  // CAP_DAC_READ_SEARCH (open(2)); like link(), it refuses an existing name.
  const std::string self = "/proc/self/fd/" + std::to_string(fd_);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, final_.c_str(), AT_SYMLINK_FOLLOW) != 0) {
    if (errno == EEXIST) return AppearedMeanwhile(final_);
    return IoError("cannot create", final_, errno);
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    const int err = errno;
    ::unlink(final_.c_str());  // the name this call just made
    return IoError("cannot write", final_, err);
  }
  return OkStatus();
}

Status AtomicFileSink::Commit() {
  if (kind_ == Kind::kDone) return MakeError(ErrorCode::kInternal, "file committed twice");
  if (kind_ == Kind::kStdout) {
    kind_ = Kind::kDone;
    ::close(std::exchange(fd_, -1));
    return OkStatus();
  }
  // Until kDone, a failure leaves the destructor to remove the temporary.
  if (::fsync(fd_) != 0) return IoError("cannot sync", final_, errno);
  TVAULT_TRY(kind_ == Kind::kUnnamed ? LinkUnnamed()
                                     : PublishNamed(fd_, tmp_, final_, overwrite_));
  kind_ = Kind::kDone;
  return FsyncDirectory(final_.parent_path().empty() ? "." : final_.parent_path());
}

}  // namespace tvault
