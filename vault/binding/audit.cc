// Vault's audit commands: log, checkpoint, verify, export.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "binding/consent_rows.h"
#include "binding/custody.h"
#include "binding/audit_timestamps.h"
#include "binding/holds.h"
#include "binding/journal.h"
#include "audit/log_file.h"
#include "audit/log_verifier.h"
#include "crypto/encoding.h"
#include "binding/evidence.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/testimony_rows.h"
#include "util/byte_stream.h"
#include "util/parallel.h"
#include "util/worker.h"

namespace tvault {
namespace {

std::string VersionKey(const std::string& id, uint32_t version) {
  return id + "@" + std::to_string(version);
}

// A testimony version the log recorded: matched to the database by a merge
// of two lists sorted by (id, version), which at a million versions is
// several times cheaper than hashing "id@version" strings.
struct LoggedVersion {
  std::string id;
  uint32_t version;
  audit::Hash commitment;
  uint64_t seq;
};

// The one order both lists are sorted and merged in: by id (memcmp order,
// which is also SQLite's BINARY order), then version. <0, 0 or >0.
template <typename A, typename B>
int CompareIdVersion(const A& a, const B& b) {
  const int c = a.id.compare(b.id);
  if (c != 0) return c;
  return a.version < b.version ? -1 : (a.version > b.version ? 1 : 0);
}

// What the log says the database must hold.
// The peers row a peer event names ("peer-N"), if it names one.
const std::string* PeerRow(const audit::Event& e) {
  for (const std::string& r : e.refs) {
    if (r.starts_with("peer-")) return &r;
  }
  return nullptr;
}

struct Expectations {
  std::vector<LoggedVersion> versions;
  // "W-...@version" -> what recorded it: witness.add (version 1) and
  // witness.edit (each later version).
  struct LoggedWitness {
    std::string id;
    uint32_t version;
    audit::Hash digest;
    uint64_t seq;
  };
  std::unordered_map<std::string, LoggedWitness> witness_versions;
  std::unordered_map<std::string, audit::Hash> evidence;   // "E-..." -> evidence commitment
  std::unordered_set<std::string> shredded;
  std::unordered_map<std::string, uint64_t> added_at;      // evidence id -> seq
  // "C-...@version" -> (record digest, seq): cases are never shredded.
  std::unordered_map<std::string, std::pair<audit::Hash, uint64_t>> case_versions;
  // (case id, record id) -> the case.assign event that put the record in the
  // case, for every membership no case.unassign has ended since.
  std::map<std::pair<std::string, std::string>, uint64_t> case_members;
  // "peer-N" (a peers row) -> (record digest, seq) of the latest event that
  // stored the row, and -> seq of the peer.remove that removed it. Peer
  // events written before they named their row leave that row untracked.
  std::unordered_map<std::string, std::pair<audit::Hash, uint64_t>> peers;
  std::unordered_map<std::string, uint64_t> removed_peers;
  // Consent records and standing holds (docs/format.md 4.9).
  std::map<std::string, LoggedConsent> consent;
  std::map<std::string, std::pair<audit::Hash, uint64_t>> holds;
  std::map<audit::Hash, uint64_t> timestamps;  // response digest -> seq

