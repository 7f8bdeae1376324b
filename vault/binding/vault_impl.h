// Internal state of an open Vault, shared by the files that implement its
// methods (vault.cc, records/*.cc). Not part of the public API.
#ifndef TVAULT_VAULT_IMPL_H_
#define TVAULT_VAULT_IMPL_H_

#include <ctime>
#include <filesystem>

#include "crypto/asymmetric.h"
#include "crypto/key_hierarchy.h"
#include "header/vault_header.h"
#include "records/envelope.h"
#include "storage/database.h"
#include "util/lock_file.h"
#include "vault/vault.h"

namespace tvault {

namespace vault_files {
inline constexpr const char* kHeader = "vault.header";
inline constexpr const char* kDatabase = "vault.db";
inline constexpr const char* kLock = "vault.lock";
}  // namespace vault_files

struct Vault::Impl {
  std::filesystem::path dir;
  bool read_only = false;  // OpenOptions::read_only: no write, no audit event
  UnlockFailures unlock_failures;  // found by the open, before it reset them
  // false only for a read-only open of a schema-1 vault, which is not
  // migrated: it has no case tables, and so no cases.
  bool has_case_tables = true;
  // false only for a read-only open of a schema-1 or -2 vault: no
  // witness_versions table, no witnesses.version_created_at (every witness
  // is at version 1).
  bool has_witness_versions = true;
  // false only for a read-only open of a vault older than schema 4: no
  // consent records, holds or retention dates.
  bool has_consent_tables = true;
  // false only for a read-only open of a vault older than schema 5: no
  // time-stamp requests.
  bool has_timestamp_table = true;
  bool has_redaction_table = true;
  LockFile lock;
  VaultHeader header;
  uint8_t unlocked_slot = 0;
  SecretBytes master_key;
  crypto::VaultKeys keys;
  storage::Database db;

  // The custodian's public identity, loaded at open (after the database).
  crypto::Ed25519PublicKey sign_public{};
  crypto::X25519PublicKey box_public{};
  std::array<uint8_t, 8> fingerprint{};
  // Loaded on first use (signing a checkpoint), wiped with the Impl.
  SecretBytes signing_key;

  int64_t Now() const { return static_cast<int64_t>(std::time(nullptr)); }
  RecordAddress Address(RecordKind kind, std::string_view id, uint32_t version) const {
    return RecordAddress{header.vault_id, kind, id, version};
  }
  const SecretBytes& CompartmentKey(RecordKind kind) const;
};

// Record ids (docs/format.md, section 4.3).
enum class IdKind { kWitness, kTestimony, kEvidence, kBundle, kCase, kRedaction };
std::string NewRecordId(IdKind kind);
// Draws ids until one is unused in the database (including tombstones).
Result<std::string> NewUnusedRecordId(storage::Database& db, IdKind kind);
// The same with a statement from PrepareIdInUse, for batches.
Result<storage::Statement> PrepareIdInUse(storage::Database& db, IdKind kind);
Result<std::string> NewUnusedRecordId(storage::Statement& id_in_use, IdKind kind);

}  // namespace tvault

#endif  // TVAULT_VAULT_IMPL_H_
