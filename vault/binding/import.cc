// Vault::VerifyBundle, Vault::ImportBundle and VerifyBundleWithIdentityFile
// (docs/bundle-format.md, section 5).
//
// Verification is one streaming pass: BundleReader authenticates every age
// chunk, hashes every member and checks signature, recipients, SHA256SUMS and
// manifest at the end; then each custody excerpt is checked against the
// record it describes. Import runs that pass first, and only a bundle that
// passed is read a second time to store its records, each statement checked
// against the SHA-256 the first pass verified, inside one transaction that
// commits only after the second pass also verified to its end. Nothing is
// stored from a bundle that fails anywhere, and a file that changes between
// the passes fails the second.
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "binding/journal.h"
#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "bundle/custody_excerpt.h"
#include "crypto/hash.h"
#include "binding/evidence.h"
#include "identity/custodian_keys.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"
#include "util/read_ahead.h"
#include "util/file_io.h"
#include "util/json_reader.h"
#include "util/worker.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;
using bundle::VerifiedBundle;

PlainString Plain(const std::string& s) { return PlainString(s.data(), s.size()); }

// Everything that is wrong with the bundle is an integrity failure (exit 4),
// including "not addressed to you": the file is not a bundle we can accept.
Error AsRefusal(const Error& e) {
  if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kUnsupported) {
    return MakeError(ErrorCode::kIntegrity, e.message);
  }
  return e;
}

// Collects one member in guarded memory, refusing more than `cap` bytes.
class PlainSink final : public ByteSink {
 public:
  explicit PlainSink(uint64_t cap) : cap_(cap) {}
  Status Write(std::span<const uint8_t> bytes) override {
    if (bytes.size() > cap_ - data.size()) {
      return MakeError(ErrorCode::kIntegrity, "a member is larger than its stated size");
    }
    AppendBytes(data, bytes);
    return OkStatus();
  }
  PlainBytes data;

 private:
  uint64_t cap_;
};

using MemberFn = std::function<Status(const bundle::BundleMember&, bundle::BundleReader&)>;

// The SHA-256 of the whole file is what the audit log records for verify
// and import; verify without a vault logs nothing and skips the hashing.
enum class FileDigest { kCompute, kSkip };

struct ReadOutcome {
  VerifiedBundle verified;
  std::optional<Sha256Bytes> file_sha256;  // with FileDigest::kCompute only
};

// One full pass over the bundle; `on_member` (optional) may consume members.
Result<ReadOutcome> ReadBundle(const fs::path& file, std::span<const SecretBytes> identities,
                               std::span<const minisign::PublicKey> signers,
                               const MemberFn& on_member, FileDigest digest) {
  TVAULT_ASSIGN_OR_RETURN(FileSource in, FileSource::Open(file));
  // The file is read and hashed (for the sealed SHA-256 import records) on
  // a worker thread, ahead of the decryption, which has its own. Not for a
  // pipe or standard input: a worker blocked on a stalled writer would hold
  // up an early refusal.
  const ReadAheadSource::Threads threads = in.IsRegularFile() ? ReadAheadSource::Threads::kWorker
                                                              : ReadAheadSource::Threads::kInline;
  crypto::Sha256Hasher file_sha;
  ReadAheadSource::Observer hash_file;
  if (digest == FileDigest::kCompute) {
    hash_file = [&file_sha](std::span<const uint8_t> b) { file_sha.Update(b); };
  }
  ReadAheadSource ahead(in, std::move(hash_file), ReadAheadSource::Wipe::kNo, threads);
  auto reader = bundle::BundleReader::Open(ahead, identities, threads);
  if (!reader.ok()) return AsRefusal(reader.error());
  for (;;) {
    auto next = reader->Next();
    if (!next.ok()) return AsRefusal(next.error());
    if (!next->has_value()) break;
    if (on_member) {
      Status s = on_member(**next, *reader);
      if (!s.ok()) return AsRefusal(s.error());
    }
  }
  auto verified = reader->Finish(signers);
  if (!verified.ok()) return AsRefusal(verified.error());
  // Nothing may follow the age file (the reader stops at its final chunk).
  uint8_t extra = 0;
  TVAULT_ASSIGN_OR_RETURN(std::size_t more, ahead.Read({&extra, 1}));
  if (more != 0) return MakeError(ErrorCode::kIntegrity, "bytes follow the end of the bundle");
  // Read returned the end: the worker has hashed the whole file.
  ReadOutcome outcome{std::move(*verified), std::nullopt};
  if (digest == FileDigest::kCompute) outcome.file_sha256 = file_sha.Finish();
  return outcome;
}