  Status Take(audit::Event& e) {
    using audit::Action;
    auto need_digest = [&]() -> Status {
      if (e.digests.size() != 1) {
        return MakeError(ErrorCode::kIntegrity,
                         "audit event " + std::to_string(e.seq) + " lacks its record digest");
      }
      return OkStatus();
    };
    switch (e.action) {
      case Action::kTestimonyAdd:
      case Action::kTestimonyAmend:
        // The statement commitment, then the redaction commitment when the
        // version has one (docs/audit-format.md, section 3).
        if (e.digests.size() == 2) e.digests.pop_back();
        TVAULT_TRY(need_digest());
        versions.push_back({std::move(e.object_id), e.object_version, e.digests[0], e.seq});
        break;
      case Action::kWitnessAdd:
        TVAULT_TRY(need_digest());
        witness_versions[VersionKey(e.object_id, 1)] = {e.object_id, 1, e.digests[0], e.seq};
        break;
      case Action::kWitnessEdit:
        TVAULT_TRY(need_digest());
        witness_versions[VersionKey(e.object_id, e.object_version)] = {
            e.object_id, e.object_version, e.digests[0], e.seq};
        break;
      case Action::kEvidenceAdd:
        TVAULT_TRY(need_digest());
        evidence[e.object_id] = e.digests[0];
        added_at[e.object_id] = e.seq;
        break;
      case Action::kCaseAdd:
      case Action::kCaseEdit:
        TVAULT_TRY(need_digest());
        case_versions[VersionKey(e.object_id, e.object_version)] = {e.digests[0], e.seq};
        break;
      case Action::kCaseAssign:
        for (const std::string& id : e.refs) case_members[{e.object_id, id}] = e.seq;
        break;
      case Action::kCaseUnassign:
        for (const std::string& id : e.refs) case_members.erase({e.object_id, id});
        break;
      case Action::kPeerAdd:
      case Action::kPeerRename:
      case Action::kPeerKeyChange:
        if (const std::string* row = PeerRow(e); row && e.digests.size() == 1) {
          peers[*row] = {e.digests[0], e.seq};
          removed_peers.erase(*row);
        }
        break;
      case Action::kPeerRemove:
        if (const std::string* row = PeerRow(e)) {
          peers.erase(*row);
          removed_peers[*row] = e.seq;
        }
        break;
      case Action::kConsentRecord:
      case Action::kConsentWithdraw:
        TVAULT_TRY(need_digest());
        consent[VersionKey(e.object_id, e.object_version)] = {e.object_id, e.digests[0], e.seq};
        break;
      case Action::kHoldAdd:
        TVAULT_TRY(need_digest());
        holds[e.object_id] = {e.digests[0], e.seq};
        break;
      case Action::kHoldRemove:
        holds.erase(e.object_id);
        break;
      case Action::kAuditTimestamp:
        TVAULT_TRY(need_digest());
        timestamps[e.digests[0]] = e.seq;
        break;
      case Action::kShred:
        for (std::string& id : e.refs) shredded.insert(std::move(id));
        break;
      default:
        break;
    }
    return OkStatus();
  }

  // Sorted by (id, version); where the log recorded one version twice, the
  // later event (higher seq, sorted first) is the one the database must match.
  void Finish() {
    std::sort(versions.begin(), versions.end(), [](const LoggedVersion& a, const LoggedVersion& b) {
      const int c = CompareIdVersion(a, b);
      return c != 0 ? c < 0 : a.seq > b.seq;
    });
    auto same = [](const LoggedVersion& a, const LoggedVersion& b) {
      return CompareIdVersion(a, b) == 0;
    };
    versions.erase(std::unique(versions.begin(), versions.end(), same), versions.end());
  }
};

Error Disagree(const std::string& what) { return MakeError(ErrorCode::kIntegrity, what); }

struct VersionRow {
  std::string id;
  uint32_t version;
  std::vector<uint8_t> wrapped, meta;
};
// Commitments[i] belongs to rows[i].
using Commitments = std::vector<audit::Hash>;

// Every testimony version, sorted by (id, version) like the expectations.
Result<std::vector<VersionRow>> LoadVersionRows(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT testimony_id, version, wrapped_key, meta FROM testimony_versions "
                   "ORDER BY testimony_id, version"));
  std::vector<VersionRow> rows;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto w = st.ColumnBlob(2), m = st.ColumnBlob(3);
    rows.push_back(VersionRow{st.ColumnText(0), static_cast<uint32_t>(st.ColumnInt(1)),
                              {w.begin(), w.end()}, {m.begin(), m.end()}});
  }
  // SQLite's BINARY order is memcmp order, the same as std::string's; sort
  // anyway rather than depend on it (a no-op pass when already sorted).
  auto order = [](const VersionRow& a, const VersionRow& b) { return CompareIdVersion(a, b) < 0; };
  if (!std::is_sorted(rows.begin(), rows.end(), order)) {
    std::sort(rows.begin(), rows.end(), order);
  }
  return rows;
}

