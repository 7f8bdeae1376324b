// The age v1 file format's pieces, below the streaming API of age.h: the
// constants and labels, the header (parse and serialize), the X25519 stanza
// (wrap and unwrap), the header MAC, the payload key and the STREAM chunk
// counter. Internal to the library; tests and fuzzers use it directly.
//
// File layout (C2SP age, "age-encryption.org/v1"):
//
//   "age-encryption.org/v1" LF
//   1*( "->" 1*(SP arg) LF  body-lines )    arg = 1*VCHAR
//   "---" SP base64(MAC) LF                 MAC covers every byte up to "---"
//   nonce[16] || chunk_0 || ... || chunk_n  chunk = ChaCha20-Poly1305 of <= 64 KiB
//
// body-lines: canonical unpadded base64 of the stanza body, 64 columns per
// line; the last line is shorter than 64 columns (possibly empty).
#ifndef TVAULT_BUNDLE_AGE_FORMAT_H_
#define TVAULT_BUNDLE_AGE_FORMAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::age {

using X25519Public = std::array<uint8_t, 32>;

// Why a decryption failed, in the age reference's vocabulary.
enum class Failure {
  kNone,
  kNoMatch,  // no identity opens any stanza: not addressed to us
  kHeader,   // malformed header or stanza
  kHmac,     // the header MAC does not verify: the header was altered
  kPayload,  // a chunk failed, or the payload is truncated or extended
};
std::string_view FailureName(Failure failure);

namespace internal {

inline constexpr std::string_view kVersionLine = "age-encryption.org/v1";
inline constexpr std::string_view kStanzaPrefix = "->";
inline constexpr std::string_view kFooterPrefix = "---";
inline constexpr std::string_view kX25519Type = "X25519";
inline constexpr std::string_view kScryptType = "scrypt";

// HKDF-SHA-256 info strings, each used exactly once.
inline constexpr std::string_view kX25519Label = "age-encryption.org/v1/X25519";
inline constexpr std::string_view kHeaderMacLabel = "header";
inline constexpr std::string_view kPayloadLabel = "payload";

inline constexpr std::size_t kFileKeyBytes = 16;
inline constexpr std::size_t kX25519Bytes = 32;
inline constexpr std::size_t kWrappedFileKeyBytes = kFileKeyBytes + 16;  // + Poly1305 tag
inline constexpr std::size_t kMacBytes = 32;
inline constexpr std::size_t kPayloadNonceBytes = 16;
inline constexpr std::size_t kChunkBytes = 64 * 1024;
inline constexpr std::size_t kSealedChunkBytes = kChunkBytes + 16;
inline constexpr std::size_t kColumnsPerLine = 64;
inline constexpr std::size_t kBytesPerLine = kColumnsPerLine / 4 * 3;
inline constexpr std::size_t kMacLineChars = 43;  // unpadded base64 of 32 bytes

// Our caps, so that a hostile header cannot exhaust memory. Real files are a
// few hundred bytes per recipient.
inline constexpr std::size_t kMaxHeaderBytes = 1 << 20;
inline constexpr std::size_t kMaxStanzas = 256;

struct Stanza {
  std::string type;
  std::vector<std::string> args;  // after the type
  std::vector<uint8_t> body;
};

struct Header {
  std::vector<Stanza> stanzas;
  std::array<uint8_t, kMacBytes> mac{};
};

struct ParsedHeader {
  Header header;
  std::size_t mac_input_bytes = 0;  // bytes the MAC covers (through "---")
  std::size_t size = 0;             // bytes of the whole header (through its LF)
};

// Parses the header at the start of `bytes`; what follows it is the payload
// and is not looked at. Strict: exact version line, stanza arguments of VCHAR
// separated by single spaces, canonical base64 wrapped at 64 columns, a MAC
// line of exactly "--- " + 43 characters. At most kMaxStanzas stanzas and
// kMaxHeaderBytes bytes. kIntegrity on any defect. Stanza semantics (what an
// X25519 stanza must hold) are checked by UnwrapFileKey, not here.
Result<ParsedHeader> ParseHeader(std::span<const uint8_t> bytes);

// The exact bytes the MAC covers, from the version line through "---".
std::vector<uint8_t> SerializeHeaderWithoutMac(const std::vector<Stanza>& stanzas);
// A whole header. SerializeHeader(ParseHeader(x)->header) equals the first
// ParseHeader(x)->size bytes of x: the parser accepts one encoding only.
std::vector<uint8_t> SerializeHeader(const Header& header);

// HMAC-SHA-256 under HKDF(file key, salt = empty, "header").
std::array<uint8_t, kMacBytes> HeaderMac(const SecretBytes& file_key,
                                         std::span<const uint8_t> mac_input);

// An X25519 stanza wrapping `file_key` to `recipient` under a fresh
// ephemeral key. kInvalidArgument if the recipient is a low-order point.
Result<Stanza> WrapX25519(const SecretBytes& file_key, const X25519Public& recipient);

// Finds the file key. First checks every stanza's shape: at least one
// stanza; an scrypt stanza only alone; every X25519 stanza with exactly one
// argument that is canonical base64 of 32 bytes and a 32-byte body (checked
// before anything is decrypted). Then tries each identity against each X25519
// stanza in order; an all-zero shared secret aborts. Unknown stanza types are
// ignored. On error sets `failure` (kHeader or kNoMatch).
Result<SecretBytes> UnwrapFileKey(const Header& header, std::span<const SecretBytes> identities,
                                  Failure& failure);

// HKDF(file key, salt = payload nonce, "payload").
SecretBytes PayloadKey(const SecretBytes& file_key, std::span<const uint8_t> nonce);

// STREAM nonce: an 11-byte big-endian chunk counter, then a flag byte that is
// 1 on the final chunk only.
class ChunkCounter {
 public:
  using Value = std::array<uint8_t, 11>;
  ChunkCounter() = default;
  explicit ChunkCounter(const Value& start) : counter_(start) {}
  std::array<uint8_t, 12> Nonce(bool final) const;
  bool IsFirst() const;
  // Moves to the next chunk; kIntegrity if the counter would wrap around
  // (2^88 chunks), which would reuse a nonce.
  Status Advance();

 private:
  Value counter_{};
};

}  // namespace internal
}  // namespace tvault::age

#endif  // TVAULT_BUNDLE_AGE_FORMAT_H_