// Step 7, as the bundle streams: each custody/<T-id>.json is read (capped)
// and checked against the record the manifest (the first member) describes.
// Both are unverified at that moment, so a failure is kept and reported only
// once the signature and hashes verified (else their failure comes first);
// afterwards the verified manifest must be the one the checks used.
struct CustodyTotals {
  std::size_t events = 0;
  std::size_t unattested = 0;
};

// The excerpts are checked on a Worker, in member order, while this thread
// goes on decrypting and hashing the bundle (in line, their whole cost would
// add to verify's). They go in batches of about kBatchBytes, at most
// kMaxBatches waiting; the reader then waits.
class CustodyChecker {
 public:
  CustodyChecker() = default;
  CustodyChecker(const CustodyChecker&) = delete;
  CustodyChecker& operator=(const CustodyChecker&) = delete;

  Status OnMember(const bundle::BundleMember& member, bundle::BundleReader& reader) {
    const bundle::MemberKind kind = bundle::KindOfMember(member.name);
    if (kind != bundle::MemberKind::kCustody) return OkStatus();
    if (!manifest_) {
      // The reader parsed manifest.json when it ended (it is the first
      // member); one that does not parse fails at Finish.
      const bundle::BundleManifest* m = reader.UnverifiedManifest();
      if (m == nullptr) return OkStatus();
      manifest_ = *m;
      for (const bundle::ManifestRecord& r : manifest_->records) {
        by_member_.emplace(bundle::CustodyMemberName(r.id), &r);
      }
    }
    auto found = by_member_.find(member.name);
    if (found == by_member_.end()) return OkStatus();  // not named by the manifest: Finish refuses
    const bundle::ManifestRecord* record = found->second;
    if (!checked_.insert(record->id).second) return OkStatus();  // duplicate: tar refuses
    PlainSink sink(member.size_bytes);
    TVAULT_TRY(reader.CopyMemberTo(sink));
    batch_bytes_ += sink.data.size();
    batch_.push_back(Excerpt{std::move(sink.data), record});
    if (batch_bytes_ >= kBatchBytes) SubmitBatch();
    return OkStatus();
  }

  // After Finish succeeded.
  Result<CustodyTotals> Totals(const VerifiedBundle& vb) {
    SubmitBatch();
    Status checked = worker_.Drain();
    if (!manifest_ || !(*manifest_ == vb.manifest)) {
      return MakeError(ErrorCode::kIntegrity, "the manifest changed while it was read");
    }
    TVAULT_TRY(checked);
    for (const bundle::ManifestRecord& r : vb.manifest.records) {
      if (!checked_.count(r.id)) {
        return MakeError(ErrorCode::kIntegrity, "custody of " + r.id + " is missing");
      }
    }
    return totals_;
  }

 private:
  static constexpr std::size_t kBatchBytes = 256u << 10;
  static constexpr std::size_t kMaxBatches = 8;
  struct Excerpt {
    PlainBytes bytes;
    const bundle::ManifestRecord* record = nullptr;
  };
  using Batch = std::vector<Excerpt>;

  void SubmitBatch() {
    if (batch_.empty()) return;
    // A shared_ptr: std::function needs a copyable job.
    auto batch = std::make_shared<Batch>(std::move(batch_));
    batch_.clear();
    batch_bytes_ = 0;
    worker_.Submit([this, batch] { return Check(*batch); });
  }