// Every testimony version's commitment, recomputed from its sealed metadata.
// Touches no database: safe to run beside the event scan.
Result<Commitments> ComputeCommitments(const Vault::Impl& v, const std::vector<VersionRow>& rows) {
  Commitments out(rows.size());
  TVAULT_TRY(ParallelFor(
      rows.size(), [] { return SecretBytes(32); },
      [&](std::size_t i, SecretBytes& key) -> Status {
        const VersionRow& r = rows[i];
        const RecordAddress addr = v.Address(RecordKind::kTestimony, r.id, r.version);
        TVAULT_ASSIGN_OR_RETURN(FieldSet meta, OpenFieldsWith(key, v.keys.testimony, addr,
                                                              r.wrapped, r.meta,
                                                              testimony_tag::kAll));
        TVAULT_ASSIGN_OR_RETURN(TestimonyVersionInfo info, VersionInfoFromFields(meta, r.version, 0));
        auto salt = meta.Get(testimony_tag::kCommitmentSalt);
        if (salt.size() != 32) return Disagree("testimony " + r.id + " lacks its commitment salt");
        audit::Hash s;
        std::copy(salt.begin(), salt.end(), s.begin());
        out[i] = audit::StatementCommitment(s, info.sha256);
        return OkStatus();
      }));
  return out;
}

// Merges the database's versions with the logged ones (both sorted). Of
// several disagreements, reports the same kind first as before: a row with
// no event, then a row that differs from its event, then a logged version
// gone without a shred.
Status CheckVersionsAgainstLog(const Expectations& x, const std::vector<VersionRow>& rows,
                               const Commitments& commitments) {
  std::optional<Error> unlogged, differs, vanished;
  std::size_t i = 0, j = 0;
  const auto& logged = x.versions;
  while (i < rows.size() || j < logged.size()) {
    const int c = i == rows.size()     ? 1
                  : j == logged.size() ? -1
                                       : CompareIdVersion(rows[i], logged[j]);
    if (c < 0) {  // a row the log never recorded
      if (!unlogged) {
        unlogged = Disagree("testimony " + VersionKey(rows[i].id, rows[i].version) +
                            " is in the database but no audit event records it "
                            "(a row added outside tvault, or its event was removed)");
      }
      ++i;
    } else if (c > 0) {  // a logged version with no row
      if (!vanished && !x.shredded.count(logged[j].id)) {
        vanished = Disagree("audit event " + std::to_string(logged[j].seq) + " recorded " +
                            VersionKey(logged[j].id, logged[j].version) +
                            " but it is gone from the database without a shred: the database "
                            "was rolled back or rows were deleted");
      }
      ++j;
    } else {
      if (!differs && !ConstantTimeEqual(logged[j].commitment, commitments[i])) {
        differs = Disagree("testimony " + VersionKey(rows[i].id, rows[i].version) +
                           " differs from what audit event " + std::to_string(logged[j].seq) +
                           " recorded");
      }
      ++i;
      ++j;
    }
  }
  if (unlogged) return *unlogged;
  if (differs) return *differs;
  if (vanished) return *vanished;
  return OkStatus();
}

