// Fuzz target: the vault header parser (docs/format.md, section 2).
// Properties: never crashes; anything accepted re-serializes to the same
// bytes (the parser is canonical). Half of the inputs get a correct checksum
// recomputed first, so that mutations reach the structural checks behind it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "crypto/hash.h"
#include "header/vault_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::vector<uint8_t> in(data + 1, data + size);
  if ((data[0] & 1) != 0 && in.size() >= 32) {
    auto sum = tvault::crypto::Sha256(std::span(in).first(in.size() - 32));
    std::copy(sum.begin(), sum.end(), in.end() - 32);
  }
  auto parsed = tvault::ParseHeader(in);
  if (!parsed.ok()) return 0;
  if (tvault::SerializeHeader(*parsed) != in) std::abort();
  return 0;
}
