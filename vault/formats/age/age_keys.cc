// age's Bech32 key encodings: "age1..." recipients, "AGE-SECRET-KEY-1..."
// identities.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "age/age.h"
#include "age/bech32.h"
#include "crypto/asymmetric.h"

namespace tvault::age {
namespace {

constexpr std::string_view kRecipientHrp = "age";
constexpr std::string_view kIdentityHrp = "age-secret-key-";  // written in uppercase
// age puts no length limit on its Bech32 strings; our keys have one size.
constexpr std::size_t kNoLengthLimit = std::numeric_limits<std::size_t>::max();

Error BadRecipient(std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument, "not an age recipient: " + std::string(why));
}
Error BadIdentity(std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument, "not an age identity: " + std::string(why));
}

// The 32 key bytes behind a Bech32 string, or the reason there are none.
Result<PlainBytes> KeyBytes(std::string_view text, std::string_view hrp, bool uppercase) {
  TVAULT_ASSIGN_OR_RETURN(bech32::Decoded decoded, bech32::Decode(text, kNoLengthLimit));
  if (decoded.hrp != hrp) {
    return MakeError(ErrorCode::kInvalidArgument, "wrong key type");
  }
  if (decoded.uppercase != uppercase) {
    return MakeError(ErrorCode::kInvalidArgument,
                     uppercase ? "must be uppercase" : "must be lowercase");
  }
  auto bytes = bech32::ConvertBits(decoded.data, 5, 8, /*pad=*/false);
  if (!bytes || bytes->size() != internal::kX25519Bytes) {
    return MakeError(ErrorCode::kInvalidArgument, "wrong key length");
  }
  return std::move(*bytes);
}

}  // namespace

std::string EncodeRecipient(const X25519Public& recipient) {
  auto data5 = bech32::ConvertBits(recipient, 8, 5, /*pad=*/true);
  PlainString text = bech32::Encode(kRecipientHrp, *data5);
  return std::string(text.begin(), text.end());
}

Result<X25519Public> ParseRecipient(std::string_view text) {
  auto bytes = KeyBytes(text, kRecipientHrp, /*uppercase=*/false);
  if (!bytes.ok()) return BadRecipient(bytes.error().message);
  X25519Public out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

SecretBytes GenerateIdentity() { return SecretBytes::Random(internal::kX25519Bytes); }

PlainString EncodeIdentity(const SecretBytes& scalar) {
  if (scalar.size() != internal::kX25519Bytes) std::abort();  // programming error
  auto data5 = bech32::ConvertBits(scalar.reveal(), 8, 5, /*pad=*/true);
  PlainString text = bech32::Encode(kIdentityHrp, *data5);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
  return text;
}

Result<SecretBytes> ParseIdentity(std::string_view text) {
  auto bytes = KeyBytes(text, kIdentityHrp, /*uppercase=*/true);
  if (!bytes.ok()) return BadIdentity(bytes.error().message);
  return SecretBytes::CopyOf(*bytes);
}

Result<std::vector<SecretBytes>> ParseIdentityFile(std::span<const uint8_t> contents) {
  std::string_view rest(reinterpret_cast<const char*>(contents.data()), contents.size());
  std::vector<SecretBytes> identities;
  for (std::size_t line_no = 1; !rest.empty(); ++line_no) {
    std::size_t lf = rest.find('\n');
    std::string_view line = rest.substr(0, lf);
    rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto identity = ParseIdentity(line);
    if (!identity.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, "identity file, line " +
                                                        std::to_string(line_no) + ": " +
                                                        identity.error().message);
    }
    identities.push_back(std::move(identity).value());
  }
  if (identities.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "identity file holds no identity");
  }
  return identities;
}

X25519Public RecipientOf(const SecretBytes& identity) { return crypto::X25519Base(identity); }

}  // namespace tvault::age
