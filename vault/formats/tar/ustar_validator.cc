#include "tar/ustar_validator.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "tar/ustar_profile.h"
#include "util/utf8.h"

namespace tvault::tar::internal {
namespace {

std::string_view FieldText(const TarBlock& block, UstarField f) {
  return {reinterpret_cast<const char*>(block.data()) + f.offset, f.length};
}

bool AllZero(std::span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

bool FieldIsEmpty(const TarBlock& block, UstarField f) {
  return AllZero(std::span(block).subspan(f.offset, f.length));
}

// A numeric field: optional leading spaces, octal digits, then only NUL or
// space. The base-256 form (high bit of the first byte) is a GNU/star
// extension and is refused.
std::optional<uint64_t> ParseOctal(std::string_view field) {
  if (!field.empty() && (static_cast<uint8_t>(field[0]) & 0x80) != 0) return std::nullopt;
  std::size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  uint64_t value = 0;
  std::size_t digits = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
    value = value * 8 + static_cast<uint64_t>(field[i] - '0');
  }
  if (digits == 0 || digits > 12) return std::nullopt;
  for (; i < field.size(); ++i)
    if (field[i] != '\0' && field[i] != ' ') return std::nullopt;
  return value;
}

// What a refused type flag is, in words.
std::string TypeName(char type) {
  switch (type) {
    case '\0': return "an old-style regular file (type NUL, not '0')";
    case '1': return "a hard link";
    case '2': return "a symbolic link";
    case '3': return "a character device";
    case '4': return "a block device";
    case '5': return "a directory";
    case '6': return "a FIFO";
    case '7': return "a contiguous file";
    case 'x': return "a pax extended header";
    case 'g': return "a pax global header";
    case 'L': return "a GNU long name header";
    case 'K': return "a GNU long link name header";
    case 'S': return "a GNU sparse file";
    case 'M': return "a GNU multi-volume continuation";
    case 'V': return "a GNU volume label";
    case 'D': return "a GNU directory dump";
    case 'N': return "a GNU old long name";
    default: {
      char buf[48];
      std::snprintf(buf, sizeof buf, "an unknown member type (0x%02X)",
                    static_cast<unsigned>(static_cast<uint8_t>(type)));
      return buf;
    }
  }
}

}  // namespace

uint32_t UstarChecksum(const TarBlock& header) {
  uint32_t sum = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const bool in_field = i >= kUstarChecksum.offset &&
                          i < kUstarChecksum.offset + kUstarChecksum.length;
    sum += in_field ? uint32_t{' '} : header[i];
  }
  return sum;
}

Status UstarValidator::Fail(std::string message) {
  error_ = MakeError(ErrorCode::kIntegrity, "tar: " + std::move(message));
  return *error_;
}

Status UstarValidator::Feed(std::span<const uint8_t> bytes) {
  if (error_) return *error_;
  while (!bytes.empty()) {
    switch (state_) {
      case State::kData: {
        const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(data_left_, bytes.size()));
        data_left_ -= n;
        bytes = bytes.subspan(n);
        if (data_left_ == 0) state_ = padding_left_ > 0 ? State::kPadding : State::kHeader;
        break;
      }
      case State::kPadding: {
        const std::size_t n = std::min(padding_left_, bytes.size());
        if (!AllZero(bytes.first(n))) {
          return Fail("member " + std::to_string(members_) + " is padded with non-zero bytes");
        }
        padding_left_ -= n;
        bytes = bytes.subspan(n);
        if (padding_left_ == 0) state_ = State::kHeader;
        break;
      }
      case State::kTrailer:
        if (!AllZero(bytes)) {
          return Fail("data after the end-of-archive blocks (only zero padding may follow them)");
        }
        bytes = {};
        break;
      case State::kHeader:
      case State::kSecondZeroBlock: {
        const std::size_t n = std::min(kTarBlockBytes - block_fill_, bytes.size());
        std::copy_n(bytes.begin(), n, block_.begin() + static_cast<std::ptrdiff_t>(block_fill_));
        block_fill_ += n;
        bytes = bytes.subspan(n);
        if (block_fill_ == kTarBlockBytes) {
          block_fill_ = 0;
          TVAULT_TRY(OnBlock());
        }
        break;
      }
    }
  }
  return OkStatus();
}

