#include "crypto/key_hierarchy.h"

#include "crypto/hash.h"

namespace tvault::crypto {

SecretBytes DeriveSubkey(const SecretBytes& master_key,
                         std::span<const uint8_t> vault_id, std::string_view label) {
  return HkdfSha256(master_key.reveal(), vault_id, LabelBytes(label), 32);
}

VaultKeys VaultKeys::Derive(const SecretBytes& master_key,
                            std::span<const uint8_t> vault_id) {
  auto d = [&](std::string_view l) { return DeriveSubkey(master_key, vault_id, l); };
  return VaultKeys{d(label::kHeaderMac), d(label::kSqlcipher), d(label::kTestimony),
                   d(label::kContacts),  d(label::kEvidence),  d(label::kVaultItems),
                   d(label::kIdentity),  d(label::kAudit)};
}

}  // namespace tvault::crypto
