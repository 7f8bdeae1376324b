// The vault's key hierarchy (docs/format.md, section 3). Every label is
// defined here and nowhere else.
#ifndef TVAULT_CRYPTO_KEY_HIERARCHY_H_
#define TVAULT_CRYPTO_KEY_HIERARCHY_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "vault/secret.h"

namespace tvault::crypto {

inline constexpr std::size_t kMasterKeyBytes = 32;
inline constexpr std::size_t kVaultIdBytes = 16;

namespace label {
inline constexpr std::string_view kKeyslot = "tvault/v1/keyslot";
inline constexpr std::string_view kRecoveryKeyslot = "tvault/v1/recovery-keyslot";
inline constexpr std::string_view kHeaderMac = "tvault/v1/header-mac";
inline constexpr std::string_view kSqlcipher = "tvault/v1/sqlcipher";
inline constexpr std::string_view kTestimony = "tvault/v1/compartment/testimony";
inline constexpr std::string_view kContacts = "tvault/v1/compartment/contacts";
inline constexpr std::string_view kEvidence = "tvault/v1/compartment/evidence";
inline constexpr std::string_view kVaultItems = "tvault/v1/compartment/vault";
inline constexpr std::string_view kIdentity = "tvault/v1/identity";
inline constexpr std::string_view kAudit = "tvault/v1/audit";
inline constexpr std::string_view kRecordKey = "tvault/v1/record-key";
inline constexpr std::string_view kRecordPart = "tvault/v1/record-part";
}  // namespace label

// HKDF-SHA-256(ikm = master_key, salt = vault_id, info = label, L = 32).
SecretBytes DeriveSubkey(const SecretBytes& master_key,
                         std::span<const uint8_t> vault_id, std::string_view label);

// All subkeys of one unlocked vault. Move-only; wiped on destruction.
struct VaultKeys {
  SecretBytes header_mac;
  SecretBytes sqlcipher;
  SecretBytes testimony;
  SecretBytes contacts;
  SecretBytes evidence;
  SecretBytes vault_items;
  SecretBytes identity;
  SecretBytes audit;

  static VaultKeys Derive(const SecretBytes& master_key, std::span<const uint8_t> vault_id);
};

}  // namespace tvault::crypto

#endif  // TVAULT_CRYPTO_KEY_HIERARCHY_H_
