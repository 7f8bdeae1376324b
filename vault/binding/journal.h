// VaultTxn: a database transaction that carries its audit events.
//
// Every Vault operation runs inside one VaultTxn: its changes and the events
// that record them commit together or not at all (docs/audit-format.md).
// Commit() appends the events to the Merkle tree, signs a new head
// checkpoint with the custodian's key and stores the tree state, all in the
// same SQLite transaction.
#ifndef TVAULT_AUDIT_JOURNAL_H_
#define TVAULT_AUDIT_JOURNAL_H_

#include <string>
#include <vector>

#include "audit/event.h"
#include "audit/merkle.h"
#include "binding/vault_impl.h"

namespace tvault {

struct LogEntry {
  audit::Action action;
  std::string object_id;
  uint32_t object_version = 0;
  std::vector<std::string> refs;
  std::vector<audit::Hash> digests;
  audit::EventSecrets secrets;
};

class VaultTxn {
 public:
  static Result<VaultTxn> Begin(Vault::Impl& v);
  VaultTxn(VaultTxn&&) noexcept = default;
  VaultTxn(const VaultTxn&) = delete;

  // Appends one event (it becomes durable only with Commit()). On a
  // read-only vault (Impl::read_only) the transaction only reads, and Log
  // records nothing.
  Status Log(LogEntry entry);
  // The seq the next Log gives its event.
  uint64_t next_seq() const { return acc_.Size(); }
  Status Commit();

 private:
  VaultTxn(Vault::Impl& v, storage::Transaction txn, audit::MerkleAccumulator acc,
           int64_t last_time, storage::Statement insert)
      : v_(&v), txn_(std::move(txn)), acc_(acc), last_time_(last_time),
        insert_(std::move(insert)) {}
  Vault::Impl* v_;
  storage::Transaction txn_;
  audit::MerkleAccumulator acc_;
  int64_t last_time_;
  storage::Statement insert_;
  bool logged_ = false;
};

namespace audit_store {
// The origin line of this vault's checkpoints: "tvault/v1/audit/<vault id hex>".
std::string Origin(const Vault::Impl& v);
// "tvault-<minisign key id>", the signed-note key name of the custodian.
std::string KeyName(const Vault::Impl& v);
Status CreateTables(storage::Database& db);
// Signs a checkpoint of the current tree and stores it as an anchor (kind 2);
// its tree size goes to *size when given.
Result<std::string> SignAnchor(Vault::Impl& v, uint64_t* size = nullptr);
// Every stored checkpoint (head and anchors), as signed notes.
Result<std::vector<std::string>> StoredCheckpoints(Vault::Impl& v);
}  // namespace audit_store

}  // namespace tvault

#endif  // TVAULT_AUDIT_JOURNAL_H_