// Every case version has its case.add / case.edit event with the same
// record digest, and every logged version is still there.
// Every membership row has the case.assign event that made it, and every
// membership the events leave standing has its row.
Status CheckCaseMembersAgainstLog(Vault::Impl& v, const Expectations& x) {
  std::set<std::pair<std::string, std::string>> present;
  if (v.has_case_tables) {
    TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                            v.db.Prepare("SELECT case_id, record_id FROM case_members"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      std::pair<std::string, std::string> member{st.ColumnText(0), st.ColumnText(1)};
      if (!x.case_members.count(member)) {
        return Disagree("case " + member.first + " lists " + member.second +
                        " but no audit event assigned it");
      }
      present.insert(std::move(member));
    }
  }
  for (const auto& [member, seq] : x.case_members) {
    if (!present.count(member)) {
      return Disagree("audit event " + std::to_string(seq) + " assigned " + member.second +
                      " to case " + member.first +
                      " but it left the case without a case.unassign event: the database was "
                      "rolled back or rows were deleted");
    }
  }
  return OkStatus();
}

// Every peers row an event stored holds what the latest such event recorded
// (an older copy put back after `peer edit` would send the next export to a
// replaced key), no removed row is back, and none vanished without removal.
Status CheckPeersAgainstLog(Vault::Impl& v, const Expectations& x, uint64_t& records) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id, wrapped_key, sealed FROM peers"));
  std::unordered_set<std::string> present;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string id = "peer-" + std::to_string(st.ColumnInt(0));
    if (auto it = x.peers.find(id); it != x.peers.end()) {
      if (!ConstantTimeEqual(it->second.first,
                             audit::RecordDigest(st.ColumnBlob(1), st.ColumnBlob(2)))) {
        return Disagree("peer row " + id + " differs from what audit event " +
                        std::to_string(it->second.second) +
                        " recorded: an older copy was put back or the row was altered");
      }
    } else if (auto gone = x.removed_peers.find(id); gone != x.removed_peers.end()) {
      return Disagree("peer row " + id + " is in the database but audit event " +
                      std::to_string(gone->second) + " removed it");
    }
    present.insert(id);
    ++records;
  }
  for (const auto& [id, logged] : x.peers) {
    if (!present.count(id)) {
      return Disagree("audit event " + std::to_string(logged.second) + " stored peer row " + id +
                      " but it is gone from the database without a peer.remove event");
    }
  }
  return OkStatus();
}

Status CheckCasesAgainstLog(Vault::Impl& v, const Expectations& x, uint64_t& records) {
  std::unordered_set<std::string> present;
  if (v.has_case_tables) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT case_id, version, wrapped_key, fields FROM case_versions"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const std::string key =
          VersionKey(st.ColumnText(0), static_cast<uint32_t>(st.ColumnInt(1)));
      auto it = x.case_versions.find(key);
      if (it == x.case_versions.end()) {
        return Disagree("case " + key + " is in the database but no audit event records it");
      }
      if (!ConstantTimeEqual(it->second.first,
                             audit::RecordDigest(st.ColumnBlob(2), st.ColumnBlob(3)))) {
        return Disagree("case " + key + " differs from what audit event " +
                        std::to_string(it->second.second) + " recorded");
      }
      present.insert(key);
      ++records;
    }
  }
  for (const auto& [key, logged] : x.case_versions) {
    if (!present.count(key)) {
      return Disagree("audit event " + std::to_string(logged.second) + " recorded case " + key +
                      " but it is gone from the database: the database was rolled back or "
                      "rows were deleted");
    }
  }
  return CheckCaseMembersAgainstLog(v, x);
}

// "witness W-..." for version 1 (as before witnesses had versions), else
// "witness W-... version N".
std::string WitnessLabel(const std::string& id, uint32_t version) {
  return "witness " + id + (version == 1 ? "" : " version " + std::to_string(version));
}

