// The database schema (docs/format.md, section 4.2).
#ifndef TVAULT_STORAGE_SCHEMA_H_
#define TVAULT_STORAGE_SCHEMA_H_

#include <cstdint>
#include <span>

#include "storage/database.h"

namespace tvault::storage {

inline constexpr int64_t kSchemaVersion = 1;

Status CreateSchema(Database& db, std::span<const uint8_t> vault_id);
// kIntegrity if the database belongs to another vault; kUnsupported for an
// unknown schema version.
Status CheckSchema(Database& db, std::span<const uint8_t> vault_id);
// Adds the evidence table to a vault created before it existed (a no-op
// read otherwise).
Status EnsureEvidenceSchema(Database& db);

}  // namespace tvault::storage

#endif  // TVAULT_STORAGE_SCHEMA_H_
