// Fuzzes the age header parser (vault/formats/age/age_format.h).
// Properties:
//  * never crashes, never reads out of bounds (ASan), never allocates more
//    than the input's size allows (caps: 1 MiB, 256 stanzas);
//  * canonical: a header that parses re-serializes to exactly the bytes it
//    was parsed from, and those bytes parse to the same header again;
//  * stanza checks and unwrapping with a fixed identity never crash.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "age/age.h"
#include "vault/crypto_init.h"

namespace {
using namespace tvault;
namespace in = tvault::age::internal;

const std::vector<SecretBytes>& Identities() {
  static const std::vector<SecretBytes> ids = [] {
    if (!InitCrypto()) std::abort();
    std::vector<SecretBytes> v;
    std::vector<uint8_t> scalar(32);
    for (std::size_t i = 0; i < scalar.size(); ++i) scalar[i] = static_cast<uint8_t>(i + 1);
    v.push_back(SecretBytes::CopyOf(scalar));
    return v;
  }();
  return ids;
}

bool SameHeader(const in::Header& a, const in::Header& b) {
  if (a.mac != b.mac || a.stanzas.size() != b.stanzas.size()) return false;
  for (std::size_t i = 0; i < a.stanzas.size(); ++i) {
    const in::Stanza &x = a.stanzas[i], &y = b.stanzas[i];
    if (x.type != y.type || x.args != y.args || x.body != y.body) return false;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& ids = Identities();
  std::span<const uint8_t> input(data, size);
  auto parsed = in::ParseHeader(input);
  if (!parsed.ok()) return 0;
  if (parsed->size > size || parsed->size > in::kMaxHeaderBytes ||
      parsed->header.stanzas.size() > in::kMaxStanzas ||
      parsed->mac_input_bytes + 1 + in::kMacLineChars + 1 != parsed->size) {
    std::abort();
  }
  std::vector<uint8_t> again = in::SerializeHeader(parsed->header);
  if (again.size() != parsed->size || !std::equal(again.begin(), again.end(), data)) std::abort();
  auto reparsed = in::ParseHeader(again);
  if (!reparsed.ok() || reparsed->size != again.size() || !SameHeader(parsed->header, reparsed->header)) {
    std::abort();
  }
  age::Failure failure = age::Failure::kNone;
  auto key = in::UnwrapFileKey(parsed->header, ids, failure);
  if (key.ok() == (failure != age::Failure::kNone)) std::abort();
  return 0;
}
