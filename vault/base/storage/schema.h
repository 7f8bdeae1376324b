// The database schema (docs/format.md, section 4.2).
#ifndef TVAULT_STORAGE_SCHEMA_H_
#define TVAULT_STORAGE_SCHEMA_H_

#include <cstdint>
#include <span>

#include "storage/database.h"

namespace tvault::storage {

// Version 2 added the case tables (docs/format.md, section 4.6), version 3
// the witness versions (section 4.7), version 4 consent records, holds and
// case retention (section 4.9), version 5 time-stamp requests (section
// 4.10), version 6 redactions (section 4.11). An older database is opened and migrated by
// MigrateSchema.
inline constexpr int64_t kSchemaVersion = 6;
inline constexpr int64_t kOldestSchemaVersion = 1;

Status CreateSchema(Database& db, std::span<const uint8_t> vault_id);
// kIntegrity if the database belongs to another vault; kUnsupported for a
// schema version outside [kOldestSchemaVersion, kSchemaVersion].
Status CheckSchema(Database& db, std::span<const uint8_t> vault_id);
// The stored schema version (kIntegrity if there is none).
Result<int64_t> SchemaVersion(Database& db);
// Brings an older database to kSchemaVersion in one transaction (a no-op
// read when it is current): adds the evidence table if missing, the case
// tables, the witness versions, and the consent, hold and retention tables.
Status MigrateSchema(Database& db);

}  // namespace tvault::storage

#endif  // TVAULT_STORAGE_SCHEMA_H_
