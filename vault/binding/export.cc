// Vault::Export: records -> signed, sealed bundle (docs/bundle-format.md).
//
// Memory stays bounded: statements stream from SQLite through incremental
// decryption into the tar writer and the age encryptor; only the manifest,
// custody excerpts and contact files (small, capped) are held whole. The
// bundle is written under a temporary name and appears only when complete
// and logged; on any failure the temporary is removed (it holds only
// age-encrypted bytes anyway).
#include <future>
#include <utility>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <unordered_set>

#include "binding/custody.h"
#include "binding/journal.h"
#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "crypto/encoding.h"
#include "binding/evidence.h"
#include "identity/custodian_keys.h"
#include "identity/fingerprint.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(ByteSink& inner) : inner_(inner) {}
  Status Write(std::span<const uint8_t> bytes) override {
    sha_.Update(bytes);
    return inner_.Write(bytes);
  }
  Sha256Bytes Finish() { return sha_.Finish(); }

 private:
  ByteSink& inner_;
  crypto::Sha256Hasher sha_;
};

struct Recipient {
  PlainString name;
  age::X25519Public key{};
  Fingerprint fingerprint{};
};

Result<std::vector<Recipient>> ResolveRecipients(Vault::Impl& v,
                                                 const std::vector<PlainString>& names) {
  if (names.empty()) return MakeError(ErrorCode::kInvalidArgument, "export needs at least one --to");
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> peers, ReadPeers(v));
  std::vector<Recipient> out;
  for (const PlainString& name : names) {
    const StoredPeer* found = nullptr;
    for (const StoredPeer& p : peers)
      if (p.peer.name == name) found = &p;
    if (found == nullptr) {
      return MakeError(ErrorCode::kNotFound,
                       "--to names no known peer; add them with `tvault peer add` first");
    }
    if (found->peer.age_recipient.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "a --to peer has no age recipient; add one with `tvault peer add`");
    }
    Recipient r;
    r.name = name;
    TVAULT_ASSIGN_OR_RETURN(r.key, age::ParseRecipient(found->peer.age_recipient));
    r.fingerprint = RecipientFingerprint(r.key);
    for (const Recipient& seen : out)
      if (seen.fingerprint == r.fingerprint) {
        return MakeError(ErrorCode::kInvalidArgument, "the same recipient is named twice");
      }
    out.push_back(std::move(r));
  }
  return out;
}

// The records to export, in bundle order. --all reads every head in one
// scan (a lookup per record was a tenth of a 10,000-record export).
Result<std::vector<TestimonyHead>> ResolveRecords(Vault::Impl& v, const ExportRequest& req) {
  std::vector<TestimonyHead> heads;
  if (req.all) {
    if (!req.testimonies.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "--all and --testimony exclude each other");
    }
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT id, witness_id, created_at, versions FROM testimonies "
                     "ORDER BY created_at, id"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      TVAULT_ASSIGN_OR_RETURN(TestimonyHead head,
                              TestimonyHeadOf(st.ColumnText(0), st.ColumnText(1),
                                              st.ColumnInt(2), st.ColumnInt(3)));
      heads.push_back(std::move(head));
    }
    if (heads.empty()) {
      return MakeError(ErrorCode::kNotFound, "the vault holds no testimony to export");
    }
    return heads;
  }
  if (req.testimonies.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name records with --testimony ID or --all");
  }
  std::set<std::string> seen;
  for (const std::string& raw : req.testimonies) {
    TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(raw));
    if (id[0] != 'T') return MakeError(ErrorCode::kInvalidArgument, "--testimony takes T- ids");
    if (!seen.insert(id).second) continue;
    TVAULT_ASSIGN_OR_RETURN(TestimonyHead head, LoadTestimonyHead(v, id));
    heads.push_back(std::move(head));
  }
  return heads;
}

// The testimonies that have evidence: ListEvidenceOf runs for those only.
Result<std::unordered_set<std::string>> TestimoniesWithEvidence(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT DISTINCT testimony_id FROM evidence"));
  std::unordered_set<std::string> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.insert(st.ColumnText(0));
  }
  return out;
}

