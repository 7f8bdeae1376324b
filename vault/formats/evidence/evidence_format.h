// Constants and the fixed-size header of the evidence stream format
// (docs/evidence-format.md). The prose spec is normative; this header mirrors
// it, and a change to one changes the other in the same commit.
#ifndef TVAULT_EVIDENCE_EVIDENCE_FORMAT_H_
#define TVAULT_EVIDENCE_EVIDENCE_FORMAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/secretstream.h"
#include "vault/result.h"

namespace tvault::evidence_format {

// Header: magic[8] || u16 version || u16 flags || u32 chunk_plaintext_bytes
//         || secretstream header[24].
inline constexpr std::string_view kMagic = "TVAULTEV";
inline constexpr uint16_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 8 + 2 + 2 + 4 + crypto::kSecretStreamHeaderBytes;

// Chunk: u32 sealed_bytes || sealed[sealed_bytes], where sealed is one
// secretstream message: the encrypted tag byte, the plaintext, a 16-byte MAC.
inline constexpr std::size_t kLengthPrefixBytes = 4;
inline constexpr std::size_t kChunkOverheadBytes =
    kLengthPrefixBytes + crypto::kSecretStreamOverheadBytes;

// Plaintext bytes per chunk: a power of two in [kMinChunkBytes,
// kMaxChunkBytes]; writers use kDefaultChunkBytes (chosen by measurement,
// docs/evidence-format.md section 7). The cap bounds a reader's memory.
inline constexpr uint32_t kMinChunkBytes = 1u << 10;
inline constexpr uint32_t kMaxChunkBytes = 1u << 22;
inline constexpr uint32_t kDefaultChunkBytes = 1u << 20;

// The file id is bound into every chunk; record ids are at most 64 bytes.
inline constexpr std::size_t kMaxFileIdBytes = 64;

inline constexpr std::string_view kChunkLabel = "tvault/v1/evidence-chunk";

using HeaderBytes = std::array<uint8_t, kHeaderBytes>;

struct Header {
  uint32_t chunk_bytes = kDefaultChunkBytes;
  crypto::SecretStreamHeader stream_header{};
};

bool IsValidChunkSize(uint32_t chunk_bytes);
HeaderBytes SerializeHeader(const Header& header);
// Strict: magic, version 1, flags 0, a valid chunk size. kIntegrity
// otherwise (an unknown version is reported as such, with the same code:
// before the first chunk verifies, a header is untrusted bytes).
Result<Header> ParseHeader(std::span<const uint8_t> bytes);

// Associated data of chunk `index`:
//   kChunkLabel || header bytes || u8(len(file_id)) || file_id || u64(index)
// `ad` is reused across chunks; only the index at its end changes.
class ChunkAssociatedData {
 public:
  ChunkAssociatedData(const HeaderBytes& header, std::string_view file_id);
  std::span<const uint8_t> For(uint64_t index);

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace tvault::evidence_format

#endif  // TVAULT_EVIDENCE_EVIDENCE_FORMAT_H_
