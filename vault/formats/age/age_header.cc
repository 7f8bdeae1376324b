// The age header: parsing, serialization, X25519 stanzas and the header MAC.
#include <algorithm>
#include <optional>

#include "age/age_format.h"
#include "crypto/asymmetric.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace tvault::age {

std::string_view FailureName(Failure failure) {
  switch (failure) {
    case Failure::kNone: return "none";
    case Failure::kNoMatch: return "no match";
    case Failure::kHeader: return "header failure";
    case Failure::kHmac: return "HMAC failure";
    case Failure::kPayload: return "payload failure";
  }
  return "unknown";
}

namespace internal {
namespace {

using crypto::Base64Variant;

Error Malformed(std::string_view why) {
  return MakeError(ErrorCode::kIntegrity, "malformed age header: " + std::string(why));
}

// Hands out LF-terminated lines (without the LF) from the front of a span.
class LineReader {
 public:
  explicit LineReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  std::optional<std::string_view> Next() {
    auto rest = bytes_.subspan(pos_);
    auto lf = std::find(rest.begin(), rest.end(), uint8_t{'\n'});
    if (lf == rest.end()) return std::nullopt;
    std::size_t len = static_cast<std::size_t>(lf - rest.begin());
    std::string_view line(reinterpret_cast<const char*>(rest.data()), len);
    pos_ += len + 1;
    return line;
  }
  std::size_t position() const { return pos_; }

