// The tar layer of an export bundle (docs/bundle-format.md, section 2): a
// POSIX ustar archive of regular files, written and read as a stream.
//
// TarWriter writes, through libarchive, one ustar header per member (type
// '0', mode 0644, uid/gid 0, empty user and group names, the bundle's fixed
// mtime) followed by the member's data, zero-padded to 512 bytes, and ends
// with the two zero blocks and no further padding. Data is streamed: the size
// is declared up front and exactly that many bytes must follow.
//
// TarReader reads with libarchive (tar format only, no filter, so compressed
// input is refused) and, in the same pass, checks the raw bytes libarchive is
// fed against section 2 (UstarValidator), because libarchive hides what the
// spec forbids: it merges pax and GNU long-name headers into the next entry,
// expands GNU sparse files, reports a hard link as a zero-size entry, treats
// a single zero block as the end of the archive and never looks at what
// follows it, and accepts an archive with no end-of-archive blocks at all.
// Every entry libarchive reports must agree with the raw header the
// validator parsed (name, size, regular file, plain ustar), and the end is
// reported only after the end-of-archive blocks, the zero padding after them
// and the end of the input were seen.
//
// Refused, each with kIntegrity and a one-line message that names the rule
// (member names escaped with EscapeForTerminal):
//  * any header other than POSIX ustar ("ustar\0" "00"): v7, GNU, star;
//  * any type other than '0': pax 'x'/'g', GNU 'L'/'K'/'S'/'M'/'V', hard and
//    symbolic links, character and block devices, directories, FIFOs,
//    contiguous files, old-style '\0' regular files, anything unknown;
//  * a name outside the grammar (IsValidMemberName), a ustar prefix, a link
//    name, a base-256 or malformed size, a header checksum mismatch;
//  * a duplicate name; more than kMaxMembers members;
//  * non-zero bytes in a member's padding, a lone zero block, anything but
//    zero bytes after the two end-of-archive blocks, a truncated archive.
// The mode, owner, group and mtime fields are not checked: nothing in the
// bundle signs them and tvault never applies them.
//
// Memory: O(1) in the data size (one 64 KiB buffer each way, libarchive's
// blocking); O(members) for the set of names (duplicates).
// Objects are move-only and not thread-safe. `in` / `out` must outlive them.
#ifndef TVAULT_TAR_TAR_STREAM_H_
#define TVAULT_TAR_TAR_STREAM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/byte_stream.h"
#include "vault/result.h"

namespace tvault::tar {

inline constexpr std::size_t kTarBlockBytes = 512;

struct TarMember {
  std::string name;
  uint64_t size_bytes = 0;
};

class TarWriter {
 public:
  // Every member gets `mtime_unix_s` (0 <= mtime < 8^11). kInvalidArgument
  // for an mtime ustar cannot hold; kInternal if libarchive cannot start.
  static Result<TarWriter> Begin(ByteSink& out, int64_t mtime_unix_s);
  TarWriter(TarWriter&&) noexcept;
  TarWriter& operator=(TarWriter&&) noexcept;
  ~TarWriter();

  // Starts a member of exactly `size_bytes` bytes. kInvalidArgument for a
  // name outside the grammar, a duplicate, a size over kMaxMemberBytes, or
  // more than kMaxMembers members.
  Status BeginMember(std::string_view name, uint64_t size_bytes);
  // kInvalidArgument if the data would exceed the declared size.
  Status WriteData(std::span<const uint8_t> data);
  // kInvalidArgument if fewer bytes than declared were written.
  Status EndMember();

  // BeginMember + WriteData + EndMember.
  Status AddMember(std::string_view name, std::span<const uint8_t> data);
  // The same, reading `source` to its end: it must yield exactly `size_bytes`.
  Status AddMember(std::string_view name, uint64_t size_bytes, ByteSource& source);

  // Writes the end-of-archive blocks. The archive is incomplete until then.
  Status Finish();

 private:
  struct Impl;
  explicit TarWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class TarReader {
 public:
  // Nothing is read before the first Next().
  static Result<TarReader> Open(ByteSource& in);
  TarReader(TarReader&&) noexcept;
  TarReader& operator=(TarReader&&) noexcept;
  ~TarReader();

  // The next member, after skipping (reading and discarding) what is left of
  // the current one. std::nullopt at the verified end of the archive and of
  // `in`. Errors are sticky.
  Result<std::optional<TarMember>> Next();
  // Up to out.size() bytes of the current member's data; 0 once all
  // size_bytes were delivered. `out` must not be empty.
  Result<std::size_t> ReadData(std::span<uint8_t> out);

 private:
  struct Impl;
  explicit TarReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tvault::tar

#endif  // TVAULT_TAR_TAR_STREAM_H_
