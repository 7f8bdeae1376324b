// Section 2's rules checked on the raw bytes of a tar stream, block by block,
// as they arrive: the bytes TarReader hands libarchive pass through here
// first, so that nothing libarchive would silently merge, expand or ignore
// (pax and GNU extension headers, sparse maps, a lone zero block, data after
// the end) reaches the caller. Internal to the bundle layer; tar_stream.h
// lists the rules.
//
// Memory: one 512-byte block, the set of names seen, and the headers parsed
// but not yet claimed by libarchive (at most one read buffer's worth).
#ifndef TVAULT_TAR_USTAR_VALIDATOR_H_
#define TVAULT_TAR_USTAR_VALIDATOR_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>

#include "tar/tar_stream.h"
#include "vault/result.h"

namespace tvault::tar::internal {

// Offsets and lengths of the POSIX ustar header fields (IEEE 1003.1-1988).
struct UstarField {
  std::size_t offset;
  std::size_t length;
};
inline constexpr UstarField kUstarName{0, 100};
inline constexpr UstarField kUstarMode{100, 8};
inline constexpr UstarField kUstarUid{108, 8};
inline constexpr UstarField kUstarGid{116, 8};
inline constexpr UstarField kUstarSize{124, 12};
inline constexpr UstarField kUstarMtime{136, 12};
inline constexpr UstarField kUstarChecksum{148, 8};
inline constexpr UstarField kUstarTypeflag{156, 1};
inline constexpr UstarField kUstarLinkname{157, 100};
inline constexpr UstarField kUstarMagic{257, 6};
inline constexpr UstarField kUstarVersion{263, 2};
inline constexpr UstarField kUstarPrefix{345, 155};
inline constexpr char kUstarRegularType = '0';

using TarBlock = std::array<uint8_t, kTarBlockBytes>;

// The header checksum: the sum of the header's bytes as unsigned values,
// with the checksum field counted as eight spaces.
uint32_t UstarChecksum(const TarBlock& header);

class UstarValidator {
 public:
  // The next bytes of the archive. The first violation is returned, here
  // and by every later call.
  Status Feed(std::span<const uint8_t> bytes);
  // The input ended. An error unless both end-of-archive blocks were seen.
  Status End();
  // The oldest header parsed and not yet popped.
  std::optional<TarMember> PopHeader();
  uint64_t member_count() const { return members_; }

 private:
  enum class State { kHeader, kData, kPadding, kSecondZeroBlock, kTrailer };
  Status Fail(std::string message);
  Status OnBlock();
  Status OnHeader();

  State state_ = State::kHeader;
  TarBlock block_{};
  std::size_t block_fill_ = 0;
  uint64_t data_left_ = 0;
  std::size_t padding_left_ = 0;
  uint64_t members_ = 0;
  std::unordered_set<std::string> names_;
  std::deque<TarMember> pending_;
  std::optional<Error> error_;
};

}  // namespace tvault::tar::internal

#endif  // TVAULT_TAR_USTAR_VALIDATOR_H_