std::string ContactJson(const std::string& witness_id, const WitnessDetails& d) {
  nlohmann::ordered_json aliases = nlohmann::ordered_json::array();
  for (const PlainString& a : d.aliases) aliases.push_back(Str(a));
  nlohmann::ordered_json j{{"witness", witness_id},   {"name", Str(d.name)},
                           {"aliases", aliases},      {"phone", Str(d.phone)},
                           {"email", Str(d.email)},   {"address", Str(d.address)},
                           {"relatives", Str(d.relatives)}, {"notes", Str(d.notes)}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// An export reads each page once, in a stream: SQLite's page cache (32 MiB
// for the vault's other work) only grows the process and costs a page
// fault per new slot. Export runs with a 2 MiB cache and puts the old size
// back when it ends. (10,000 x 2 KiB: peak RSS 97 -> 78 MiB, median wall
// 0.67 -> 0.64 s over 8 interleaved runs.)
class SmallPageCache {
 public:
  static Result<SmallPageCache> Enter(storage::Database& db) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> old, db.QueryInt("PRAGMA cache_size"));
    if (!old) return MakeError(ErrorCode::kInternal, "PRAGMA cache_size returned nothing");
    TVAULT_TRY(db.Exec("PRAGMA cache_size = -2048"));
    return SmallPageCache(db, *old);
  }
  SmallPageCache(SmallPageCache&& o) noexcept : db_(std::exchange(o.db_, nullptr)), old_(o.old_) {}
  SmallPageCache(const SmallPageCache&) = delete;
  ~SmallPageCache() {
    if (db_ != nullptr) (void)db_->Exec("PRAGMA cache_size = " + std::to_string(old_));
  }

 private:
  SmallPageCache(storage::Database& db, int64_t old) : db_(&db), old_(old) {}
  storage::Database* db_;
  int64_t old_;
};

// What the writing pass needs. Record keys are not kept between the passes
// (every key of the export would sit in memory at once); the wrapped keys
// (ciphertext) and body rows are, so the second pass runs no query.
struct ExportedRecord {
  std::string id;
  std::vector<StatementReader::Known> versions;
  std::size_t evidence_begin = 0, evidence_end = 0;      // its range of manifest.evidence
  CustodyReport custody;  // what the first pass read for the custody excerpt (no keys)
};

}  // namespace