 private:
  std::span<const uint8_t> bytes_;
  std::size_t pos_ = 0;
};

bool IsVchar(char c) { return c >= 33 && c <= 126; }

// Splits "-> a b c" into {"a", "b", "c"}; nullopt unless every argument is a
// non-empty run of VCHAR separated by single spaces.
std::optional<std::vector<std::string>> SplitStanzaLine(std::string_view line) {
  if (line.substr(0, kStanzaPrefix.size()) != kStanzaPrefix) return std::nullopt;
  std::string_view rest = line.substr(kStanzaPrefix.size());
  std::vector<std::string> args;
  while (!rest.empty()) {
    if (rest.front() != ' ') return std::nullopt;
    rest.remove_prefix(1);
    std::size_t end = std::min(rest.find(' '), rest.size());
    std::string_view arg = rest.substr(0, end);
    if (arg.empty() || !std::all_of(arg.begin(), arg.end(), IsVchar)) return std::nullopt;
    args.emplace_back(arg);
    rest.remove_prefix(end);
  }
  if (args.empty()) return std::nullopt;
  return args;
}

// Canonical unpadded base64; the empty line decodes to nothing.
std::optional<std::vector<uint8_t>> DecodeLine(std::string_view line) {
  if (line.empty()) return std::vector<uint8_t>{};
  return crypto::Base64Decode(line, Base64Variant::kUnpadded);
}

Result<Stanza> ParseStanza(std::string_view first_line, LineReader& lines) {
  auto args = SplitStanzaLine(first_line);
  if (!args) return Malformed("bad stanza line");
  Stanza stanza;
  stanza.type = std::move(args->front());
  stanza.args.assign(std::make_move_iterator(args->begin() + 1),
                     std::make_move_iterator(args->end()));
  // The body ends at its first line shorter than 64 columns.
  for (;;) {
    auto line = lines.Next();
    if (!line) return Malformed("stanza body is not terminated");
    if (line->size() > kColumnsPerLine) return Malformed("stanza body line too long");
    auto bytes = DecodeLine(*line);
    if (!bytes) return Malformed("stanza body is not canonical base64");
    stanza.body.insert(stanza.body.end(), bytes->begin(), bytes->end());
    if (line->size() < kColumnsPerLine) return stanza;
  }
}

Result<std::array<uint8_t, kMacBytes>> ParseMacLine(std::string_view line) {
  // "--- " + 43 characters, nothing else.
  if (line.size() != kFooterPrefix.size() + 1 + kMacLineChars ||
      line[kFooterPrefix.size()] != ' ') {
    return Malformed("bad MAC line");
  }
  auto mac = DecodeLine(line.substr(kFooterPrefix.size() + 1));
  if (!mac || mac->size() != kMacBytes) return Malformed("MAC is not canonical base64 of 32 bytes");
  std::array<uint8_t, kMacBytes> out;
  std::copy(mac->begin(), mac->end(), out.begin());
  return out;
}

void AppendText(std::vector<uint8_t>& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

void AppendStanza(std::vector<uint8_t>& out, const Stanza& stanza) {
  AppendText(out, kStanzaPrefix);
  AppendText(out, " ");
  AppendText(out, stanza.type);
  for (const std::string& arg : stanza.args) {
    AppendText(out, " ");
    AppendText(out, arg);
  }
  AppendText(out, "\n");
  std::string body = crypto::Base64Encode(stanza.body, Base64Variant::kUnpadded);
  std::string_view rest = body;
  // Full lines, then one shorter (possibly empty) line that ends the body.
  for (;;) {
    std::string_view line = rest.substr(0, kColumnsPerLine);
    rest.remove_prefix(line.size());
    AppendText(out, line);
    AppendText(out, "\n");
    if (line.size() < kColumnsPerLine) break;
  }
}

// The wrapping key of an X25519 stanza: HKDF(shared, E || R, label).
SecretBytes WrapKey(const SecretBytes& shared, std::span<const uint8_t> share,
                    std::span<const uint8_t> recipient) {
  std::array<uint8_t, 2 * kX25519Bytes> salt;
  std::copy(share.begin(), share.end(), salt.begin());
  std::copy(recipient.begin(), recipient.end(), salt.begin() + kX25519Bytes);
  return crypto::HkdfSha256(shared.reveal(), salt, crypto::LabelBytes(kX25519Label), 32);
}

// Each wrapping key encrypts exactly one file key, so a fixed nonce is safe.
constexpr std::array<uint8_t, crypto::kChaChaNonceBytes> kZeroNonce{};

Error HeaderError(Failure& failure, std::string_view why) {
  failure = Failure::kHeader;
  return Malformed(why);
}

struct X25519Share {
  std::array<uint8_t, kX25519Bytes> share;
  const Stanza* stanza;
};

// Shape checks for the whole header, before any decryption.
Result<std::vector<X25519Share>> CheckStanzas(const Header& header, Failure& failure) {
  if (header.stanzas.empty()) return HeaderError(failure, "no recipient stanza");
  std::vector<X25519Share> shares;
  for (const Stanza& s : header.stanzas) {
    if (s.type == kScryptType && header.stanzas.size() != 1) {
      return HeaderError(failure, "an scrypt stanza must be the only stanza");
    }
    if (s.type != kX25519Type) continue;  // unknown types are for other identities
    if (s.args.size() != 1) return HeaderError(failure, "X25519 stanza needs exactly one argument");
    auto share = crypto::Base64Decode(s.args[0], Base64Variant::kUnpadded);
    if (!share || share->size() != kX25519Bytes) {
      return HeaderError(failure, "X25519 share is not canonical base64 of 32 bytes");
    }
    if (s.body.size() != kWrappedFileKeyBytes) {
      return HeaderError(failure, "X25519 stanza body is not 32 bytes");
    }
    X25519Share entry{{}, &s};
    std::copy(share->begin(), share->end(), entry.share.begin());
    shares.push_back(entry);
  }
  return shares;
}

}  // namespace

Result<ParsedHeader> ParseHeader(std::span<const uint8_t> bytes) {
  LineReader lines(bytes.first(std::min(bytes.size(), kMaxHeaderBytes)));
  auto version = lines.Next();
  if (!version || *version != kVersionLine) return Malformed("unknown version line");
  ParsedHeader parsed;
  for (;;) {
    std::size_t line_start = lines.position();
    auto line = lines.Next();
    if (!line) return Malformed("header is truncated or longer than 1 MiB");
    if (line->substr(0, kFooterPrefix.size()) == kFooterPrefix) {
      TVAULT_ASSIGN_OR_RETURN(parsed.header.mac, ParseMacLine(*line));
      parsed.mac_input_bytes = line_start + kFooterPrefix.size();
      parsed.size = lines.position();
      return parsed;
    }
    if (parsed.header.stanzas.size() == kMaxStanzas) return Malformed("too many stanzas");
    TVAULT_ASSIGN_OR_RETURN(Stanza stanza, ParseStanza(*line, lines));
    parsed.header.stanzas.push_back(std::move(stanza));
  }
}

std::vector<uint8_t> SerializeHeaderWithoutMac(const std::vector<Stanza>& stanzas) {
  std::vector<uint8_t> out;
  AppendText(out, kVersionLine);
  AppendText(out, "\n");
  for (const Stanza& s : stanzas) AppendStanza(out, s);
  AppendText(out, kFooterPrefix);
  return out;
}

std::vector<uint8_t> SerializeHeader(const Header& header) {
  std::vector<uint8_t> out = SerializeHeaderWithoutMac(header.stanzas);
  AppendText(out, " ");
  AppendText(out, crypto::Base64Encode(header.mac, Base64Variant::kUnpadded));
  AppendText(out, "\n");
  return out;
}

std::array<uint8_t, kMacBytes> HeaderMac(const SecretBytes& file_key,
                                         std::span<const uint8_t> mac_input) {
  SecretBytes mac_key =
      crypto::HkdfSha256(file_key.reveal(), {}, crypto::LabelBytes(kHeaderMacLabel), 32);
  return crypto::HmacSha256(mac_key.reveal(), mac_input);
}

Result<Stanza> WrapX25519(const SecretBytes& file_key, const X25519Public& recipient) {
  crypto::X25519KeyPair ephemeral = crypto::GenerateX25519();
  auto shared = crypto::X25519(ephemeral.secret_key, recipient);
  if (!shared.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "recipient key is a low-order point");
  }
  SecretBytes wrap_key = WrapKey(*shared, ephemeral.public_key, recipient);
  Stanza stanza;
  stanza.type = std::string(kX25519Type);
  stanza.args.push_back(crypto::Base64Encode(ephemeral.public_key, Base64Variant::kUnpadded));
  stanza.body.resize(kWrappedFileKeyBytes);
  TVAULT_TRY(crypto::ChaCha20Poly1305Seal(stanza.body, wrap_key, kZeroNonce, file_key.reveal(), {}));
  return stanza;
}

Result<SecretBytes> UnwrapFileKey(const Header& header, std::span<const SecretBytes> identities,
                                  Failure& failure) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<X25519Share> shares, CheckStanzas(header, failure));
  if (header.stanzas.size() == 1 && header.stanzas[0].type == kScryptType) {
    failure = Failure::kNoMatch;
    return MakeError(ErrorCode::kUnsupported,
                     "this age file is passphrase-encrypted (scrypt); only X25519 identities are "
                     "supported");
  }
  for (const SecretBytes& identity : identities) {
    if (identity.size() != kX25519Bytes) {
      return MakeError(ErrorCode::kInvalidArgument, "an identity is not a 32-byte X25519 key");
    }
    X25519Public ours = crypto::X25519Base(identity);
    for (const X25519Share& entry : shares) {
      auto shared = crypto::X25519(identity, entry.share);
      if (!shared.ok()) return HeaderError(failure, "X25519 share is a low-order point");
      SecretBytes wrap_key = WrapKey(*shared, entry.share, ours);
      SecretBytes file_key(kFileKeyBytes);
      if (crypto::ChaCha20Poly1305Open(file_key.reveal(), wrap_key, kZeroNonce,
                                       entry.stanza->body, {})) {
        return file_key;
      }
    }
  }
  failure = Failure::kNoMatch;
  return MakeError(ErrorCode::kNotFound,
                   "no identity matches: this file is not addressed to you");
}

SecretBytes PayloadKey(const SecretBytes& file_key, std::span<const uint8_t> nonce) {
  return crypto::HkdfSha256(file_key.reveal(), nonce, crypto::LabelBytes(kPayloadLabel), 32);
}

std::array<uint8_t, 12> ChunkCounter::Nonce(bool final) const {
  std::array<uint8_t, 12> nonce;
  std::copy(counter_.begin(), counter_.end(), nonce.begin());
  nonce[11] = final ? 1 : 0;
  return nonce;
}

bool ChunkCounter::IsFirst() const {
  return std::all_of(counter_.begin(), counter_.end(), [](uint8_t b) { return b == 0; });
}

Status ChunkCounter::Advance() {
  for (std::size_t i = counter_.size(); i-- > 0;) {
    if (++counter_[i] != 0) return OkStatus();
  }
  // Wrapped to zero: undo, so the counter never repeats a value.
  counter_.fill(0xff);
  return MakeError(ErrorCode::kIntegrity, "age payload has too many chunks (counter overflow)");
}

}  // namespace internal
}  // namespace tvault::age
