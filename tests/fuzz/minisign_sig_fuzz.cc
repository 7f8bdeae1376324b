// Fuzzes minisign::ParseSignatureFile, which reads untrusted bundle content.
// Properties: no crash or sanitizer report on any input; whatever parses is
// canonical (FormatSignatureFile gives back the same bytes); Verify is total
// on whatever parses.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "minisign/minisign.h"
#include "vault/crypto_init.h"

namespace {

// tests/data/minisign/fixture.pub: any valid key will do.
constexpr char kKeyLine[] = "RWQNuN5/jYg7j4NmnUeBA/ec+7M3gDFkAB/vm78D+71z+N6zEZW/lAfi";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault::minisign;
  static const bool ready = tvault::InitCrypto();
  static const PublicKey key = ParsePublicKey(kKeyLine).value();
  if (!ready) std::abort();

  auto parsed = ParseSignatureFile({data, size});
  if (!parsed.ok()) return 0;
  auto formatted = FormatSignatureFile(*parsed);
  if (!formatted.ok() || formatted->size() != size ||
      std::memcmp(formatted->data(), data, size) != 0) {
    std::abort();  // two encodings of one signature, or one we cannot write back
  }
  (void)Verify(key, *parsed, Blake2b512Digest{});
  return 0;
}
