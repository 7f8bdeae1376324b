#include "evidence/evidence_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "util/file_io.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;

// AtomicFileSink names its temporary "." + final name + ".tmp-" + 6 random
// characters (mkostemp).
constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::size_t kTempRandomChars = 6;

bool IsEvidenceId(std::string_view id) {
  if (id.size() < 3 || id.size() > 64 || id.substr(0, 2) != "E-") return false;
  return std::all_of(id.begin() + 2, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "E-XXXXXX" + suffix -> "E-XXXXXX"; empty if the name is not one.
std::string_view IdOfName(std::string_view name, std::string_view suffix) {
  if (!EndsWith(name, suffix)) return {};
  std::string_view id = name.substr(0, name.size() - suffix.size());
  return IsEvidenceId(id) ? id : std::string_view{};
}

std::string_view IdOfCiphertextName(std::string_view name) {
  return IdOfName(name, EvidenceStore::kFileSuffix);
}

std::string_view IdOfPendingName(std::string_view name) {
  return IdOfName(name, EvidenceStore::kPendingSuffix);
}

// A temporary of the final name (what versions before pending names wrote)
// or of the pending name: never complete, never referenced.
bool IsTemporaryName(std::string_view name) {
  if (name.size() < 1 + kTempMarker.size() + kTempRandomChars || name[0] != '.') return false;
  std::string_view target =
      name.substr(1, name.size() - 1 - kTempMarker.size() - kTempRandomChars);
  std::string_view marker =
      name.substr(name.size() - kTempMarker.size() - kTempRandomChars, kTempMarker.size());
  return marker == kTempMarker &&
         (!IdOfCiphertextName(target).empty() || !IdOfPendingName(target).empty());
}

bool Exists(const fs::path& p) {
  struct stat st{};
  return ::lstat(p.c_str(), &st) == 0;
}

Status Unlink(const fs::path& p) {
  if (::unlink(p.c_str()) != 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, p.string() + " does not exist");
    return IoError("cannot remove", p, errno);
  }
  return OkStatus();
}

}  // namespace

Result<EvidenceStore> EvidenceStore::Open(const fs::path& dir, bool create) {
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return IoError("cannot access", dir, errno);
    if (!create) return MakeError(ErrorCode::kNotFound, dir.string() + " does not exist");
    if (::mkdir(dir.c_str(), 0700) != 0) return IoError("cannot create", dir, errno);
    fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    TVAULT_TRY(FsyncDirectory(parent));
  } else if (!S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kIo, dir.string() + " is not a directory");
  }
  return EvidenceStore(dir);
}

Result<fs::path> EvidenceStore::PathOf(std::string_view file_id) const {
  if (!IsEvidenceId(file_id)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(file_id.substr(0, 40)) + "' is not an evidence id");
  }
  return dir_ / (std::string(file_id) + std::string(kFileSuffix));
}

Result<fs::path> EvidenceStore::PendingPathOf(std::string_view file_id) const {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  static_assert(kPendingSuffix.substr(0, kFileSuffix.size()) == kFileSuffix);
  path += std::string(kPendingSuffix.substr(kFileSuffix.size()));
  return path;
}

bool EvidenceStore::Holds(std::string_view file_id) const {
  auto path = PathOf(file_id);
  auto pending = PendingPathOf(file_id);
  return path.ok() && pending.ok() && (Exists(*path) || Exists(*pending));
}

Result<EvidenceSummary> EvidenceStore::Stage(const SecretBytes& key, std::string_view file_id,
                                             ByteSource& plaintext,
                                             EvidenceWriterOptions options) {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  TVAULT_ASSIGN_OR_RETURN(fs::path pending, PendingPathOf(file_id));
  if (Exists(path)) {
    return MakeError(ErrorCode::kAlreadyExists, path.string() + " exists; nothing was replaced");
  }
  // The sink removes its temporary unless Commit succeeds; Commit links the
  // pending name (never replacing a file) and fsyncs the directory.
  TVAULT_ASSIGN_OR_RETURN(AtomicFileSink sink,
                          AtomicFileSink::Create(pending, /*overwrite=*/false));
  TVAULT_ASSIGN_OR_RETURN(EvidenceSummary summary,
                          EncryptEvidence(key, file_id, plaintext, sink, options));
  TVAULT_TRY(sink.Commit());
  return summary;
}