  // A job: totals_ and checkpoints_ are the worker's until Drain.
  Status Check(const Batch& batch) {
    for (const Excerpt& e : batch) {
      TVAULT_ASSIGN_OR_RETURN(CustodyCheck c,
                              VerifyCustodyExcerpt(e.bytes, manifest_->exporter.minisign_key,
                                                   *e.record, &checkpoints_));
      totals_.events += c.events;
      if (!c.attested) ++totals_.unattested;
    }
    return OkStatus();
  }

  std::optional<bundle::BundleManifest> manifest_;  // set before the first job
  std::map<std::string, const bundle::ManifestRecord*> by_member_;
  std::set<std::string> checked_;
  Batch batch_;
  std::size_t batch_bytes_ = 0;
  CheckpointCache checkpoints_;  // one signer: the manifest's exporter key
  CustodyTotals totals_;
  Worker worker_{kMaxBatches};  // last: stopped before the rest goes
};

BundleSummary Summarize(const VerifiedBundle& vb, const CustodyTotals& custody) {
  const bundle::BundleManifest& m = vb.manifest;
  BundleSummary s;
  s.bundle_id = m.bundle_id;
  s.created_at_unix_s = m.created_at_unix_s;
  s.reason = Plain(m.reason);
  s.exporter_name = Plain(m.exporter.name);
  s.signer_key = minisign::EncodePublicKey(vb.signer);
  s.decrypted_by = FormatFingerprint(vb.decrypted_by);
  for (const bundle::ManifestRecipient& r : m.recipients) {
    s.recipient_fingerprints.push_back(FormatFingerprint(r.fingerprint));
  }
  for (const bundle::ManifestRecord& r : m.records) {
    s.records.push_back(r.id);
    s.versions += r.versions.size();
  }
  s.contacts = m.contacts.size();
  s.evidence = m.evidence.size();
  s.custody_events_verified = custody.events;
  s.records_without_custody = custody.unattested;
  return s;
}

// The keys a bundle may be signed with: the given one, else every peer's.
Result<std::vector<minisign::PublicKey>> AcceptedSigners(const std::vector<StoredPeer>& peers,
                                                         std::string_view signer_key) {
  std::vector<minisign::PublicKey> keys;
  if (!signer_key.empty()) {
    auto key = minisign::ParsePublicKey(signer_key);
    if (!key.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, key.error().message,
                       ErrorDetail::kBadSignerKey);
    }
    keys.push_back(*key);
    return keys;
  }
  for (const StoredPeer& p : peers) {
    if (p.peer.minisign_public_key.empty()) continue;
    TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey k,
                            minisign::ParsePublicKey(p.peer.minisign_public_key));
    keys.push_back(k);
  }
  if (keys.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "no peer has a minisign key to check the sender's signature",
                     ErrorDetail::kNoSignerKey);
  }
  return keys;
}

void NameSigner(BundleSummary& s, const VerifiedBundle& vb, const std::vector<StoredPeer>& peers) {
  for (const StoredPeer& p : peers) {
    if (p.peer.minisign_public_key.empty()) continue;
    auto k = minisign::ParsePublicKey(p.peer.minisign_public_key);
    if (k.ok() && bundle::SameMinisignKey(*k, vb.signer)) s.signer_peer = p.peer.name;
  }
}

struct Verified {
  ReadOutcome outcome;
  BundleSummary summary;
};

// The vault's own age identity, as BundleReader takes identities.
Result<std::vector<SecretBytes>> VaultIdentities(Vault::Impl& v) {
  std::vector<SecretBytes> identities;
  TVAULT_ASSIGN_OR_RETURN(SecretBytes box, LoadBoxSecret(v));
  identities.push_back(std::move(box));
  return identities;
}

