// Small POSIX file helpers: atomic replacement, whole-file reads, fsync of a
// directory. All report errors as Result values with the path and errno text.
#ifndef TVAULT_UTIL_FILE_IO_H_
#define TVAULT_UTIL_FILE_IO_H_

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

// Writes `bytes` to `path` atomically: `path`.tmp (mode 0600, O_EXCL after
// removing a stale one), fsync, rename over `path`, fsync of the directory.
// After a crash the file is either the old or the new content.
Status WriteFileAtomically(const std::filesystem::path& path,
                           std::span<const uint8_t> bytes);

// Reads a whole regular file, refusing files over `max_bytes`.
Result<std::vector<uint8_t>> ReadSmallFile(const std::filesystem::path& path,
                                           std::size_t max_bytes);

// Reads a whole file or stream (path "-" is standard input) into wiping
// memory, refusing inputs over `max_bytes`.
Result<PlainBytes> ReadPlainFile(const std::filesystem::path& path, std::size_t max_bytes);

Status FsyncDirectory(const std::filesystem::path& dir);

// errno as text, for messages.
std::string ErrnoText(int err);
Error IoError(const std::string& what, const std::filesystem::path& path, int err);

}  // namespace tvault

#endif  // TVAULT_UTIL_FILE_IO_H_
