// PanicVault (vault/panic.h): the header's bytes first, then the files.
#include "vault/panic.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "binding/evidence.h"
#include "binding/holds.h"
#include "binding/vault_impl.h"
#include "evidence/evidence_store.h"
#include "crypto/random.h"
#include "util/file_io.h"
#include "util/lock_file.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;

// Files of a header: the header, and the temporary copy a header change
// writes before its rename (it holds keyslots as well).
const char* const kHeaderFiles[] = {vault_files::kHeader, "vault.header.tmp"};
// Everything else tvault writes at the top of a vault directory. The
// database goes last: while it is there, CheckPanicTarget still finds a
// vault, so a panic killed on the way can be run again to the end.
const char* const kOtherFiles[] = {"vault.db-journal", "unlock-failures", "unlock-failures.tmp",
                                   vault_files::kHolds, "holds.tmp",
                                   vault_files::kLock, vault_files::kDatabase};

bool Exists(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() != fs::file_type::not_found;
}

// Overwrites the regular file at `path` in place with random bytes of its
// own length and syncs it. A missing file is nothing to do.
Status OverwriteWithNoise(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return OkStatus();
    return IoError("cannot open", path, errno);
  }
  struct stat st{};
  Status done = OkStatus();
  if (::fstat(fd, &st) != 0) {
    done = IoError("cannot stat", path, errno);
  } else if (!S_ISREG(st.st_mode)) {
    done = MakeError(ErrorCode::kIo, path.string() + " is not a regular file");
  } else {
    std::vector<uint8_t> noise(static_cast<std::size_t>(st.st_size));
    crypto::RandomBytes(noise);
    for (std::size_t at = 0; at < noise.size() && done.ok();) {
      const ssize_t n = ::pwrite(fd, noise.data() + at, noise.size() - at, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        done = IoError("cannot overwrite", path, errno);
      } else {
        at += static_cast<std::size_t>(n);
      }
    }
    if (done.ok() && ::fsync(fd) != 0) done = IoError("cannot sync", path, errno);
  }
  ::close(fd);
  return done;
}

// Steps 1 and 2: every header file overwritten and synced, then unlinked,
// then the directory synced.
Status DestroyHeaders(const fs::path& dir) {
  for (const char* name : kHeaderFiles) TVAULT_TRY(OverwriteWithNoise(dir / name));
  for (const char* name : kHeaderFiles) {
    if (::unlink((dir / name).c_str()) != 0 && errno != ENOENT) {
      return IoError("cannot remove", dir / name, errno);
    }
  }
  return FsyncDirectory(dir);
}

// Removes `dir`/`name` (a file, or an empty directory) if it is there.
void Remove(const fs::path& dir, const std::string& name, PanicReport& report) {
  const fs::path p = dir / name;
  if (!Exists(p)) return;
  std::error_code ec;
  if (fs::remove(p, ec)) {
    report.removed.push_back(name);
  } else {
    report.left.push_back(name + ": " + ec.message());
  }
}

// Step 3, evidence: every file of evidence/, then the directory.
void RemoveEvidence(const fs::path& dir, PanicReport& report) {
  const fs::path evidence = dir / vault_files::kEvidenceDir;
  if (!Exists(evidence)) return;
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(evidence, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) report.left.push_back(std::string(vault_files::kEvidenceDir) + "/: " + ec.message());
  for (const std::string& name : names) {
    if (EvidenceStore::IsStoreFileName(name)) {
      Remove(dir, std::string(vault_files::kEvidenceDir) + "/" + name, report);
    } else {
      report.left.push_back(std::string(vault_files::kEvidenceDir) + "/" + name + ": not a tvault file");
    }
  }
  (void)FsyncDirectory(evidence);
  Remove(dir, vault_files::kEvidenceDir, report);
}

}  // namespace

Status CheckPanicTarget(const fs::path& dir_in, const PanicOptions& options) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  if (!Exists(dir / vault_files::kHeader) && !Exists(dir / "vault.header.tmp") &&
      !Exists(dir / vault_files::kDatabase)) {
    return MakeError(ErrorCode::kNotFound, "no vault at " + dir.string() + "; nothing was changed",
                     ErrorDetail::kNoVault);
  }
  if (const uint64_t holds = ReadHoldCount(dir); holds > 0 && !options.override_hold) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the vault is under legal hold (" + std::to_string(holds) +
                         (holds == 1 ? " hold" : " holds") +
                         "): destroying it may destroy what must be kept; nothing was changed",
                     ErrorDetail::kVaultUnderHold);
  }
  return OkStatus();
}

Result<PanicReport> PanicVault(const fs::path& dir_in, const PanicOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  TVAULT_TRY(CheckPanicTarget(dir, options));
  const bool had_header = Exists(dir / vault_files::kHeader) || Exists(dir / "vault.header.tmp");
  PanicReport report;
  // Not waited for: a command holding the lock is told about, not obeyed.
  Result<LockFile> lock = Exists(dir / vault_files::kLock)
                              ? LockFile::Acquire(dir / vault_files::kLock,
                                                  std::chrono::milliseconds(0))
                              : Result<LockFile>(LockFile());
  report.another_command_running = !lock.ok();
  TVAULT_TRY(DestroyHeaders(dir));
  report.keyslots_destroyed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (had_header) report.removed.push_back(vault_files::kHeader);

  RemoveEvidence(dir, report);
  for (const char* name : kOtherFiles) Remove(dir, name, report);
  // A header change that was running in another process may have renamed a
  // new header into place meanwhile: destroy it too.
  if (Exists(dir / vault_files::kHeader)) TVAULT_TRY(DestroyHeaders(dir));
  (void)FsyncDirectory(dir);

  std::error_code ec;
  std::vector<std::string> strangers;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    strangers.push_back(it->path().filename().string());
  }
  for (const std::string& name : strangers) {
    if (name != vault_files::kEvidenceDir) report.left.push_back(name + ": not a tvault file");
  }
  if (strangers.empty() && fs::remove(dir, ec)) {
    report.removed.push_back(".");
    (void)FsyncDirectory(dir.parent_path());
  }
  return report;
}

}  // namespace tvault