// Steps 1-7: the bundle read and verified, its custody excerpts checked as
// they stream.
struct CheckedBundle {
  ReadOutcome outcome;
  CustodyTotals custody;
};
Result<CheckedBundle> ReadAndCheckCustody(const fs::path& file,
                                          std::span<const SecretBytes> identities,
                                          std::span<const minisign::PublicKey> signers,
                                          FileDigest digest) {
  CustodyChecker custody;
  MemberFn check = [&](const bundle::BundleMember& m, bundle::BundleReader& r) {
    return custody.OnMember(m, r);
  };
  TVAULT_ASSIGN_OR_RETURN(ReadOutcome outcome,
                          ReadBundle(file, identities, signers, check, digest));
  TVAULT_ASSIGN_OR_RETURN(CustodyTotals totals, custody.Totals(outcome.verified));
  return CheckedBundle{std::move(outcome), totals};
}

Result<Verified> VerifyInVault(Vault::Impl& v, std::span<const SecretBytes> identities,
                               const fs::path& file, std::string_view signer_key) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> peers, ReadPeers(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<minisign::PublicKey> signers,
                          AcceptedSigners(peers, signer_key));
  TVAULT_ASSIGN_OR_RETURN(CheckedBundle checked,
                          ReadAndCheckCustody(file, identities, signers, FileDigest::kCompute));
  ReadOutcome& outcome = checked.outcome;
  BundleSummary summary = Summarize(outcome.verified, checked.custody);
  NameSigner(summary, outcome.verified, peers);
  return Verified{std::move(outcome), std::move(summary)};
}

// The contact file of a witness (written by Export's ContactJson), read
// by the strict reader the manifest goes through. Keys it does not know are
// ignored; a known key of the wrong type, or no name, is malformed.
Result<WitnessDetails> ParseContact(std::span<const uint8_t> bytes, const std::string& witness) {
  namespace dom = simdjson::dom;
  constexpr std::size_t kMaxDepth = 8;  // as for the manifest
  const Error bad = MakeError(ErrorCode::kIntegrity, "contacts of " + witness + " are malformed");
  auto string_of = [](dom::element e, std::string_view& out) {
    return e.get_string().get(out) == simdjson::SUCCESS;
  };
  try {
    JsonReader reader(kMaxDepth);
    JsonRefusal why;
    std::optional<dom::element> root = reader.Parse(bytes, why);
    dom::object j;
    if (!root || root->get_object().get(j) != simdjson::SUCCESS) return bad;
    // Absent is fine; present must be a string.
    auto text = [&](const char* key, PlainString& out) -> bool {
      dom::element e;
      if (j.at_key(key).get(e) != simdjson::SUCCESS) return true;
      std::string_view s;
      if (!string_of(e, s)) return false;
      out = PlainString(s.data(), s.size());
      return true;
    };
    dom::element w;
    std::string_view w_text;
    if (j.at_key("witness").get(w) != simdjson::SUCCESS || !string_of(w, w_text) ||
        w_text != witness) {
      return bad;
    }
    WitnessDetails d;
    if (!text("name", d.name) || !text("phone", d.phone) || !text("email", d.email) ||
        !text("address", d.address) || !text("relatives", d.relatives) ||
        !text("notes", d.notes)) {
      return bad;
    }
    dom::element aliases;
    if (j.at_key("aliases").get(aliases) == simdjson::SUCCESS) {
      dom::array list;
      if (aliases.get_array().get(list) != simdjson::SUCCESS) return bad;
      for (dom::element a : list) {
        std::string_view s;
        if (!string_of(a, s)) return bad;
        d.aliases.emplace_back(s.data(), s.size());
      }
    }
    if (d.name.empty()) return bad;
    return d;  // the reader wipes its copy of the text as it goes
  } catch (const std::exception&) {
    // Only an allocation failure throws here; it may not cross the
    // library boundary.
    return MakeError(ErrorCode::kInternal, "contacts of " + witness + " cannot be parsed (out of memory)");
  }
}

