#include "support/raw_vault.h"

#include "header/vault_header.h"

namespace tvault::testing {

RawVault OpenRaw(const std::filesystem::path& dir, const std::string& passphrase) {
  VaultHeader h = Must(ParseHeader(ReadBytes(dir / "vault.header")));
  UnlockedMaster m = Must(UnlockHeader(h, Pass(passphrase)));
  RawVault raw{crypto::VaultKeys::Derive(m.master_key, h.vault_id), {}};
  raw.db = Must(storage::Database::Open(dir / "vault.db", raw.keys.sqlcipher,
                                        storage::Database::Mode::kOpenExisting));
  return raw;
}

storage::Database NewScratchDatabase(const ScratchDir& dir, const std::string& setup_sql) {
  SecretBytes key = SecretBytes::Random(32);
  auto db = Must(storage::Database::Open(dir.path() / "t.db", key,
                                         storage::Database::Mode::kCreate));
  MustOk(db.Exec(setup_sql));
  return db;
}

void ExecOrFail(storage::Database& db, const std::string& sql) {
  Status s = db.Exec(sql);
  ASSERT_TRUE(s.ok()) << sql << ": " << s.error().message;
}

}  // namespace tvault::testing