// Every stored witness version (the latest in `witnesses`, the others in
// `witness_versions`) has its witness.add / witness.edit event with the
// same record digest, and every logged version is still there unless the
// witness was shredded.
Status CheckWitnessesAgainstLog(Vault::Impl& v, const Expectations& x, uint64_t& records) {
  std::string sql = "SELECT id, version, wrapped_key, contact FROM witnesses";
  if (v.has_witness_versions) {
    sql += " UNION ALL SELECT witness_id, version, wrapped_key, contact FROM witness_versions";
  }
  TVAULT_ASSIGN_OR_RETURN(storage::Statement w, v.db.Prepare(sql));
  std::unordered_set<std::string> present;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, w.Step());
    if (!row) break;
    const std::string id = w.ColumnText(0);
    const auto version = static_cast<uint32_t>(w.ColumnInt(1));
    const std::string key = VersionKey(id, version);
    auto it = x.witness_versions.find(key);
    if (it == x.witness_versions.end()) {
      return Disagree(WitnessLabel(id, version) +
                      " is in the database but no audit event records it");
    }
    if (!ConstantTimeEqual(it->second.digest,
                           audit::RecordDigest(w.ColumnBlob(2), w.ColumnBlob(3)))) {
      return Disagree(WitnessLabel(id, version) + " differs from what audit event " +
                      std::to_string(it->second.seq) + " recorded");
    }
    present.insert(key);
    ++records;
  }
  for (const auto& [key, logged] : x.witness_versions) {
    if (!present.count(key) && !x.shredded.count(logged.id)) {
      return Disagree("audit event " + std::to_string(logged.seq) + " recorded " +
                      WitnessLabel(logged.id, logged.version) + " but it is gone from the database without a shred: the database was "
                      "rolled back or rows were deleted");
    }
  }
  return OkStatus();
}

Status CheckDatabaseAgainstLog(Vault::Impl& v, const Expectations& x,
                               const std::vector<VersionRow>& rows, const Commitments& commitments,
                               uint64_t& records) {
  TVAULT_TRY(CheckVersionsAgainstLog(x, rows, commitments));
  records += rows.size();
  std::unordered_set<std::string> present;

  TVAULT_TRY(CheckWitnessesAgainstLog(v, x, records));

  // Evidence: every row has its evidence.add event with the same commitment
  // (which binds the file's SHA-256 through the sealed salt).
  TVAULT_ASSIGN_OR_RETURN(auto evidence, EvidenceCommitments(v));
  for (const auto& [id, commitment] : evidence) {
    auto it = x.evidence.find(id);
    if (it == x.evidence.end()) {
      return Disagree("evidence " + id + " is in the database but no audit event records it");
    }
    if (!ConstantTimeEqual(it->second, commitment)) {
      return Disagree("evidence " + id + " differs from what audit event " +
                      std::to_string(x.added_at.at(id)) + " recorded");
    }
    present.insert(id);
    ++records;
  }

  TVAULT_ASSIGN_OR_RETURN(storage::Statement t, v.db.Prepare("SELECT id FROM tombstones"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, t.Step());
    if (!row) break;
    const std::string id = t.ColumnText(0);
    if (!x.shredded.count(id)) {
      return Disagree("tombstone " + id + " has no shred event in the audit log");
    }
    ++records;
  }

  // Everything the log added is still there, unless a shred removed it.
  auto vanished = [&](const std::string& key, const std::string& id) -> Status {
    if (!present.count(key) && !x.shredded.count(id)) {
      return Disagree("audit event " + std::to_string(x.added_at.at(key)) + " recorded " + key +
                      " but it is gone from the database without a shred: the database was "
                      "rolled back or rows were deleted");
    }
    return OkStatus();
  };
  for (const auto& [id, d] : x.evidence) TVAULT_TRY(vanished(id, id));
  TVAULT_TRY(CheckPeersAgainstLog(v, x, records));
  TVAULT_TRY(CheckConsentAgainstLog(v, x.consent, x.shredded, records));
  TVAULT_TRY(CheckHoldsAgainstLog(v, x.holds, records));
  TVAULT_TRY(CheckTimestampsAgainstLog(v, x.timestamps, records));
  return CheckCasesAgainstLog(v, x, records);
}

