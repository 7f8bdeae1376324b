// The vault header file (docs/format.md, section 2): vault id, database
// profile and the keyslots that wrap the master key.
//
// ParseHeader is a parser of untrusted bytes (fuzzed by
// tests/fuzz/header_fuzz.cc): it is strict and canonical, so that
// SerializeHeader(ParseHeader(x)) == x for every accepted x.
#ifndef TVAULT_HEADER_VAULT_HEADER_H_
#define TVAULT_HEADER_VAULT_HEADER_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

namespace header_format {
inline constexpr char kMagic[8] = {'T', 'V', 'A', 'U', 'L', 'T', 'H', 'D'};
inline constexpr uint16_t kVersion = 1;
inline constexpr uint8_t kDbProfileSqlcipher3 = 1;
inline constexpr uint8_t kKdfArgon2id = 1;
inline constexpr uint8_t kKdfRecovery = 2;  // section 2.3: HKDF of a recovery secret
inline constexpr std::size_t kRecoverySecretBytes = 32;
inline constexpr std::size_t kFixedBytes = 30;   // magic .. slot_count
inline constexpr std::size_t kSlotBytes = 106;
inline constexpr std::size_t kSlotAuthBytes = 34;  // slot bytes bound by slot_ad
inline constexpr std::size_t kWrappedKeyBytes = 72;
inline constexpr std::size_t kTrailerBytes = 64;  // header_mac || checksum
inline constexpr std::size_t kMaxSlots = 8;
inline constexpr uint32_t kMinMemoryKib = 8;
inline constexpr uint32_t kMaxMemoryKib = 4u * 1024 * 1024;
inline constexpr uint32_t kMaxPasses = 64;
}  // namespace header_format

struct Keyslot {
  uint8_t slot_id = 0;
  uint8_t kdf_alg = header_format::kKdfArgon2id;  // or kKdfRecovery (memory and passes 0)
  uint32_t kdf_memory_kib = 0;
  uint32_t kdf_passes = 0;
  std::array<uint8_t, 16> kdf_salt{};
  uint64_t created_at_unix_s = 0;
  std::array<uint8_t, header_format::kWrappedKeyBytes> wrapped_master_key{};
};

struct VaultHeader {
  std::array<uint8_t, 16> vault_id{};
  uint8_t db_profile = header_format::kDbProfileSqlcipher3;
  std::vector<Keyslot> slots;            // ascending slot_id
  std::array<uint8_t, 32> header_mac{};  // as read, or as last computed
};

// Structure and checksum. kIntegrity for a damaged file, kUnsupported for a
// well-formed header of an unknown version or profile.
Result<VaultHeader> ParseHeader(std::span<const uint8_t> bytes);

// The bytes covered by header_mac (everything before it).
std::vector<uint8_t> SerializeHeaderBody(const VaultHeader& header);
// Body || header.header_mac || checksum.
std::vector<uint8_t> SerializeHeader(const VaultHeader& header);

// Recomputes header_mac under `mac_key` (call after any change).
void SealHeader(VaultHeader& header, const SecretBytes& mac_key);
// kIntegrity if the stored header_mac is wrong.
Status VerifyHeaderMac(const VaultHeader& header, const SecretBytes& mac_key);

// A new keyslot wrapping `master_key` under `passphrase`.
Result<Keyslot> MakeKeyslot(const VaultHeader& header, uint8_t slot_id,
                            uint32_t kdf_memory_kib, uint32_t kdf_passes,
                            const SecretBytes& master_key, const SecretBytes& passphrase,
                            uint64_t now_unix_s);

// A new recovery keyslot (docs/format.md, section 2.3) wrapping
// `master_key` under `recovery_secret` (kRecoverySecretBytes).
Result<Keyslot> MakeRecoveryKeyslot(const VaultHeader& header, uint8_t slot_id,
                                    const SecretBytes& master_key,
                                    const SecretBytes& recovery_secret, uint64_t now_unix_s);

inline bool IsRecoverySlot(const Keyslot& s) { return s.kdf_alg == header_format::kKdfRecovery; }

struct UnlockedMaster {
  SecretBytes master_key;
  uint8_t slot_id = 0;
};

// Tries every passphrase slot (never a recovery slot). kWrongPassphrase if
// none opens.
Result<UnlockedMaster> UnlockHeader(const VaultHeader& header,
                                    const SecretBytes& passphrase);
// Tries every recovery slot with `recovery_secret`. kFailedPrecondition if
// the header has none, kWrongPassphrase if none opens.
Result<UnlockedMaster> UnlockHeaderWithRecovery(const VaultHeader& header,
                                                const SecretBytes& recovery_secret);

// The lowest slot id not in use, or 0 if all are taken.
uint8_t FreeSlotId(const VaultHeader& header);

}  // namespace tvault

#endif  // TVAULT_HEADER_VAULT_HEADER_H_
