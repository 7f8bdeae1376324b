// Fuzzes the parsers of what the bundle signature covers
// (vault/formats/bundle/bundle_sums.h) and the terminal escaping of untrusted text.
// The first byte selects the target; the rest is the input.
//   0: SHA256SUMS. Canonical: FormatSums(ParseSums(x)) == x. The streaming
//      parser fed in pieces (sizes from the input) gives the same verdict,
//      entries and message as the whole-file parse.
//   1: the trusted comment. Canonical: Format(Parse(x)) == x.
//   2: EscapeForTerminal: the output holds no control character or
//      invalid UTF-8, and escaping is injective on a pair of inputs.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bundle/bundle_format.h"
#include "bundle/bundle_sums.h"
#include "vault/crypto_init.h"
#include "vault/text.h"

namespace {
using namespace tvault;
using namespace tvault::bundle;

void FuzzSums(std::span<const uint8_t> in, std::size_t piece) {
  auto whole = ParseSums(in);
  std::vector<SumsEntry> streamed;
  SumsParser parser([&streamed](const SumsEntry& e) {
    streamed.push_back(e);
    return OkStatus();
  });
  Status s = OkStatus();
  for (std::size_t i = 0; i < in.size() && s.ok(); i += piece) s = parser.Feed(in.subspan(i, std::min(piece, in.size() - i)));
  if (s.ok()) s = parser.Finish();
  if (s.ok() != whole.ok()) std::abort();
  if (!whole.ok()) {
    if (whole.error().code != ErrorCode::kIntegrity || s.error().message != whole.error().message) std::abort();
    return;
  }
  if (streamed != *whole) std::abort();
  auto text = FormatSums(*whole);
  if (!text.ok() || std::string_view(*text) != std::string_view(reinterpret_cast<const char*>(in.data()), in.size())) {
    std::abort();
  }
}

void FuzzComment(std::string_view in) {
  auto parsed = ParseTrustedComment(in);
  if (!parsed.ok()) {
    if (parsed.error().code != ErrorCode::kIntegrity && parsed.error().code != ErrorCode::kUnsupported) std::abort();
    return;
  }
  auto text = FormatTrustedComment(*parsed);
  if (!text.ok() || *text != in) std::abort();
}

void FuzzEscape(std::string_view in) {
  const std::string out = EscapeForTerminal(in);
  for (unsigned char c : out) {
    if (c < 0x20 || c == 0x7F) std::abort();
  }
  if (!IsValidUtf8({reinterpret_cast<const uint8_t*>(out.data()), out.size()})) std::abort();
  // Injective: split the input in two halves and compare their escapings.
  const std::string_view a = in.substr(0, in.size() / 2), b = in.substr(in.size() / 2);
  if (a != b && EscapeForTerminal(a) == EscapeForTerminal(b)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = InitCrypto();
  if (!ready || size == 0) return 0;
  const std::span<const uint8_t> in(data + 1, size - 1);
  const std::string_view text(reinterpret_cast<const char*>(in.data()), in.size());
  switch (data[0] % 3) {
    case 0: FuzzSums(in, 1 + data[0] / 3); break;
    case 1: FuzzComment(text); break;
    default: FuzzEscape(text); break;
  }
  return 0;
}