Status UstarValidator::OnBlock() {
  const bool zero = AllZero(block_);
  if (state_ == State::kSecondZeroBlock) {
    if (!zero) {
      return Fail("a lone zero block inside the archive (only two consecutive zero blocks end it)");
    }
    state_ = State::kTrailer;
    return OkStatus();
  }
  if (zero) {
    state_ = State::kSecondZeroBlock;
    return OkStatus();
  }
  return OnHeader();
}

Status UstarValidator::OnHeader() {
  const uint64_t index = members_ + 1;
  const std::string which = "member " + std::to_string(index);
  if (index > kMaxMembers) {
    return Fail("more than " + std::to_string(kMaxMembers) + " members");
  }
  auto stored = ParseOctal(FieldText(block_, kUstarChecksum));
  if (!stored || *stored != UstarChecksum(block_)) {
    return Fail(which + ": header checksum mismatch");
  }
  const std::string_view magic = FieldText(block_, kUstarMagic);
  const std::string_view version = FieldText(block_, kUstarVersion);
  if (magic != std::string_view("ustar\0", 6) || version != "00") {
    const bool gnu = magic == "ustar " && version == std::string_view(" \0", 2);
    return Fail(which + (gnu ? ": a GNU tar header (only POSIX ustar is allowed)"
                             : ": not a POSIX ustar header"));
  }
  const char type = static_cast<char>(block_[kUstarTypeflag.offset]);
  if (type != kUstarRegularType) {
    return Fail(which + " is " + TypeName(type) + ": the archive holds regular files only");
  }
  // The name: up to the first NUL (or all 100 bytes), then NULs only.
  const std::string_view field = FieldText(block_, kUstarName);
  const std::string_view name = field.substr(0, std::min(field.find('\0'), field.size()));
  if (!AllZero(std::span(block_).subspan(name.size(), kUstarName.length - name.size()))) {
    return Fail(which + ": bytes after the NUL that ends its name");
  }
  if (!IsValidMemberName(name)) {
    return Fail(which + ": name \"" + EscapeForTerminal(name) + "\" is not allowed");
  }
  if (!FieldIsEmpty(block_, kUstarPrefix)) {
    return Fail(which + " (\"" + EscapeForTerminal(name) + "\"): a ustar name prefix is not allowed");
  }
  if (!FieldIsEmpty(block_, kUstarLinkname)) {
    return Fail(which + " (\"" + EscapeForTerminal(name) + "\"): a link name is not allowed");
  }
  auto size = ParseOctal(FieldText(block_, kUstarSize));
  if (!size || *size > kMaxMemberBytes) {
    return Fail(which + " (\"" + EscapeForTerminal(name) + "\"): malformed or oversized size field");
  }
  if (!names_.insert(std::string(name)).second) {
    return Fail("duplicate member name \"" + EscapeForTerminal(name) + "\"");
  }
  members_ = index;
  pending_.push_back(TarMember{std::string(name), *size});
  data_left_ = *size;
  padding_left_ = static_cast<std::size_t>((kTarBlockBytes - *size % kTarBlockBytes) % kTarBlockBytes);
  state_ = data_left_ > 0 ? State::kData : State::kHeader;
  return OkStatus();
}

Status UstarValidator::End() {
  if (error_) return *error_;
  switch (state_) {
    case State::kTrailer: return OkStatus();
    case State::kSecondZeroBlock:
      return Fail("the archive ends after a single zero block (two end it)");
    case State::kHeader:
      if (block_fill_ == 0) return Fail("the archive ends without its end-of-archive blocks");
      [[fallthrough]];
    default:
      return Fail("the archive is truncated");
  }
}

std::optional<TarMember> UstarValidator::PopHeader() {
  if (pending_.empty()) return std::nullopt;
  TarMember m = std::move(pending_.front());
  pending_.pop_front();
  return m;
}

}  // namespace tvault::tar::internal