Status CheckStoredState(Vault::Impl& v, const audit::MerkleAccumulator& tree) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st, v.db.Prepare("SELECT size, frontier FROM audit_state WHERE id = 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  std::vector<uint8_t> frontier;
  for (const audit::Hash& h : tree.Frontier()) frontier.insert(frontier.end(), h.begin(), h.end());
  if (!row || st.ColumnInt(0) != static_cast<int64_t>(tree.Size()) ||
      !ConstantTimeEqual(st.ColumnBlob(1), frontier)) {
    return Disagree("the stored audit tree state does not match the events: the log was altered");
  }
  return OkStatus();
}

std::vector<audit::CheckpointInput> Inputs(const std::vector<std::string>& stored,
                                           const std::string& stored_source,
                                           const std::vector<ExternalCheckpoint>& external) {
  std::vector<audit::CheckpointInput> in;
  for (const std::string& note : stored) in.push_back({note, stored_source});
  for (const ExternalCheckpoint& e : external) in.push_back({e.note, e.source});
  return in;
}

bool Matches(const audit::Event& e, const AuditFilter& f) {
  if (f.since_unix_s && e.time_unix_s < *f.since_unix_s) return false;
  if (f.record.empty()) return true;
  if (e.object_id == f.record) return true;
  for (const std::string& r : e.refs) {
    if (r == f.record || r.rfind(f.record + "@", 0) == 0) return true;
  }
  return false;
}

}  // namespace

std::string Vault::SignerPublicKey() const {
  return minisign::EncodePublicKey(MinisignKeyFor(impl_->sign_public));
}

