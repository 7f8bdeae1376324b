#include "binding/journal.h"

#include <algorithm>

#include "audit/checkpoint.h"
#include "crypto/encoding.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

constexpr int64_t kHeadCheckpoint = 1;
constexpr int64_t kAnchorCheckpoint = 2;

Result<audit::MerkleAccumulator> LoadState(Vault::Impl& v, int64_t& last_time) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT size, last_time, frontier FROM audit_state WHERE id = 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return MakeError(ErrorCode::kIntegrity, "the audit log state is missing");
  last_time = st.ColumnInt(1);
  auto blob = st.ColumnBlob(2);
  if (st.ColumnInt(0) < 0 || blob.size() % 32 != 0) {
    return MakeError(ErrorCode::kIntegrity, "the audit log state is malformed");
  }
  std::vector<audit::Hash> frontier(blob.size() / 32);
  for (std::size_t i = 0; i < frontier.size(); ++i)
    std::copy_n(blob.begin() + static_cast<std::ptrdiff_t>(32 * i), 32, frontier[i].begin());
  return audit::MerkleAccumulator::FromFrontier(static_cast<uint64_t>(st.ColumnInt(0)), frontier);
}

Status SaveState(Vault::Impl& v, const audit::MerkleAccumulator& acc, int64_t last_time) {
  std::vector<uint8_t> frontier;
  for (const audit::Hash& h : acc.Frontier()) frontier.insert(frontier.end(), h.begin(), h.end());
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT OR REPLACE INTO audit_state(id, size, last_time, frontier) "
                   "VALUES (1, ?, ?, ?)"));
  return st.Bind(1, static_cast<int64_t>(acc.Size())).Bind(2, last_time).BindBlob(3, frontier).Run();
}

Result<std::string> SignCheckpoint(Vault::Impl& v, const audit::MerkleAccumulator& acc) {
  if (v.signing_key.empty()) {
    TVAULT_ASSIGN_OR_RETURN(v.signing_key, LoadSigningSecret(v));
  }
  audit::Checkpoint cp{audit_store::Origin(v), acc.Size(), acc.Root(), {}};
  TVAULT_ASSIGN_OR_RETURN(std::string body, audit::FormatCheckpointBody(cp));
  TVAULT_ASSIGN_OR_RETURN(audit::NoteSignature sig,
                          audit::SignNote(body, audit_store::KeyName(v), v.signing_key));
  return audit::FormatSignedNote(audit::SignedNote{body, {sig}});
}

Status StoreCheckpoint(Vault::Impl& v, uint64_t size, int64_t kind, const std::string& note) {
  if (kind == kHeadCheckpoint) {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement del,
                            v.db.Prepare("DELETE FROM audit_checkpoints WHERE kind = 1"));
    TVAULT_TRY(del.Run());
  }
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT OR REPLACE INTO audit_checkpoints(size, kind, note) VALUES (?, ?, ?)"));
  return st.Bind(1, static_cast<int64_t>(size)).Bind(2, kind)
      .BindBlob(3, {reinterpret_cast<const uint8_t*>(note.data()), note.size()}).Run();
}

}  // namespace

namespace audit_store {

std::string Origin(const Vault::Impl& v) {
  return "tvault/v1/audit/" + crypto::HexEncode(v.header.vault_id);
}

std::string KeyName(const Vault::Impl& v) {
  return CheckpointKeyName(MinisignKeyFor(v.sign_public));
}

Status CreateTables(storage::Database& db) {
  return db.Exec(R"sql(
CREATE TABLE audit_events(seq INTEGER PRIMARY KEY, entry BLOB NOT NULL);
CREATE TABLE audit_state(id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL,
                         last_time INTEGER NOT NULL, frontier BLOB NOT NULL);
CREATE TABLE audit_checkpoints(size INTEGER NOT NULL, kind INTEGER NOT NULL, note BLOB NOT NULL,
                               PRIMARY KEY (size, kind));
INSERT INTO audit_state(id, size, last_time, frontier) VALUES (1, 0, 0, x'');
)sql");
}

Result<std::string> SignAnchor(Vault::Impl& v, uint64_t* size) {
  int64_t last_time = 0;
  TVAULT_ASSIGN_OR_RETURN(audit::MerkleAccumulator acc, LoadState(v, last_time));
  if (size != nullptr) *size = acc.Size();
  TVAULT_ASSIGN_OR_RETURN(std::string note, SignCheckpoint(v, acc));
  TVAULT_TRY(StoreCheckpoint(v, acc.Size(), kAnchorCheckpoint, note));
  return note;
}

Result<std::vector<std::string>> StoredCheckpoints(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT note FROM audit_checkpoints ORDER BY size, kind"));
  std::vector<std::string> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto b = st.ColumnBlob(0);
    out.emplace_back(b.begin(), b.end());
  }
  return out;
}

}  // namespace audit_store

Result<VaultTxn> VaultTxn::Begin(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(storage::Transaction txn, v.read_only
                                                        ? storage::Transaction::BeginRead(v.db)
                                                        : storage::Transaction::Begin(v.db));
  int64_t last_time = 0;
  TVAULT_ASSIGN_OR_RETURN(audit::MerkleAccumulator acc, LoadState(v, last_time));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement insert,
      v.db.Prepare("INSERT INTO audit_events(seq, entry) VALUES (?, ?)"));
  return VaultTxn(v, std::move(txn), acc, last_time, std::move(insert));
}

Status VaultTxn::Log(LogEntry entry) {
  // A read-only vault records nothing (OpenOptions::read_only: the caller
  // says so); its writes fail before they get here.
  if (v_->read_only) return OkStatus();
  audit::Event e;
  e.seq = acc_.Size();
  // Times never go backwards in the log, even if the clock does.
  e.time_unix_s = std::max(v_->Now(), last_time_);
  e.actor = v_->fingerprint;
  e.action = entry.action;
  e.object_id = std::move(entry.object_id);
  e.object_version = entry.object_version;
  e.refs = std::move(entry.refs);
  e.digests = std::move(entry.digests);
  e.sealed = audit::SealSecrets(v_->keys.audit, v_->header.vault_id, e.seq, e.action,
                                entry.secrets);
  std::vector<uint8_t> bytes = audit::SerializeEvent(e);
  insert_.Reset();
  TVAULT_TRY(insert_.Bind(1, static_cast<int64_t>(e.seq)).BindBlob(2, bytes).Run());
  acc_.Append(audit::LeafHash(bytes));
  last_time_ = e.time_unix_s;
  logged_ = true;
  return OkStatus();
}

Status VaultTxn::Commit() {
  if (logged_) {
    TVAULT_TRY(SaveState(*v_, acc_, last_time_));
    TVAULT_ASSIGN_OR_RETURN(std::string note, SignCheckpoint(*v_, acc_));
    TVAULT_TRY(StoreCheckpoint(*v_, acc_.Size(), kHeadCheckpoint, note));
  }
  return txn_.Commit();
}

}  // namespace tvault
