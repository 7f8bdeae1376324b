// Custody reports (docs/audit-format.md, section 10).
#ifndef TVAULT_AUDIT_CUSTODY_H_
#define TVAULT_AUDIT_CUSTODY_H_

#include <unordered_map>
#include <unordered_set>

#include "audit/event.h"
#include "audit/merkle_tree.h"
#include "binding/testimony_rows.h"
#include "binding/vault_impl.h"

namespace tvault {

enum class CustodyScope {
  kFull,          // every event naming the record (the custodian's own report)
  kVersionsOnly,  // only the events that created its versions (what a bundle carries:
                  // other views and exports would reveal the custodian's other work)
};

// One pass over the log for the custody of many records: the whole tree (for
// O(log n) proofs), the events of each requested record, and one anchor
// checkpoint signed and kept at the current size. Inside the caller's
// transaction; logs nothing itself.
struct LogSnapshot {
  audit::MerkleTree tree{{}};
  std::string checkpoint;
  using Events = std::vector<std::pair<audit::Event, std::vector<uint8_t>>>;
  std::unordered_map<std::string, Events> events_by_record;
  // kVersionsOnly: each record's testimony.redaction_commitment events,
  // kept apart (a format 1 excerpt has no place for them; a redacted record
  // of format 2 carries the one of its version, docs/bundle-format.md 7.7).
  std::unordered_map<std::string, Events> late_commitments_by_record;
};
Result<LogSnapshot> SnapshotLog(Vault::Impl& v, const std::unordered_set<std::string>& ids,
                                CustodyScope scope);

// The report of one record of the snapshot (its versions read from the
// database, or from its tombstone if shredded).
Result<CustodyReport> CustodyOf(Vault::Impl& v, const LogSnapshot& snapshot, const std::string& id,
                                CustodyScope scope);
// The same for a caller that has already read the record: `report` carries
// id, witness_id, versions and provenance (as CustodyOf reads them); the
// snapshot's checkpoint and the record's events with their proofs are added.
// Reads `v` (keys, header) and the snapshot only, never the database: with
// CustodyScope::kVersionsOnly it may run on another thread than the one
// using v.db.
Result<CustodyReport> CustodyOfLoaded(const Vault::Impl& v, const LogSnapshot& snapshot,
                                      CustodyReport report, CustodyScope scope);
// An audit event as the API shows it, without its sealed fields.
AuditEvent PublicView(const audit::Event& e);
// Adds the sealed fields of `e` to `view`: those under K_audit, and an
// erasable reason (docs/audit-format.md, section 2.1) opened with its
// version's record key, or `reason_erased` once shred destroyed that key.
// Reads the version's row. kIntegrity if a sealed part fails to open.
Status AddSealedFields(Vault::Impl& v, const audit::Event& e, AuditEvent& view);

// One version as CustodyOf reports it, from the opened version.
CustodyVersion CustodyVersionOf(uint32_t version, const OpenedVersion& opened);

}  // namespace tvault

#endif  // TVAULT_AUDIT_CUSTODY_H_
