#include "storage/schema.h"

#include "vault/secret.h"

namespace tvault::storage {
namespace {

constexpr std::string_view kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE vault_items(name TEXT PRIMARY KEY, created_at INTEGER NOT NULL,
                         wrapped_key BLOB NOT NULL, sealed BLOB NOT NULL);
CREATE TABLE identity(id INTEGER PRIMARY KEY CHECK (id = 1), created_at INTEGER NOT NULL,
                      sign_public BLOB NOT NULL, box_public BLOB NOT NULL,
                      sign_secret BLOB NOT NULL, box_secret BLOB NOT NULL, name BLOB NOT NULL);
CREATE TABLE witnesses(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,
                       version INTEGER NOT NULL, wrapped_key BLOB NOT NULL,
                       contact BLOB NOT NULL, version_created_at INTEGER);
CREATE TABLE testimonies(id TEXT PRIMARY KEY, witness_id TEXT NOT NULL REFERENCES witnesses(id),
                         created_at INTEGER NOT NULL, versions INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX testimonies_by_witness ON testimonies(witness_id);
CREATE TABLE testimony_bodies(body_id INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE testimony_versions(testimony_id TEXT NOT NULL REFERENCES testimonies(id),
                                version INTEGER NOT NULL, created_at INTEGER NOT NULL,
                                wrapped_key BLOB NOT NULL, meta BLOB NOT NULL,
                                body_id INTEGER NOT NULL REFERENCES testimony_bodies(body_id),
                                PRIMARY KEY (testimony_id, version)) WITHOUT ROWID;
CREATE TABLE peers(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,
                   wrapped_key BLOB NOT NULL, sealed BLOB NOT NULL);
CREATE TABLE tombstones(id TEXT PRIMARY KEY, kind INTEGER NOT NULL, shredded_at INTEGER NOT NULL,
                        wrapped_key BLOB NOT NULL, sealed BLOB NOT NULL);
)sql";

// Evidence records (docs/format.md, section 4.5). Kept apart so that vaults
// created before evidence existed gain the table at open (same schema
// version: the table is purely additive and older rows are unaffected).
constexpr std::string_view kEvidenceSql = R"sql(
CREATE TABLE IF NOT EXISTS evidence(id TEXT PRIMARY KEY,
                                    testimony_id TEXT NOT NULL REFERENCES testimonies(id),
                                    created_at INTEGER NOT NULL, wrapped_key BLOB NOT NULL,
                                    meta BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_by_testimony ON evidence(testimony_id);
)sql";

// Cases (docs/format.md, section 4.6): what schema version 2 adds.
constexpr std::string_view kCaseSql = R"sql(
CREATE TABLE IF NOT EXISTS cases(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,
                                 versions INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_versions(case_id TEXT NOT NULL REFERENCES cases(id),
                                         version INTEGER NOT NULL, created_at INTEGER NOT NULL,
                                         wrapped_key BLOB NOT NULL, fields BLOB NOT NULL,
                                         PRIMARY KEY (case_id, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_members(case_id TEXT NOT NULL REFERENCES cases(id),
                                        record_id TEXT NOT NULL, added_at INTEGER NOT NULL,
                                        PRIMARY KEY (case_id, record_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_members_by_record ON case_members(record_id);
)sql";

// Witness versions (docs/format.md, section 4.7): what schema version 3
// adds, besides witnesses.version_created_at (kSchemaSql; added by
// MigrateSchema when missing).
constexpr std::string_view kWitnessVersionSql = R"sql(
CREATE TABLE IF NOT EXISTS witness_versions(witness_id TEXT NOT NULL REFERENCES witnesses(id),
                                            version INTEGER NOT NULL,
                                            created_at INTEGER NOT NULL,
                                            wrapped_key BLOB NOT NULL, contact BLOB NOT NULL,
                                            PRIMARY KEY (witness_id, version)) WITHOUT ROWID;
)sql";

// Consent records, holds and case retention (docs/format.md, section 4.9):
// what schema version 4 adds.
constexpr std::string_view kConsentSql = R"sql(
CREATE TABLE IF NOT EXISTS consent_records(subject_id TEXT NOT NULL, number INTEGER NOT NULL,
                                           created_at INTEGER NOT NULL,
                                           wrapped_key BLOB NOT NULL, fields BLOB NOT NULL,
                                           PRIMARY KEY (subject_id, number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS holds(subject_id TEXT PRIMARY KEY, added_at INTEGER NOT NULL,
                                 wrapped_key BLOB NOT NULL, fields BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_retention(case_id TEXT PRIMARY KEY REFERENCES cases(id),
                                          until TEXT NOT NULL, set_at INTEGER NOT NULL)
                                          WITHOUT ROWID;
)sql";

// RFC 3161 time-stamp requests and their responses (docs/audit-format.md,
// section 10): what schema version 5 adds.
constexpr std::string_view kTimestampSql = R"sql(
CREATE TABLE IF NOT EXISTS audit_timestamps(nonce BLOB PRIMARY KEY, size INTEGER NOT NULL,
                                            request BLOB NOT NULL, requested_at INTEGER NOT NULL,
                                            response BLOB, time INTEGER, added_at INTEGER)
                                            WITHOUT ROWID;
)sql";

// Redactions of testimony versions (docs/format.md, section 4.11): what
// schema version 6 adds.
constexpr std::string_view kRedactionSql = R"sql(
CREATE TABLE IF NOT EXISTS redactions(id TEXT PRIMARY KEY,
                                      testimony_id TEXT NOT NULL REFERENCES testimonies(id),
                                      version INTEGER NOT NULL, created_at INTEGER NOT NULL,
                                      commitment_seq INTEGER NOT NULL,
                                      wrapped_key BLOB NOT NULL, fields BLOB NOT NULL)
                                      WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS redactions_by_testimony ON redactions(testimony_id);
)sql";

Result<bool> WitnessesHaveVersionTime(Database& db) {
  // PRAGMA, not pragma_table_info(): SQLCipher 3.4.1's SQLite predates it.
  TVAULT_ASSIGN_OR_RETURN(Statement st, db.Prepare("PRAGMA table_info(witnesses)"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return false;
    if (st.ColumnText(1) == "version_created_at") return true;
  }
}

Result<int64_t> ReadSchemaVersion(Database& db) {
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                          db.QueryInt("SELECT value FROM meta WHERE key = 'schema_version'"));
  if (!version) return MakeError(ErrorCode::kIntegrity, "vault database has no schema version");
  return *version;
}

}  // namespace

Status CreateSchema(Database& db, std::span<const uint8_t> vault_id) {
  TVAULT_TRY(db.Exec(kSchemaSql));
  TVAULT_TRY(db.Exec(kEvidenceSql));
  TVAULT_TRY(db.Exec(kCaseSql));
  TVAULT_TRY(db.Exec(kWitnessVersionSql));
  TVAULT_TRY(db.Exec(kConsentSql));
  TVAULT_TRY(db.Exec(kTimestampSql));
  TVAULT_TRY(db.Exec(kRedactionSql));
  TVAULT_ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO meta(key, value) VALUES (?, ?)"));
  TVAULT_TRY(st.Bind(1, "schema_version").Bind(2, kSchemaVersion).Run());
  st.Reset();
  TVAULT_TRY(st.Bind(1, "vault_id").BindBlob(2, vault_id).Run());
  return OkStatus();
}

Status CheckSchema(Database& db, std::span<const uint8_t> vault_id) {
  TVAULT_ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT value FROM meta WHERE key = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, "schema_version").Step());
  if (!row) {
    return MakeError(ErrorCode::kIntegrity, "vault database has no schema version");
  }
  if (st.ColumnInt(0) < kOldestSchemaVersion || st.ColumnInt(0) > kSchemaVersion) {
    return MakeError(ErrorCode::kUnsupported,
                     "vault database schema " + std::to_string(st.ColumnInt(0)) +
                         " is not supported by this version",
                     ErrorDetail::kNewerFormat);
  }
  st.Reset();
  TVAULT_ASSIGN_OR_RETURN(row, st.Bind(1, "vault_id").Step());
  if (!row || !ConstantTimeEqual(st.ColumnBlob(0), vault_id)) {
    return MakeError(ErrorCode::kIntegrity,
                     "vault database belongs to another vault than vault.header");
  }
  return OkStatus();
}

Result<int64_t> SchemaVersion(Database& db) { return ReadSchemaVersion(db); }

Status MigrateSchema(Database& db) {
  TVAULT_ASSIGN_OR_RETURN(int64_t version, ReadSchemaVersion(db));
  if (version == kSchemaVersion) return OkStatus();
  // Version 1 to 4 -> 5, in one transaction: the evidence table
  // (additive within version 1, so an old vault may lack it), the case
  // tables (2), the witness versions (3), consent, holds and retention
  // (4), time-stamp requests (5) and redactions (6). Each step is skipped where it is already done, so the same code
  // serves every older version.
  TVAULT_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
  TVAULT_TRY(db.Exec(kEvidenceSql));
  TVAULT_TRY(db.Exec(kCaseSql));
  TVAULT_ASSIGN_OR_RETURN(bool has_version_time, WitnessesHaveVersionTime(db));
  if (!has_version_time) {
    TVAULT_TRY(db.Exec("ALTER TABLE witnesses ADD COLUMN version_created_at INTEGER"));
  }
  TVAULT_TRY(db.Exec(kWitnessVersionSql));
  TVAULT_TRY(db.Exec(kConsentSql));
  TVAULT_TRY(db.Exec(kTimestampSql));
  TVAULT_TRY(db.Exec(kRedactionSql));
  TVAULT_ASSIGN_OR_RETURN(Statement st,
                          db.Prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'"));
  TVAULT_TRY(st.Bind(1, kSchemaVersion).Run());
  return txn.Commit();
}

}  // namespace tvault::storage