TestimonyMetadata ToMetadata(const bundle::ManifestMetadata& m) {
  return TestimonyMetadata{Plain(m.title),       Plain(m.language),    Plain(m.taken_at),
                           Plain(m.place),       Plain(m.interviewer), Plain(m.interpreter),
                           Plain(m.notes)};
}

Status EnsureImportsTable(Vault::Impl& v) {
  return v.db.Exec(
      "CREATE TABLE IF NOT EXISTS imports(bundle_id TEXT PRIMARY KEY, "
      "imported_at INTEGER NOT NULL, local_ids TEXT NOT NULL) WITHOUT ROWID;");
}

// The import event, logged whether or not anything is stored.
LogEntry ImportLogEntry(const Verified& first) {
  const VerifiedBundle& vb = first.outcome.verified;
  LogEntry entry{audit::Action::kImport, vb.manifest.bundle_id, 0,
                 {minisign::KeyIdText(vb.signer.key_id)}, {}, {}};
  entry.secrets.bundle_sha256 = first.outcome.file_sha256.value();
  return entry;
}

// Whether the bundle was imported before; if so, the local ids it got then
// go to `result`.
Result<bool> FindEarlierImport(Vault::Impl& v, const bundle::BundleManifest& m,
                               ImportResult& result) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT local_ids FROM imports WHERE bundle_id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, m.bundle_id).Step());
  if (!row) return false;
  result.already_imported = true;
  const std::string ids = st.ColumnText(0);
  std::size_t i = 0;
  for (const bundle::ManifestRecord& rec : m.records) {
    const std::size_t end = ids.find(' ', i);
    result.testimonies.emplace_back(rec.id, ids.substr(i, end - i));
    i = end == std::string::npos ? ids.size() : end + 1;
  }
  return true;
}

// Already here: record that it was offered again, store nothing.
Result<ImportResult> LogOfferedAgain(VaultTxn& txn, LogEntry entry, ImportResult result) {
  entry.secrets.detail = PlainString("already imported; nothing stored");
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return result;
}

using WitnessMap = std::map<std::string, std::string>;  // the bundle's id -> local id

// Local witnesses: one per witness pseudonym of the bundle, with the
// contact details it carries, else a placeholder that says so.
Result<WitnessMap> InsertWitnesses(Vault::Impl& v, VaultTxn& txn, const VerifiedBundle& vb,
                                   ImportResult& result) {
  const bundle::BundleManifest& m = vb.manifest;
  WitnessMap witnesses;
  for (const bundle::ManifestRecord& rec : m.records) {
    if (witnesses.count(rec.witness)) continue;
    WitnessDetails d;
    auto contact = vb.small_members.find(bundle::ContactsMemberName(rec.witness));
    if (contact != vb.small_members.end()) {
      TVAULT_ASSIGN_OR_RETURN(d, ParseContact(contact->second, rec.witness));
    } else {
      d.name = Plain("witness " + rec.witness + " of bundle " + m.bundle_id);
      d.notes = Plain("Imported without contact details (the sender kept them).");
    }
    TVAULT_ASSIGN_OR_RETURN(std::string local, InsertWitness(v, txn, d));
    result.new_witnesses.push_back(local);
    witnesses.emplace(rec.witness, std::move(local));
  }
  return witnesses;
}

// Where the second pass puts what it meets.
struct ImportPlan {
  struct Target {
    std::size_t record;
    std::size_t version;
  };
  std::map<std::string, Target> statements;  // member name -> version; erased once stored
  std::map<std::string, const bundle::ManifestEvidence*> evidence;  // member name ->
  std::map<std::string, std::size_t> record_index;  // the bundle's id -> index
  std::vector<std::string> local_ids;               // by record index
  std::vector<std::vector<std::optional<Sha256Bytes>>> commitments;  // [record][version]
};

