// Constants of docs/redaction-format.md (provable redaction, version 1): the
// labels of every derivation, the proof's layout and its limits. One place,
// so the spec's numbers are read here and nowhere else.
#ifndef TVAULT_REDACTION_REDACTION_FORMAT_H_
#define TVAULT_REDACTION_REDACTION_FORMAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/hash.h"

namespace tvault::redaction {

using Hash = crypto::Sha256Digest;
inline constexpr std::size_t kSaltBytes = 32;
using Salt = std::array<uint8_t, kSaltBytes>;
// Salts are derived in pairs: one BLAKE2b-512 output is two salts.
inline constexpr std::size_t kSaltPairBytes = 2 * kSaltBytes;

// Section 2: the per-version secret and the label of each token's salt.
inline constexpr std::size_t kSecretBytes = 32;
inline constexpr std::string_view kSaltLabel = "tvault/v1/redaction-salt";
// Section 3: the leaf and the commitment.
inline constexpr std::string_view kLeafLabel = "tvault/v1/redaction-leaf";
inline constexpr std::string_view kCommitmentLabel = "tvault/v1/redaction-commitment";

// Section 1: texts beyond these get no commitment.
inline constexpr std::size_t kMaxTextBytes = std::size_t{1} << 24;
inline constexpr uint32_t kMaxTokens = uint32_t{1} << 23;

// Section 4.1: proof = magic || u16(version) || u32(n) || commitment[32]
// || u32(run_count) || runs; run = u8(kind) || u32(count) || body.
inline constexpr std::string_view kProofMagic = "TVREDACT";
inline constexpr uint16_t kProofVersion = 1;
inline constexpr std::size_t kProofHeaderBytes = 8 + 2 + 4 + 32 + 4;
inline constexpr std::size_t kRunHeaderBytes = 1 + 4;
inline constexpr std::size_t kRevealedTokenOverheadBytes = kSaltBytes + 4;
inline constexpr std::size_t kMaxProofBytes = std::size_t{1} << 29;
enum class RunKind : uint8_t { kRevealed = 1, kHidden = 2 };

// Section 5: what stands for each hidden run in the redacted text (five
// U+2588 FULL BLOCK), followed by a space unless the run ends the text.
inline constexpr std::string_view kMark = "\u2588\u2588\u2588\u2588\u2588";

}  // namespace tvault::redaction

#endif  // TVAULT_REDACTION_REDACTION_FORMAT_H_
