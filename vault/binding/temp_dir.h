// A directory made beside its final place and removed with everything in
// it unless Release()d: what init and restore build a vault in, so that a
// rename makes it appear complete or not at all (docs/format.md, section 1).
// Move-only; not thread-safe.
#ifndef TVAULT_BINDING_TEMP_DIR_H_
#define TVAULT_BINDING_TEMP_DIR_H_

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

#include "util/file_io.h"
#include "vault/result.h"

namespace tvault {

class TempDir {
 public:
  // A new directory "<prefix>XXXXXX" (mode 0700, mkdtemp) in `target`'s
  // parent directory. kIo naming the parent on failure.
  static Result<TempDir> CreateBeside(const std::filesystem::path& target,
                                      const std::string& prefix) {
    return CreateIn(target.parent_path().empty() ? std::filesystem::path(".")
                                                  : target.parent_path(),
                    prefix);
  }
  static Result<TempDir> CreateIn(const std::filesystem::path& parent, const std::string& prefix) {
    std::string tmpl = (parent / (prefix + "XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return IoError("cannot create a directory in", parent, errno);
    }
    return TempDir(tmpl);
  }
  TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempDir(const TempDir&) = delete;
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  const std::filesystem::path& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  explicit TempDir(std::filesystem::path p) : path_(std::move(p)) {}
  std::filesystem::path path_;
};

}  // namespace tvault

#endif  // TVAULT_BINDING_TEMP_DIR_H_
