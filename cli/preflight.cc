#include "preflight.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "cli.h"

namespace tvault::cli {
namespace {

// "a witness id (W-...)".
std::string KindName(char kind) {
  switch (kind) {
    case 'W': return "a witness";
    case 'T': return "a testimony";
    default: return "an evidence";
  }
}

}  // namespace

Status CheckRecordId(const std::string& id, char kind, std::string_view what) {
  TVAULT_ASSIGN_OR_RETURN(std::string normal, NormalizeRecordId(id));
  if (normal[0] == kind) return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   std::string(what) + " takes " + KindName(kind) + " id (" +
                       std::string(1, kind) + "-...); " + normal + " is " +
                       KindName(normal[0]) + " id");
}

Status CheckInputFile(const std::string& path) {
  if (path == "-") return OkStatus();
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path + " does not exist");
    return MakeError(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return MakeError(ErrorCode::kInvalidArgument, path + " is a directory");
  return OkStatus();
}

Status CheckNewOutput(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) return OkStatus();
  if (S_ISLNK(st.st_mode)) {
    struct stat target{};
    const bool dangling = ::stat(path.c_str(), &target) != 0;
    return MakeError(ErrorCode::kAlreadyExists,
                     path + " is a symbolic link" + (dangling ? " to nothing" : "") +
                         "; files are never written through a link: choose another name "
                         "(nothing was written)");
  }
  return MakeError(ErrorCode::kAlreadyExists,
                   path + " already exists; choose another name (nothing was written)");
}

}  // namespace tvault::cli