// Testimony rows first (versions refer to them); the versions follow as the
// second pass meets their statements, in whatever order the archive has.
Result<ImportPlan> InsertTestimonies(TestimonyWriter& writer, const bundle::BundleManifest& m,
                                     const WitnessMap& witnesses, ImportResult& result) {
  ImportPlan plan;
  plan.commitments.resize(m.records.size());
  for (std::size_t r = 0; r < m.records.size(); ++r) {
    const bundle::ManifestRecord& rec = m.records[r];
    TVAULT_ASSIGN_OR_RETURN(std::string local, writer.NewTestimonyId());
    TVAULT_TRY(writer.InsertTestimony(local, witnesses.at(rec.witness)));
    for (std::size_t k = 0; k < rec.versions.size(); ++k) {
      plan.statements.emplace(bundle::StatementMemberName(rec.id, rec.versions[k].version),
                              ImportPlan::Target{r, k});
    }
    plan.commitments[r].resize(rec.versions.size());
    result.testimonies.emplace_back(rec.id, local);
    plan.local_ids.push_back(std::move(local));
    plan.record_index.emplace(rec.id, r);
  }
  for (const bundle::ManifestEvidence& e : m.evidence) {
    plan.evidence.emplace(bundle::EvidenceMemberName(e.id), &e);
  }
  return plan;
}

// Evidence files written by this import: removed unless it committed.
class AddedEvidence {
 public:
  explicit AddedEvidence(Vault::Impl& v) : v_(v) {}
  AddedEvidence(const AddedEvidence&) = delete;
  AddedEvidence& operator=(const AddedEvidence&) = delete;
  ~AddedEvidence() {
    if (committed_) return;
    for (const std::string& id : ids_) (void)DiscardEvidenceFile(v_, id);
  }
  void Add(std::string id) { ids_.push_back(std::move(id)); }
  // The rows are committed: the pending files take their final names.
  void Committed() {
    committed_ = true;
    for (const std::string& id : ids_) PublishEvidenceFile(v_, id);
  }

 private:
  Vault::Impl& v_;
  std::vector<std::string> ids_;
  bool committed_ = false;
};

// Pass 2's work on each member: statements checked against what pass 1
// verified and stored, evidence pulled into new evidence files.
class MemberStore {
 public:
  MemberStore(Vault::Impl& v, VaultTxn& txn, const VerifiedBundle& vb, ImportPlan& plan,
              TestimonyWriter& writer, AddedEvidence& added, ImportResult& result)
      : v_(v), txn_(txn), m_(vb.manifest), signer_text_(minisign::EncodePublicKey(vb.signer)),
        plan_(plan), writer_(writer), added_(added), result_(result) {}

  Status OnMember(const bundle::BundleMember& member, bundle::BundleReader& reader) {
    auto ev = plan_.evidence.find(member.name);
    if (ev != plan_.evidence.end()) return StoreEvidence(*ev->second, reader);
    auto it = plan_.statements.find(member.name);
    if (it == plan_.statements.end()) return OkStatus();  // the reader hashes it and moves on
    TVAULT_TRY(StoreStatement(member, it->second, reader));
    plan_.statements.erase(it);
    return OkStatus();
  }