Result<std::vector<AuditEvent>> Vault::AuditLog(const AuditFilter& filter) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT entry FROM audit_events ORDER BY seq"));
  std::vector<AuditEvent> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TVAULT_ASSIGN_OR_RETURN(audit::Event e, audit::ParseEvent(st.ColumnBlob(0)));
    if (!Matches(e, filter)) continue;
    AuditEvent view = PublicView(e);
    TVAULT_TRY(AddSealedFields(v, e, view));
    out.push_back(std::move(view));
  }
  TVAULT_TRY(txn.Log({audit::Action::kAuditView, filter.record, 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<std::string> Vault::AuditCheckpoint() {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(txn.Log({audit::Action::kAuditCheckpoint, "", 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  // The head just signed covers the request itself; keep it as an anchor.
  TVAULT_ASSIGN_OR_RETURN(storage::Transaction t, storage::Transaction::Begin(v.db));
  TVAULT_ASSIGN_OR_RETURN(std::string note, audit_store::SignAnchor(v));
  TVAULT_TRY(t.Commit());
  return note;
}

Result<AuditVerifyReport> Vault::AuditVerify(const std::vector<ExternalCheckpoint>& external) {
  Impl& v = *impl_;
  AuditVerifyReport report;
  {
    TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> stored, audit_store::StoredCheckpoints(v));
    TVAULT_ASSIGN_OR_RETURN(
        audit::LogVerifier verifier,
        audit::LogVerifier::Create(audit_store::Origin(v),
                                   CheckpointVerifierKey(MinisignKeyFor(v.sign_public)),
                                   Inputs(stored, "this vault", external)));
    // The expensive part of the database check (one authenticated
    // decryption per version) runs on other threads while this one scans
    // the events and rebuilds the tree.
    TVAULT_ASSIGN_OR_RETURN(std::vector<VersionRow> rows, LoadVersionRows(v));
    std::optional<Result<Commitments>> computed;
    Worker commitments(1);
    commitments.Submit([&v, &rows, &computed] {
      computed = ComputeCommitments(v, rows);
      return OkStatus();
    });
    Expectations expected;
    Status scanned = [&]() -> Status {
      TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                              v.db.Prepare("SELECT entry FROM audit_events ORDER BY seq"));
      for (;;) {
        TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        TVAULT_ASSIGN_OR_RETURN(audit::Event e, verifier.Add(st.ColumnBlob(0)));
        TVAULT_TRY(expected.Take(e));
      }
      expected.Finish();
      TVAULT_TRY(verifier.Finish());
      return CheckStoredState(v, verifier.tree());
    }();
    (void)commitments.Drain();  // the job's outcome is `computed`
    TVAULT_TRY(scanned);
    if (!computed->ok()) return computed->take_error();
    TVAULT_TRY(CheckDatabaseAgainstLog(v, expected, rows, **computed, report.records_checked));
    report.events = verifier.size();
    report.checkpoints = verifier.checkpoint_count();
    report.root_hex = crypto::HexEncode(verifier.tree().Root());
  }
  // Intact: record that it was checked.
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(txn.Log({audit::Action::kAuditVerify, "", 0, {}, {}, {}}));
  TVAULT_TRY(txn.Commit());
  return report;
}

Status Vault::AuditExport(const std::filesystem::path& out, bool overwrite) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(AtomicFileSink sink,
                          AtomicFileSink::Create(out, overwrite,
                                                 AtomicFileSink::Temporary::kUnnamedWherePossible));
  {
    TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
    TVAULT_TRY(txn.Log({audit::Action::kAuditExport, "", 0, {}, {}, {}}));
    TVAULT_TRY(txn.Commit());
  }
  // The exported file carries, besides every checkpoint already kept, an
  // anchor at its own size (kept as well: the vault must stay consistent
  // with what it handed out).
  TVAULT_ASSIGN_OR_RETURN(storage::Transaction t, storage::Transaction::Begin(v.db));
  TVAULT_ASSIGN_OR_RETURN(std::string anchor, audit_store::SignAnchor(v));
  (void)anchor;  // stored; StoredCheckpoints() below includes it
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> checkpoints, audit_store::StoredCheckpoints(v));
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> count,
                          v.db.QueryInt("SELECT count(*) FROM audit_events"));
  audit::LogFileWriter writer(sink, v.header.vault_id);
  TVAULT_TRY(writer.Begin(checkpoints, static_cast<uint64_t>(count.value_or(0))));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT entry FROM audit_events ORDER BY seq"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TVAULT_TRY(writer.AddEvent(st.ColumnBlob(0)));
  }
  TVAULT_TRY(writer.Finish());
  TVAULT_TRY(t.Commit());
  return sink.Commit();
}

Result<AuditVerifyReport> VerifyExportedAuditLog(const std::filesystem::path& log,
                                                 std::string_view signer_key,
                                                 const std::vector<ExternalCheckpoint>& external) {
  TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey key, minisign::ParsePublicKey(signer_key));
  TVAULT_ASSIGN_OR_RETURN(FileSource source, FileSource::Open(log));
  TVAULT_ASSIGN_OR_RETURN(audit::LogFileReader reader, audit::LogFileReader::Open(source));
  if (reader.checkpoints().empty()) {
    return MakeError(ErrorCode::kIntegrity, "the exported log carries no signed checkpoint");
  }
  const std::string origin = "tvault/v1/audit/" + crypto::HexEncode(reader.vault_id());
  TVAULT_ASSIGN_OR_RETURN(
      audit::LogVerifier verifier,
      audit::LogVerifier::Create(origin, CheckpointVerifierKey(key),
                                 Inputs(reader.checkpoints(), log.filename().string(), external)));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<std::vector<uint8_t>> entry, reader.NextEvent());
    if (!entry) break;
    TVAULT_ASSIGN_OR_RETURN(audit::Event e, verifier.Add(*entry));
  }
  TVAULT_TRY(verifier.Finish());
  AuditVerifyReport report;
  report.events = verifier.size();
  report.checkpoints = verifier.checkpoint_count();
  report.root_hex = crypto::HexEncode(verifier.tree().Root());
  return report;
}

}  // namespace tvault
