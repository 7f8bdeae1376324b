// The profile of POSIX ustar that bundles use (docs/bundle-format.md,
// section 2): which member names and sizes an archive may hold. The tar
// layer enforces it when writing and reading; the bundle layer builds on it.
//
// Thread-safety: pure functions, no state.
#ifndef TVAULT_TAR_USTAR_PROFILE_H_
#define TVAULT_TAR_USTAR_PROFILE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tvault::tar {

// A ustar name field holds 100 bytes; the prefix field is never used.
inline constexpr std::size_t kMaxMemberNameBytes = 100;
inline constexpr uint64_t kMaxMembers = 1'000'000;
// A ustar size field holds 11 octal digits, so a member is smaller than
// 8 GiB; base-256 sizes are a GNU/star extension.
inline constexpr uint64_t kMaxMemberBytes = (uint64_t{1} << 33) - 1;
// The mtime field is 11 octal digits too: 0 .. 8^11 - 1 (year 2242).
inline constexpr int64_t kMaxMtimeUnixS = (int64_t{1} << 33) - 1;

// Section 2's name grammar: components of [A-Za-z0-9._-] separated by single
// '/', at most 100 bytes, no empty, "." or ".." component. Rejects absolute
// paths, trailing slashes and everything that is not ASCII.
bool IsValidMemberName(std::string_view name);

}  // namespace tvault::tar

#endif  // TVAULT_TAR_USTAR_PROFILE_H_