Result<ExportResult> Vault::Export(const ExportRequest& req) {
  Impl& v = *impl_;
  if (req.reason.empty()) return MakeError(ErrorCode::kInvalidArgument, "export needs a --reason");
  if (req.out.empty()) return MakeError(ErrorCode::kInvalidArgument, "export needs --out FILE");
  TVAULT_ASSIGN_OR_RETURN(AtomicFileSink file, AtomicFileSink::Create(req.out, false));
  TVAULT_ASSIGN_OR_RETURN(SmallPageCache small_cache, SmallPageCache::Enter(v.db));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<Recipient> recipients, ResolveRecipients(v, req.to));
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonyHead> heads, ResolveRecords(v, req));
  TVAULT_ASSIGN_OR_RETURN(std::unordered_set<std::string> with_evidence,
                          TestimoniesWithEvidence(v));
  TVAULT_ASSIGN_OR_RETURN(CustodianPublic me, LoadCustodianPublic(v));
  if (v.signing_key.empty()) {
    TVAULT_ASSIGN_OR_RETURN(v.signing_key, LoadSigningSecret(v));
  }
  const minisign::PublicKey my_key = MinisignKeyFor(me.sign_public);
  const int64_t now = v.Now();

  bundle::BundleManifest m;
  m.bundle_id = NewRecordId(IdKind::kBundle);
  m.created_at_unix_s = now;
  m.reason = Str(req.reason);
  m.exporter = bundle::ManifestExporter{Str(me.name), v.fingerprint, my_key, me.box_public};
  for (const Recipient& r : recipients) {
    m.recipients.push_back(bundle::ManifestRecipient{Str(r.name), r.fingerprint, r.key});
  }
  m.with_contacts = req.with_contacts;

  // Every version of every record, authenticated before anything is written.
  std::vector<ExportedRecord> records;
  records.reserve(heads.size());
  m.records.reserve(heads.size());
  std::set<std::string> witnesses;
  std::size_t version_count = 0;
  for (const TestimonyHead& head : heads) {
    const std::string& id = head.id;
    ExportedRecord rec;
    rec.id = id;
    rec.custody.id = id;
    rec.custody.witness_id = head.witness_id;
    bundle::ManifestRecord mr;
    mr.id = id;
    mr.witness = head.witness_id;
    for (uint32_t n = 1; n <= head.versions; ++n) {
      TVAULT_ASSIGN_OR_RETURN(OpenedVersion o, OpenTestimonyVersion(v, id, n));
      mr.versions.push_back(bundle::ManifestVersion{n, o.info.size_bytes, o.info.sha256,
                                                    o.info.created_at_unix_s, Str(o.info.reason)});
      if (n == head.versions) {
        TestimonyMetadata md = MetadataFromFields(o.meta);
        mr.metadata = bundle::ManifestMetadata{Str(md.title), Str(md.language), Str(md.taken_at),
                                               Str(md.place), Str(md.interviewer),
                                               Str(md.interpreter), Str(md.notes)};
      }
      rec.custody.versions.push_back(CustodyVersionOf(n, o));
      if (n == 1) {
        Provenance p = ProvenanceFromFields(o.meta);
        rec.custody.provenance = p;
        if (!p.bundle_id.empty()) {
          TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey signer, minisign::ParsePublicKey(p.signer));
          mr.provenance = bundle::ManifestProvenance{p.bundle_id, signer, p.origin_record};
        }
      }
      rec.versions.push_back(StatementReader::Known::Of(o));
      ++version_count;
    }
    // Evidence files travel with their testimony (section 2: evidence/<E-id>).
    std::vector<EvidenceInfo> evidence;
    if (with_evidence.count(id) != 0) {
      TVAULT_ASSIGN_OR_RETURN(evidence, ListEvidenceOf(v, id));
    }
    rec.evidence_begin = m.evidence.size();
    rec.evidence_end = rec.evidence_begin + evidence.size();
    for (const EvidenceInfo& e : evidence) {
      m.evidence.push_back(bundle::ManifestEvidence{e.id, id, e.size_bytes, e.sha256,
                                                    Str(e.media_type), Str(e.description)});
    }
    witnesses.insert(head.witness_id);
    m.records.push_back(std::move(mr));
    records.push_back(std::move(rec));
  }
  if (req.with_contacts) {
    for (const std::string& w : witnesses) m.contacts.push_back(bundle::ManifestContact{w});
  }

  // Custody excerpts: one pass over the log and one anchor checkpoint for all.
  std::unordered_set<std::string> id_set;
  for (const TestimonyHead& head : heads) id_set.insert(head.id);
  TVAULT_ASSIGN_OR_RETURN(LogSnapshot snap, SnapshotLog(v, id_set, CustodyScope::kVersionsOnly));

  HashingSink hashing(file);
  std::vector<age::X25519Public> keys;
  for (const Recipient& r : recipients) keys.push_back(r.key);
  TVAULT_ASSIGN_OR_RETURN(bundle::BundleWriter writer, bundle::BundleWriter::Begin(keys, hashing, now));
  TVAULT_TRY(writer.AddManifest(m));
  // The writer keeps its own copy; the records are the bulk of it, and
  // nothing below needs them.
  std::vector<bundle::ManifestRecord>().swap(m.records);
  TVAULT_ASSIGN_OR_RETURN(std::string how,
                          bundle::RenderHowToVerify(bundle::HowToVerifyInputs{
                              m.bundle_id, my_key, req.out.filename().string(), "key.txt"}));
  TVAULT_TRY(writer.AddMember("HOW_TO_VERIFY.txt", AsSpan(how)));
  // One blob handle moves from statement to statement (a reopen compiles no
  // statement; an open compiles one per version). It holds a read lock, so
  // it is closed as soon as the statements are written.
  std::optional<storage::BlobReader> blob;
  // Custody excerpts need the log snapshot, not the database: they are
  // built on a second thread, one batch of records ahead of the statements
  // (bounded memory: two batches of excerpts at most).
  constexpr std::size_t kCustodyBatch = 256;
  const Vault::Impl& read_only_v = v;
  auto build_custody = [&read_only_v, &snap, &records](std::size_t begin, std::size_t end)
      -> Result<std::vector<PlainString>> {
    std::vector<PlainString> out;
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      TVAULT_ASSIGN_OR_RETURN(CustodyReport custody,
                              CustodyOfLoaded(read_only_v, snap, std::move(records[i].custody),
                                              CustodyScope::kVersionsOnly));
      out.push_back(CustodyReportJson(custody));
    }
    return out;
  };
  auto start_batch = [&](std::size_t begin) {
    const std::size_t end = std::min(records.size(), begin + kCustodyBatch);
    return std::async(std::launch::async | std::launch::deferred, build_custody, begin, end);
  };
  std::future<Result<std::vector<PlainString>>> next_batch = start_batch(0);
  std::vector<PlainString> batch;
  for (std::size_t index = 0; index < records.size(); ++index) {
    ExportedRecord& rec = records[index];
    if (index % kCustodyBatch == 0) {
      TVAULT_ASSIGN_OR_RETURN(batch, next_batch.get());
      if (index + kCustodyBatch < records.size()) next_batch = start_batch(index + kCustodyBatch);
    }
    for (const StatementReader::Known& ver : rec.versions) {
      // The metadata was authenticated by the first pass, inside this
      // transaction; only the key is unwrapped again. The writer hashes
      // every byte it writes and refuses a statement whose hash is not
      // its intake SHA-256, so the reader does not hash them a second time.
      TVAULT_ASSIGN_OR_RETURN(
          std::unique_ptr<StatementReader> reader,
          StatementReader::OpenKnown(v, rec.id, ver, StatementReader::Sha256Check::kByCaller,
                                     std::exchange(blob, std::nullopt)));
      TVAULT_TRY(writer.AddMember(bundle::StatementMemberName(rec.id, ver.version),
                                  ver.size_bytes, *reader, ver.sha256));
      blob = reader->TakeBlob();
    }
    PlainString& json = batch[index % kCustodyBatch];
    TVAULT_TRY(writer.AddMember(bundle::CustodyMemberName(rec.id), AsBytes(json)));
    PlainString().swap(json);  // wiped now, not with the batch
    for (std::size_t i = rec.evidence_begin; i < rec.evidence_end; ++i) {
      const bundle::ManifestEvidence& e = m.evidence[i];
      // Verified as it streams; a tampered file fails the export at its end.
      TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, OpenEvidencePlaintext(v, e.id));
      TVAULT_TRY(writer.AddMember(bundle::EvidenceMemberName(e.id), e.size_bytes, *source));
    }
  }
  blob.reset();
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement witness_row,
      v.db.Prepare("SELECT version, wrapped_key, contact FROM witnesses WHERE id = ?"));
  for (const bundle::ManifestContact& c : m.contacts) {
    witness_row.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool row, witness_row.Bind(1, c.witness).Step());
    if (!row) return MakeError(ErrorCode::kIntegrity, "witness " + c.witness + " is missing");
    TVAULT_ASSIGN_OR_RETURN(
        WitnessDetails d,
        OpenWitnessRow(v, c.witness, static_cast<uint32_t>(witness_row.ColumnInt(0)),
                       witness_row.ColumnBlob(1), witness_row.ColumnBlob(2)));
    std::string json = ContactJson(c.witness, d);
    Status added = writer.AddMember(bundle::ContactsMemberName(c.witness), AsSpan(json));
    SecureWipe(json.data(), json.size());
    TVAULT_TRY(added);
  }
  bundle::TrustedComment comment;
  comment.bundle_id = m.bundle_id;
  comment.created_at_unix_s = now;
  for (const Recipient& r : recipients) comment.recipients.push_back(r.fingerprint);
  TVAULT_TRY(writer.Finish(v.signing_key, my_key.key_id, comment));
  // The bundle is complete: its fsync (tens of milliseconds for a large
  // one) runs beside the logging and the database commit below. The file
  // still appears only after both.
  std::future<Status> synced;
  try {
    synced = std::async(std::launch::async, [&file] { return file.Sync(); });
  } catch (const std::system_error&) {
    // no thread: Commit syncs in line
  }

  ExportResult result;
  result.bundle_id = m.bundle_id;
  result.bundle_sha256 = hashing.Finish();
  result.records = records.size();
  result.versions = version_count;
  result.contacts = m.contacts.size();
  result.evidence = m.evidence.size();
  LogEntry entry{audit::Action::kExport, m.bundle_id, 0, {}, {result.bundle_sha256}, {}};
  for (const Recipient& r : recipients) {
    result.recipient_fingerprints.push_back(FormatFingerprint(r.fingerprint));
    entry.refs.push_back(FormatFingerprint(r.fingerprint));
    entry.secrets.recipient_names.push_back(r.name);
  }
  for (const ExportedRecord& rec : records)
    for (const StatementReader::Known& ver : rec.versions)
      entry.refs.push_back(rec.id + "@" + std::to_string(ver.version));
  for (const bundle::ManifestEvidence& e : m.evidence) entry.refs.push_back(e.id);
  for (const bundle::ManifestContact& c : m.contacts) entry.refs.push_back("contacts:" + c.witness);
  entry.secrets.reason = req.reason;
  entry.secrets.bundle_sha256 = result.bundle_sha256;
  TVAULT_TRY(txn.Log(std::move(entry)));
  // Logged first, then the file appears: an export that fails at the last
  // step is logged without a file, never the other way round.
  TVAULT_TRY(txn.Commit());
  if (synced.valid()) TVAULT_TRY(synced.get());
  TVAULT_TRY(file.Commit());
  return result;
}

}  // namespace tvault
