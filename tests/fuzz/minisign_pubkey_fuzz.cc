// Fuzzes minisign::ParsePublicKey (a bare "RW..." line or a whole .pub file).
// Properties: no crash on any input; a bare line that parses is canonical
// (EncodePublicKey gives it back); a .pub file that parses is exactly
// "untrusted comment: <one line>\n" + EncodePublicKey + "\n"; the key we would
// write parses to the same key.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "minisign/minisign.h"
#include "vault/crypto_init.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tvault::minisign;
  static const bool ready = tvault::InitCrypto();
  if (!ready) std::abort();

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto key = ParsePublicKey(text);
  if (!key.ok()) return 0;

  const std::string line = EncodePublicKey(*key);
  if (text != line) {
    const std::string tail = "\n" + line + "\n";
    if (!text.starts_with(kUntrustedPrefix) || !text.ends_with(tail)) std::abort();
    std::string_view comment = text.substr(kUntrustedPrefix.size());
    comment.remove_suffix(tail.size());
    if (comment.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
      std::abort();
    }
  }
  auto again = ParsePublicKey(FormatPublicKeyFile(*key));
  if (!again.ok() || again->key_id != key->key_id || again->ed25519 != key->ed25519) {
    std::abort();
  }
  return 0;
}
