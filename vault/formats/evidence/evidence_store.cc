#include "evidence/evidence_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

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

// "E-XXXXXX.tve" -> "E-XXXXXX"; empty if the name is not a ciphertext file.
std::string_view IdOfCiphertextName(std::string_view name) {
  if (!EndsWith(name, EvidenceStore::kFileSuffix)) return {};
  std::string_view id = name.substr(0, name.size() - EvidenceStore::kFileSuffix.size());
  return IsEvidenceId(id) ? id : std::string_view{};
}

bool IsTemporaryName(std::string_view name) {
  if (name.size() < 1 + kTempMarker.size() + kTempRandomChars || name[0] != '.') return false;
  std::string_view final_name =
      name.substr(1, name.size() - 1 - kTempMarker.size() - kTempRandomChars);
  std::string_view marker =
      name.substr(name.size() - kTempMarker.size() - kTempRandomChars, kTempMarker.size());
  return marker == kTempMarker && !IdOfCiphertextName(final_name).empty();
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

Result<EvidenceSummary> EvidenceStore::Add(const SecretBytes& key, std::string_view file_id,
                                           ByteSource& plaintext,
                                           EvidenceWriterOptions options) {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  // The sink removes its temporary unless Commit succeeds; Commit links the
  // final name, so an existing file is never replaced.
  TVAULT_ASSIGN_OR_RETURN(AtomicFileSink sink, AtomicFileSink::Create(path, /*overwrite=*/false));
  TVAULT_ASSIGN_OR_RETURN(EvidenceSummary summary,
                          EncryptEvidence(key, file_id, plaintext, sink, options));
  TVAULT_TRY(sink.Commit());
  return summary;
}

Result<FileSource> EvidenceStore::OpenCiphertext(std::string_view file_id) const {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  return FileSource::Open(path);
}

Result<EvidenceSummary> EvidenceStore::Extract(const SecretBytes& key, std::string_view file_id,
                                               ByteSink& out) const {
  TVAULT_ASSIGN_OR_RETURN(FileSource source, OpenCiphertext(file_id));
  return DecryptEvidence(key, file_id, source, out);
}

Status EvidenceStore::Remove(std::string_view file_id) {
  TVAULT_ASSIGN_OR_RETURN(fs::path path, PathOf(file_id));
  TVAULT_TRY(Unlink(path));
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

Result<std::vector<std::string>> EvidenceStore::RemoveUnreferenced(
    const std::set<std::string>& referenced) {
  std::vector<std::string> doomed;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().native();
    std::string_view id = IdOfCiphertextName(name);
    if (IsTemporaryName(name) || (!id.empty() && !referenced.contains(std::string(id)))) {
      doomed.push_back(name);
    }
  }
  if (ec) return IoError("cannot list", dir_, ec.value());
  std::sort(doomed.begin(), doomed.end());
  for (const std::string& name : doomed) {
    Status removed = Unlink(dir_ / name);
    if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) return removed.take_error();
  }
  if (!doomed.empty()) TVAULT_TRY(FsyncDirectory(dir_));
  return doomed;
}

}  // namespace tvault