Status EvidenceStore::Publish(std::string_view file_id) {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  TVAULT_ASSIGN_OR_RETURN(fs::path pending, PendingPathOf(file_id));
  if (::rename(pending.c_str(), path.c_str()) != 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, pending.string() + " does not exist");
    return IoError("cannot rename", pending, errno);
  }
  return FsyncDirectory(dir_);
}

Result<EvidenceSummary> EvidenceStore::Add(const SecretBytes& key, std::string_view file_id,
                                           ByteSource& plaintext,
                                           EvidenceWriterOptions options) {
  TVAULT_ASSIGN_OR_RETURN(EvidenceSummary summary, Stage(key, file_id, plaintext, options));
  TVAULT_TRY(Publish(file_id));
  return summary;
}

Result<FileSource> EvidenceStore::OpenCiphertext(std::string_view file_id) const {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  auto file = FileSource::Open(path);
  if (file.ok() || file.error().code != ErrorCode::kNotFound) return file;
  // Committed but not yet published (a crash between the two).
  TVAULT_ASSIGN_OR_RETURN(fs::path pending, PendingPathOf(file_id));
  auto staged = FileSource::Open(pending);
  if (staged.ok()) return staged;
  return file;
}

Result<EvidenceSummary> EvidenceStore::Extract(const SecretBytes& key, std::string_view file_id,
                                               ByteSink& out) const {
  TVAULT_ASSIGN_OR_RETURN(FileSource source, OpenCiphertext(file_id));
  return DecryptEvidence(key, file_id, source, out);
}

Status EvidenceStore::Remove(std::string_view file_id) {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  TVAULT_ASSIGN_OR_RETURN(fs::path pending, PendingPathOf(file_id));
  Status final_gone = Unlink(path);
  Status pending_gone = Unlink(pending);
  if (!final_gone.ok() && final_gone.error().code != ErrorCode::kNotFound) return final_gone;
  if (!pending_gone.ok() && pending_gone.error().code != ErrorCode::kNotFound) return pending_gone;
  if (!final_gone.ok() && !pending_gone.ok()) return final_gone;
  return FsyncDirectory(dir_);
}

Result<std::vector<std::string>> EvidenceStore::List() const {
  std::vector<std::string> ids;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().native();
    std::string_view id = IdOfCiphertextName(name);
    if (!id.empty()) ids.emplace_back(id);
  }
  if (ec) return IoError("cannot list", dir_, ec.value());
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool EvidenceStore::IsStoreFileName(std::string_view name) {
  return !IdOfCiphertextName(name).empty() || !IdOfPendingName(name).empty() ||
         IsTemporaryName(name);
}

bool EvidenceStore::IsFinalFileName(std::string_view name) {
  return !IdOfCiphertextName(name).empty();
}

Result<EvidenceStore::Sweep> EvidenceStore::SweepDirectory(
    const std::set<std::string>& referenced, const std::set<std::string>& shredded, bool apply) {
  Sweep out;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().native();
    const std::string final_id(IdOfCiphertextName(name));
    const std::string pending_id(IdOfPendingName(name));
    if (IsTemporaryName(name)) {
      out.removed.push_back(name);
    } else if (!pending_id.empty()) {
      // Complete (fsynced before the commit); the row decides.
      (referenced.contains(pending_id) ? out.published : out.removed).push_back(name);
    } else if (!final_id.empty() && !referenced.contains(final_id)) {
      (shredded.contains(final_id) ? out.removed : out.unknown).push_back(name);
    }
  }
  if (ec) return IoError("cannot list", dir_, ec.value());
  std::sort(out.removed.begin(), out.removed.end());
  std::sort(out.published.begin(), out.published.end());
  std::sort(out.unknown.begin(), out.unknown.end());
  if (!apply) return out;
  for (const std::string& name : out.published) {
    TVAULT_TRY(Publish(IdOfPendingName(name)));
  }
  for (const std::string& name : out.removed) {
    Status removed = Unlink(dir_ / name);
    if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) return removed.take_error();
  }
  if (!out.removed.empty()) TVAULT_TRY(FsyncDirectory(dir_));
  return out;
}

}  // namespace tvault
