#include "slip39/rs1024.h"

#include <cstdint>
#include <string_view>

namespace tvault::slip39 {
namespace {

constexpr uint32_t kGenerator[10] = {0xE0E040,   0x1C1C080,  0x3838100,  0x7070200,
                                     0xE0E0009,  0x1C0C2412, 0x38086C24, 0x3090FC48,
                                     0x21B1F890, 0x3F3F120};

class Polymod {
 public:
  void Feed(uint32_t value) {
    const uint32_t top = chk_ >> 20;
    chk_ = ((chk_ & 0xFFFFF) << 10) ^ value;
    for (int i = 0; i < 10; ++i) chk_ ^= kGenerator[i] & -((top >> i) & 1);
  }
  uint32_t value() const { return chk_; }

 private:
  uint32_t chk_ = 1;
};

// Feeds the customization string and words[0, count).
Polymod Over(bool extendable, const WordIndices& words, std::size_t count) {
  const std::string_view cs = extendable ? "shamir_extendable" : "shamir";
  Polymod p;
  for (char c : cs) p.Feed(static_cast<uint8_t>(c));
  for (std::size_t i = 0; i < count; ++i) p.Feed(words[i]);
  return p;
}

}  // namespace

bool Rs1024Verify(bool extendable, const WordIndices& words) {
  return Over(extendable, words, words.size()).value() == 1;
}

void Rs1024Fill(bool extendable, WordIndices& words) {
  const std::size_t data = words.size() - kChecksumWords;
  Polymod p = Over(extendable, words, data);
  for (std::size_t i = 0; i < kChecksumWords; ++i) p.Feed(0);
  const uint32_t check = p.value() ^ 1;
  for (std::size_t i = 0; i < kChecksumWords; ++i)
    words.Set(data + i, static_cast<uint16_t>((check >> (10 * (2 - i))) & 1023));
}

}  // namespace tvault::slip39
