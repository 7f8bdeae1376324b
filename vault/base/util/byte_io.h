// Big-endian writers and bounds-checked readers for the binary formats in
// docs/format.md. The reader never reads past its span; every accessor
// reports failure instead of asserting, so parsers of untrusted bytes can be
// written as straight-line code and fuzzed.
#ifndef TVAULT_UTIL_BYTE_IO_H_
#define TVAULT_UTIL_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace tvault {

template <typename Vec>
class BasicByteWriter {
 public:
  explicit BasicByteWriter(Vec& out) : out_(out) {}
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { Be(v, 2); }
  void U32(uint32_t v) { Be(v, 4); }
  void U64(uint64_t v) { Be(v, 8); }
  void Raw(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void Raw(std::string_view s) {
    Raw({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  }
  // u32 length then the bytes.
  void Lp32(std::span<const uint8_t> b) { U32(static_cast<uint32_t>(b.size())); Raw(b); }
  void Lp32(std::string_view s) { U32(static_cast<uint32_t>(s.size())); Raw(s); }

 private:
  void Be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  Vec& out_;
};
using ByteWriter = BasicByteWriter<std::vector<uint8_t>>;

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}
  bool U8(uint8_t& v) { return Be(v, 1); }
  bool U16(uint16_t& v) { return Be(v, 2); }
  bool U32(uint32_t& v) { return Be(v, 4); }
  bool U64(uint64_t& v) { return Be(v, 8); }
  // A view of the next n bytes.
  bool Raw(std::size_t n, std::span<const uint8_t>& out) {
    if (remaining() < n) return false;
    out = in_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool Lp32(std::span<const uint8_t>& out) {
    uint32_t n = 0;
    return U32(n) && Raw(n, out);
  }
  std::size_t remaining() const { return in_.size() - pos_; }
  std::size_t position() const { return pos_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  template <typename T>
  bool Be(T& v, int n) {
    if (remaining() < static_cast<std::size_t>(n)) return false;
    uint64_t x = 0;
    for (int i = 0; i < n; ++i) x = (x << 8) | in_[pos_ + i];
    pos_ += n;
    v = static_cast<T>(x);
    return true;
  }
  std::span<const uint8_t> in_;
  std::size_t pos_ = 0;
};

inline std::span<const uint8_t> AsSpan(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace tvault

#endif  // TVAULT_UTIL_BYTE_IO_H_