 private:
  Status StoreEvidence(const bundle::ManifestEvidence& e, bundle::BundleReader& reader) {
    auto found = plan_.record_index.find(e.testimony);
    if (found == plan_.record_index.end()) {
      return MakeError(ErrorCode::kIntegrity, e.id + " belongs to no record of the bundle");
    }
    EvidenceMeta meta{Plain(e.description), Plain(e.media_type),
                      Provenance{m_.bundle_id, signer_text_, e.id}};
    TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info,
                            AddEvidenceInTxn(v_, txn_, plan_.local_ids[found->second],
                                             reader.MemberSource(), meta));
    added_.Add(info.id);
    if (info.size_bytes != e.size_bytes || info.sha256 != e.sha256) {
      return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
    }
    result_.evidence.emplace_back(e.id, info.id);
    return OkStatus();
  }

  Status StoreStatement(const bundle::BundleMember& member, const ImportPlan::Target& target,
                        bundle::BundleReader& reader) {
    const bundle::ManifestRecord& rec = m_.records[target.record];
    const bundle::ManifestVersion& ver = rec.versions[target.version];
    if (member.size_bytes != ver.size_bytes || ver.size_bytes > kMaxStatementBytes) {
      return MakeError(ErrorCode::kIntegrity,
                       member.name + " is not the size the verified manifest states");
    }
    PlainSink sink(ver.size_bytes);
    sink.data.reserve(static_cast<std::size_t>(ver.size_bytes));
    TVAULT_TRY(reader.CopyMemberTo(sink));
    // Checked against what pass 1 verified, so the stored bytes are those.
    if (sink.data.size() != ver.size_bytes || crypto::Sha256(sink.data) != ver.sha256) {
      return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
    }
    Provenance p{m_.bundle_id, signer_text_, rec.id};
    Sha256Bytes commitment;
    FieldSet meta = TestimonyMetaFields(ToMetadata(rec.metadata), ver.sha256, ver.size_bytes,
                                        Plain(ver.reason), &p, commitment);
    TVAULT_TRY(writer_.InsertVersion(plan_.local_ids[target.record],
                                     static_cast<uint32_t>(target.version + 1), meta, sink.data));
    plan_.commitments[target.record][target.version] = commitment;
    return OkStatus();
  }

  Vault::Impl& v_;
  VaultTxn& txn_;
  const bundle::BundleManifest& m_;
  const std::string signer_text_;
  ImportPlan& plan_;
  TestimonyWriter& writer_;
  AddedEvidence& added_;
  ImportResult& result_;
};

// Pass 2: the same identity and signer; what it reads must be what pass 1
// verified, and every statement must have been met.
Status StoreSecondPass(const fs::path& file, std::span<const SecretBytes> identities,
                       const Verified& first, MemberStore& store, const ImportPlan& plan) {
  const VerifiedBundle& vb = first.outcome.verified;
  std::vector<minisign::PublicKey> same_signer{vb.signer};
  MemberFn on_member = [&store](const bundle::BundleMember& m, bundle::BundleReader& r) {
    return store.OnMember(m, r);
  };
  TVAULT_ASSIGN_OR_RETURN(ReadOutcome second, ReadBundle(file, identities, same_signer, on_member,
                                                         FileDigest::kCompute));
  if (!(second.verified.manifest == vb.manifest) ||
      second.file_sha256 != first.outcome.file_sha256 || !plan.statements.empty()) {
    return MakeError(ErrorCode::kIntegrity, "the bundle changed while it was imported");
  }
  return OkStatus();
}

// Local versions are numbered 1..n in the order the sender had them; the
// audit log gets testimony.add / testimony.amend for each, in that order.
Status LogVersions(VaultTxn& txn, TestimonyWriter& writer, const bundle::BundleManifest& m,
                   const ImportPlan& plan, const WitnessMap& witnesses) {
  const std::string ref = "import:" + m.bundle_id;
  for (std::size_t r = 0; r < m.records.size(); ++r) {
    const std::string& local = plan.local_ids[r];
    const uint32_t n = static_cast<uint32_t>(m.records[r].versions.size());
    if (n > 1) TVAULT_TRY(writer.BumpVersionCount(local, n));
    for (uint32_t k = 1; k <= n; ++k) {
      const Sha256Bytes& c = *plan.commitments[r][k - 1];
      if (k == 1) {
        TVAULT_TRY(txn.Log({audit::Action::kTestimonyAdd, local, 1,
                            {witnesses.at(m.records[r].witness), ref}, {c}, {}}));
      } else {
        LogEntry amend{audit::Action::kTestimonyAmend, local, k, {ref}, {c}, {}};
        amend.secrets.reason = Plain(m.records[r].versions[k - 1].reason);
        TVAULT_TRY(txn.Log(std::move(amend)));
      }
    }
  }
  return OkStatus();
}

