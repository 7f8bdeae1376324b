#include "support/raw_vault.h"

#include "header/vault_header.h"
#include "records/envelope.h"
#include "records/field_set.h"

namespace tvault::testing {

RawVault OpenRaw(const std::filesystem::path& dir, const std::string& passphrase) {
  VaultHeader h = Must(ParseHeader(ReadBytes(dir / "vault.header")));
  UnlockedMaster m = Must(UnlockHeader(h, Pass(passphrase)));
  RawVault raw{crypto::VaultKeys::Derive(m.master_key, h.vault_id), {}};
  raw.db = Must(storage::Database::Open(dir / "vault.db", raw.keys.sqlcipher,
                                        storage::Database::Mode::kOpenExisting));
  return raw;
}

void InsertRawPeer(const std::filesystem::path& dir, const std::string& passphrase,
                   const std::string& name, const std::string& age_recipient) {
  VaultHeader h = Must(ParseHeader(ReadBytes(dir / "vault.header")));
  RawVault raw = OpenRaw(dir, passphrase);
  const int64_t rowid = Must(raw.db.QueryInt("SELECT coalesce(max(id), 0) + 1 FROM peers")).value();
  const std::string id = "peer-" + std::to_string(rowid);
  const RecordAddress addr{h.vault_id, RecordKind::kVaultItem, id, 1};
  FieldSet f;
  f.SetText(1, Text(name));
  f.SetText(2, Text(age_recipient));
  SecretBytes key = NewRecordKey();
  const std::vector<uint8_t> wrapped = WrapRecordKey(raw.keys.vault_items, addr, key);
  const std::vector<uint8_t> sealed = SealPart(key, addr, 1, f.Serialize());
  auto st = Must(raw.db.Prepare(
      "INSERT INTO peers(id, created_at, wrapped_key, sealed) VALUES (?, 0, ?, ?)"));
  MustOk(st.Bind(1, rowid).BindBlob(2, wrapped).BindBlob(3, sealed).Run());
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
