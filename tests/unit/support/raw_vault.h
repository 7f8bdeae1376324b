// Test-only access to a vault's database with its real key, for tampering
// tests that must act like an attacker who has the SQLCipher key.
#ifndef TVAULT_TESTS_RAW_VAULT_H_
#define TVAULT_TESTS_RAW_VAULT_H_

#include "crypto/key_hierarchy.h"
#include "storage/database.h"
#include "support/test_support.h"

namespace tvault::testing {

struct RawVault {
  crypto::VaultKeys keys;
  storage::Database db;
};

// Unlocks the header with `passphrase` and opens vault.db directly. The
// caller must not hold a Vault on the same directory.
RawVault OpenRaw(const std::filesystem::path& dir, const std::string& passphrase);

// Appends a peer row sealed as vault/binding/peers.cc seals it (docs/format.md,
// section 5.1), without the checks AddPeer makes now: a vault as an earlier
// tvault could leave it, e.g. with two names that differ only in case. The
// caller must not hold a Vault on the same directory.
void InsertRawPeer(const std::filesystem::path& dir, const std::string& passphrase,
                   const std::string& name, const std::string& age_recipient);

// A new SQLCipher database `dir`/t.db under a random key, with `setup_sql`
// (which must succeed) already run: for tests of the storage layer alone.
storage::Database NewScratchDatabase(const ScratchDir& dir, const std::string& setup_sql);

// Runs SQL that must succeed.
void ExecOrFail(storage::Database& db, const std::string& sql);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_RAW_VAULT_H_
