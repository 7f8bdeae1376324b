// Statement files as new testimonies: their names (TestimonyFromFile) and
// the files of a folder (ListStatementFolder). No vault, no contents read.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "binding/testimony_files.h"
#include "binding/text_intake.h"
#include "vault/vault.h"

namespace tvault {
namespace {

// "is a folder", "is a symbolic link", ...: why an entry is not a file.
const char* NotAFile(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder";
  if (S_ISLNK(mode)) return "is a symbolic link";
  if (S_ISFIFO(mode)) return "is a pipe";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is a device";
}

Error ListError(const std::filesystem::path& dir, int err) {
  if (err == ENOENT) return MakeError(ErrorCode::kNotFound, dir.string() + " does not exist");
  if (err == ENOTDIR) {
    return MakeError(ErrorCode::kInvalidArgument, dir.string() + " is not a folder");
  }
  return MakeError(ErrorCode::kIo, "cannot read the folder " + dir.string() + ": " +
                                       std::strerror(err));
}

}  // namespace

Result<NewTestimony> TestimonyFromFile(const std::filesystem::path& path,
                                       TestimonyMetadata metadata) {
  NewTestimony t{StatementFromFile(path), std::move(metadata)};
  if (path == "-") return t;
  const std::filesystem::path base = path.filename();
  const std::string& name = base.native();
  // A name that is not text (Latin-1 from an old system) cannot be stored as
  // text; the statement is still added, as before names were kept.
  if (!RequireText("the file name", name).ok()) return t;
  t.metadata.file_name = PlainString(name.data(), name.size());
  if (t.metadata.title.empty()) t.metadata.title = TitleFromFileName(t.metadata.file_name);
  return t;
}

PlainString TitleFromFileName(const PlainString& file_name) {
  // As std::filesystem::path::stem, without copying the name out of
  // PlainString: a leading dot does not start an extension.
  const std::size_t dot = file_name.rfind('.');
  if (dot == PlainString::npos || dot == 0) return file_name;
  return file_name.substr(0, dot);
}

Result<StatementFolder> ListStatementFolder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return ListError(dir, ec.value());
  StatementFolder folder;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& entry = it->path();
    if (entry.filename().native().starts_with('.')) {
      ++folder.hidden_skipped;
      continue;
    }
    // lstat: a link is refused as a link, whatever it points to.
    struct stat st{};
    if (::lstat(entry.c_str(), &st) != 0) return ListError(entry, errno);
    if (!S_ISREG(st.st_mode)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       entry.string() + " " + NotAFile(st.st_mode) +
                           "; only regular files are added from a folder, so move it out first");
    }
    folder.files.push_back(entry);
  }
  if (ec) return ListError(dir, ec.value());
  if (folder.files.empty()) {
    std::string why = dir.string() + " holds no file to add";
    if (folder.hidden_skipped > 0) {
      why += " (only " + std::to_string(folder.hidden_skipped) +
             " hidden, whose names start with '.', which are left out)";
    }
    return MakeError(ErrorCode::kNotFound, why);
  }
  // Byte order of the names: the same on every machine, whatever the locale.
  std::sort(folder.files.begin(), folder.files.end(),
            [](const auto& a, const auto& b) { return a.filename().native() < b.filename().native(); });
  return folder;
}

}  // namespace tvault