// The imports row: a bundle offered again stores nothing.
Status RecordImport(Vault::Impl& v, const bundle::BundleManifest& m, const ImportPlan& plan) {
  std::string ids_column;
  for (const std::string& local : plan.local_ids) {
    if (!ids_column.empty()) ids_column += ' ';
    ids_column += local;
  }
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement ins,
      v.db.Prepare("INSERT INTO imports(bundle_id, imported_at, local_ids) VALUES (?, ?, ?)"));
  return ins.Bind(1, m.bundle_id).Bind(2, v.Now()).Bind(3, ids_column).Run();
}

}  // namespace

Result<BundleSummary> Vault::VerifyBundle(const fs::path& file, std::string_view signer_key) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, VaultIdentities(v));
  TVAULT_ASSIGN_OR_RETURN(Verified result, VerifyInVault(v, identities, file, signer_key));
  LogEntry entry{audit::Action::kBundleVerify, result.summary.bundle_id, 0,
                 {minisign::KeyIdText(result.outcome.verified.signer.key_id)}, {}, {}};
  entry.secrets.bundle_sha256 = result.outcome.file_sha256.value();
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return std::move(result.summary);
}

Result<ImportResult> Vault::ImportBundle(const fs::path& file, std::string_view signer_key) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(EnsureImportsTable(v));
  // Pass 1: everything verified, nothing stored.
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, VaultIdentities(v));
  TVAULT_ASSIGN_OR_RETURN(Verified first, VerifyInVault(v, identities, file, signer_key));
  const VerifiedBundle& vb = first.outcome.verified;
  ImportResult result;
  result.bundle = first.summary;
  LogEntry import_entry = ImportLogEntry(first);
  TVAULT_ASSIGN_OR_RETURN(bool again, FindEarlierImport(v, vb.manifest, result));
  if (again) return LogOfferedAgain(txn, std::move(import_entry), std::move(result));
  TVAULT_TRY(txn.Log(std::move(import_entry)));
  TVAULT_ASSIGN_OR_RETURN(WitnessMap witnesses, InsertWitnesses(v, txn, vb, result));
  TVAULT_ASSIGN_OR_RETURN(TestimonyWriter writer, TestimonyWriter::Prepare(v));
  TVAULT_ASSIGN_OR_RETURN(ImportPlan plan, InsertTestimonies(writer, vb.manifest, witnesses, result));
  AddedEvidence added(v);
  MemberStore store(v, txn, vb, plan, writer, added, result);
  // Pass 2: whatever fails rolls back.
  TVAULT_TRY(StoreSecondPass(file, identities, first, store, plan));
  TVAULT_TRY(LogVersions(txn, writer, vb.manifest, plan, witnesses));
  TVAULT_TRY(RecordImport(v, vb.manifest, plan));
  TVAULT_TRY(txn.Commit());
  added.Committed();
  return result;
}

Result<BundleSummary> VerifyBundleWithIdentityFile(const fs::path& file,
                                                   const fs::path& identity_file,
                                                   std::string_view signer_key) {
  if (signer_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "without a vault, the sender's minisign key must be given",
                     ErrorDetail::kSignerKeyRequired);
  }
  TVAULT_ASSIGN_OR_RETURN(std::vector<minisign::PublicKey> signers,
                          AcceptedSigners({}, signer_key));
  TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> raw, ReadSmallFile(identity_file, 1u << 20));
  PlainBytes contents(raw.begin(), raw.end());
  SecureWipe(raw.data(), raw.size());
  auto identities = age::ParseIdentityFile(contents);
  if (!identities.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, identities.error().message,
                     ErrorDetail::kBadIdentityFile);
  }
  // No vault, so no audit log: the file's own SHA-256 is not needed.
  TVAULT_ASSIGN_OR_RETURN(CheckedBundle checked,
                          ReadAndCheckCustody(file, *identities, signers, FileDigest::kSkip));
  return Summarize(checked.outcome.verified, checked.custody);
}

}  // namespace tvault
