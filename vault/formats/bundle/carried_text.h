// Text that is not UTF-8, carried losslessly in a bundle's JSON
// (docs/bundle-format.md, section 3.1). A vault written before intake
// refused such bytes may hold them in a title, a reason or a description;
// JSON strings hold UTF-8 only, so such a field is written twice: the string
// member in its escaped form (readable with any JSON tool) and a sibling
// "<key>_bytes" member with the exact bytes in base64. A field that is UTF-8
// is written once, as before, and never has a sibling.
//
// Thread-safety: pure functions.
#ifndef TVAULT_BUNDLE_CARRIED_TEXT_H_
#define TVAULT_BUNDLE_CARRIED_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "util/json_writer.h"
#include "vault/secret.h"

namespace tvault::bundle {

// The suffix of the member that carries a field's exact bytes.
inline constexpr std::string_view kBytesSuffix = "_bytes";

// Whether `bytes` is well-formed UTF-8 (no overlong, no surrogate).
bool IsUtf8Text(std::string_view bytes);

// The escaped form: each byte at which no well-formed UTF-8 sequence starts
// becomes the four characters "\xHH" (upper-case hex), every other byte is
// copied. Equal to `bytes` when they are UTF-8.
PlainString EscapeNotUtf8(std::string_view bytes);

// Writes `key` with `value`, escaped if it is not UTF-8, and then, only in
// that case, `key`_bytes with the exact bytes (padded base64).
void WriteCarriedText(JsonWriter& w, std::string_view key, std::string_view value);

// The bytes a field carries, from its string member `shown` and its
// `_bytes` member `carried` (base64 text). nullopt with `why` set when they
// do not make one spelling of one value: `carried` is not canonical padded
// base64, or decodes to UTF-8 (which needs no `_bytes`), or `shown` is not
// the escaped form of what it decodes to.
std::optional<std::string> DecodeCarriedText(std::string_view shown, std::string_view carried,
                                             std::string& why);

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_CARRIED_TEXT_H_
