// Evidence records (kind 3): add, list, show, get, shred, check
// (docs/format.md sections 4.5 and 6, docs/evidence-format.md).
#include "binding/evidence.h"

#include <sys/stat.h>

#include <cstring>
#include <optional>
#include <set>

#include "audit/event.h"
#include "crypto/random.h"
#include "binding/record_fields.h"
#include "binding/text_intake.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

constexpr std::size_t kCopyBufferBytes = evidence_format::kDefaultChunkBytes;

Error Damaged(std::string_view id, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity,
                   "evidence " + std::string(id) + " " + what, ErrorDetail::kDamaged);
}

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

// A record authenticated from its row, with its key (also the file key).
struct OpenedEvidence {
  EvidenceInfo info;
  SecretBytes key;
  Sha256Bytes commitment{};
};

Result<OpenedEvidence> OpenRow(const Vault::Impl& v, const std::string& id,
                               const std::string& testimony_id, int64_t created_at,
                               std::span<const uint8_t> wrapped, std::span<const uint8_t> meta) {
  namespace t = evidence_tag;
  const RecordAddress addr = v.Address(RecordKind::kEvidence, id, 1);
  OpenedEvidence o;
  auto key = UnwrapRecordKey(v.keys.evidence, addr, wrapped);
  if (!key.ok()) return Damaged(id, "does not authenticate (its key row was altered)");
  o.key = std::move(key).value();
  auto plain = OpenPart(o.key, addr, part::kFields, meta);
  if (!plain.ok()) return Damaged(id, "does not authenticate (its metadata was altered)");
  auto fields = FieldSet::Parse(*plain, t::kAll);
  if (!fields.ok()) return Damaged(id, "has malformed metadata");
  const FieldSet& f = *fields;
  auto sha = f.Get(t::kSha256);
  auto size = f.GetU64(t::kSize);
  auto salt = f.Get(t::kCommitmentSalt);
  if (sha.size() != 32 || !size || salt.size() != 32) {
    return Damaged(id, "metadata lacks its hash, size or commitment salt");
  }
  EvidenceInfo& info = o.info;
  info.id = id;
  info.testimony_id = testimony_id;
  info.added_at_unix_s = created_at;
  info.size_bytes = *size;
  std::memcpy(info.sha256.data(), sha.data(), 32);
  info.description = f.GetText(t::kDescription);
  info.media_type = f.GetText(t::kMediaType);
  info.provenance = Provenance{Str(f.GetText(t::kBundleId)), Str(f.GetText(t::kSigner)),
                               Str(f.GetText(t::kOriginRecord))};
  Sha256Bytes s;
  std::memcpy(s.data(), salt.data(), 32);
  o.commitment = audit::EvidenceCommitment(s, info.sha256);
  return o;
}

Result<OpenedEvidence> LoadOpened(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT testimony_id, created_at, wrapped_key, meta FROM evidence WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, "evidence");
  return OpenRow(v, id, st.ColumnText(0), st.ColumnInt(1), st.ColumnBlob(2), st.ColumnBlob(3));
}

Result<std::string> EvidenceId(std::string_view id_in) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  if (id[0] != 'E') {
    return MakeError(ErrorCode::kInvalidArgument, "'" + id + "' is not an evidence id (E-...)");
  }
  return id;
}

Result<std::string> TestimonyId(std::string_view id_in) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  if (id[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument,
                     "evidence belongs to a testimony: expected a testimony id (T-...), got " + id);
  }
  return id;
}

Status RequireTestimony(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT 1 FROM testimonies WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, "testimony");
  return OkStatus();
}

// The verified plaintext of one file (see OpenEvidencePlaintext). Members
// are declared so that the reader dies before the file it reads.
class VerifiedEvidenceSource final : public ByteSource {
 public:
  VerifiedEvidenceSource(std::string id, const EvidenceInfo& info, SecretBytes key,
                         std::unique_ptr<FileSource> file)
      : id_(std::move(id)), size_(info.size_bytes), sha256_(info.sha256), key_(std::move(key)),
        file_(std::move(file)) {}

  Status Begin() {
    auto reader = EvidenceReader::Begin(key_, id_, *file_);
    if (!reader.ok()) return Wrap(reader.take_error());
    reader_.emplace(std::move(reader).value());
    return OkStatus();
  }

  Result<std::size_t> Read(std::span<uint8_t> out) override {
    if (error_) return *error_;
    if (done_) return std::size_t{0};
    auto n = reader_->Read(out);
    if (!n.ok()) return Fail(Wrap(n.take_error()));
    if (*n > 0) return n;
    // The stream is authentic and complete; is it the one the record names?
    auto summary = reader_->Summary();
    if (!summary.ok()) return Fail(Wrap(summary.take_error()));
    if (summary->plaintext_bytes != size_ || !ConstantTimeEqual(summary->sha256, sha256_)) {
      return Fail(Damaged(id_, "does not match its recorded size and SHA-256"));
    }
    done_ = true;
    return std::size_t{0};
  }

 private:
  Error Wrap(Error e) const {
    if (e.code != ErrorCode::kIntegrity) return e;
    return MakeError(ErrorCode::kIntegrity,
                     "evidence " + id_ + ": " + e.message, ErrorDetail::kDamaged);
  }
  Error Fail(Error e) {
    error_ = e;
    return e;
  }

  std::string id_;
  uint64_t size_;
  Sha256Bytes sha256_;
  SecretBytes key_;
  std::unique_ptr<FileSource> file_;
  std::optional<EvidenceReader> reader_;
  std::optional<Error> error_;
  bool done_ = false;
};

// Counts bytes for a progress callback.
class ProgressSource final : public ByteSource {
 public:
  ProgressSource(ByteSource& in, const EvidenceProgress& progress, uint64_t total)
      : in_(in), progress_(progress), total_(total) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    auto n = in_.Read(out);
    if (n.ok() && progress_) {
      done_ += *n;
      progress_(done_, total_);
    }
    return n;
  }

 private:
  ByteSource& in_;
  const EvidenceProgress& progress_;
  uint64_t total_;
  uint64_t done_ = 0;
};

FieldSet MetaFields(const EvidenceMeta& m, const EvidenceSummary& s, Sha256Bytes& commitment) {
  namespace t = evidence_tag;
  FieldSet f;
  f.SetTextIfAny(t::kDescription, m.description);
  f.SetTextIfAny(t::kMediaType, m.media_type);
  f.Set(t::kSha256, s.sha256);
  f.SetU64(t::kSize, s.plaintext_bytes);
  Sha256Bytes salt;
  crypto::RandomBytes(salt);
  f.Set(t::kCommitmentSalt, salt);
  commitment = audit::EvidenceCommitment(salt, s.sha256);
  if (!m.provenance.bundle_id.empty()) {
    f.SetText(t::kBundleId, PlainString(m.provenance.bundle_id));
    f.SetText(t::kSigner, PlainString(m.provenance.signer));
    f.SetText(t::kOriginRecord, PlainString(m.provenance.origin_record));
  }
  return f;
}

Status LogView(VaultTxn& txn, const std::string& id, const char* how) {
  LogEntry e{audit::Action::kEvidenceView, id, 1, {}, {}, {}};
  e.secrets.detail = PlainString(how);
  return txn.Log(std::move(e));
}

Result<std::set<std::string>> IdSet(Vault::Impl& v, std::string_view sql) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, v.db.Prepare(sql));
  std::set<std::string> ids;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.insert(st.ColumnText(0));
  }
  return ids;
}

}  // namespace

// ------------------------------------------------------------ internal API

Result<EvidenceStore> OpenEvidenceStore(Vault::Impl& v, bool create) {
  return EvidenceStore::Open(v.dir / vault_files::kEvidenceDir, create);
}

Result<std::vector<EvidenceInfo>> ListEvidenceOf(Vault::Impl& v, std::string_view testimony_id) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id, created_at, wrapped_key, meta FROM evidence "
                   "WHERE testimony_id = ? ORDER BY created_at, id"));
  const std::string tid(testimony_id);
  st.Bind(1, tid);
  std::vector<EvidenceInfo> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TVAULT_ASSIGN_OR_RETURN(OpenedEvidence o, OpenRow(v, st.ColumnText(0), tid, st.ColumnInt(1),
                                                      st.ColumnBlob(2), st.ColumnBlob(3)));
    out.push_back(std::move(o.info));
  }
  return out;
}

Result<EvidenceInfo> LoadEvidenceInfo(Vault::Impl& v, std::string_view evidence_id) {
  TVAULT_ASSIGN_OR_RETURN(OpenedEvidence o, LoadOpened(v, std::string(evidence_id)));
  return std::move(o.info);
}

Result<std::unique_ptr<ByteSource>> OpenEvidencePlaintext(Vault::Impl& v,
                                                         std::string_view evidence_id) {
  const std::string id(evidence_id);
  TVAULT_ASSIGN_OR_RETURN(OpenedEvidence o, LoadOpened(v, id));
  auto store = OpenEvidenceStore(v, false);
  if (!store.ok()) {
    if (store.error().code == ErrorCode::kNotFound) return Damaged(id, "has no ciphertext file");
    return store.take_error();
  }
  auto file = store->OpenCiphertext(id);
  if (!file.ok()) {
    if (file.error().code == ErrorCode::kNotFound) return Damaged(id, "has no ciphertext file");
    return file.take_error();
  }
  auto source = std::make_unique<VerifiedEvidenceSource>(
      id, o.info, std::move(o.key), std::make_unique<FileSource>(std::move(file).value()));
  TVAULT_TRY(source->Begin());
  return std::unique_ptr<ByteSource>(std::move(source));
}

Result<EvidenceInfo> AddEvidenceInTxn(Vault::Impl& v, VaultTxn& txn,
                                      std::string_view testimony_in, ByteSource& data,
                                      const EvidenceMeta& meta) {
  TVAULT_ASSIGN_OR_RETURN(std::string testimony_id, TestimonyId(testimony_in));
  if (meta.description.size() > kMaxEvidenceDescriptionBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "the description is longer than 64 KiB",
                     ErrorDetail::kDescriptionTooLong);
  }
  if (meta.media_type.size() > kMaxEvidenceMediaTypeBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "the media type is longer than 255 bytes",
                     ErrorDetail::kMediaTypeTooLong);
  }
  // Imported text (only import sets provenance) is stored exactly as the
  // signed manifest carries it, which may be bytes that are not UTF-8
  // (docs/bundle-format.md, section 3.1).
  if (meta.provenance.bundle_id.empty()) {
    TVAULT_TRY(RequireText("the description", meta.description));
    TVAULT_TRY(RequireText("the media type", meta.media_type));
  }
  TVAULT_TRY(RequireTestimony(v, testimony_id));
  if (v.read_only) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the vault is open read-only; no evidence was added");
  }
  TVAULT_ASSIGN_OR_RETURN(EvidenceStore store, OpenEvidenceStore(v, true));
  // An id free in the database may still name a file kept from a newer
  // database (a restored backup): never reuse it.
  std::string id;
  do {
    TVAULT_ASSIGN_OR_RETURN(id, NewUnusedRecordId(v.db, IdKind::kEvidence));
  } while (store.Holds(id));

  // 1. The ciphertext, durable under its pending name (nothing references it
  //    yet: a crash from here to the commit leaves a pending file without a
  //    row, which the next sweep deletes).
  SecretBytes key = NewEvidenceKey();
  TVAULT_ASSIGN_OR_RETURN(EvidenceSummary summary, store.Stage(key, id, data));

  // 2. The row and its event, in the caller's transaction.
  Sha256Bytes commitment;
  const FieldSet fields = MetaFields(meta, summary, commitment);
  const RecordAddress addr = v.Address(RecordKind::kEvidence, id, 1);
  SealedRecord sealed = SealFields(v, v.keys.evidence, addr, key, fields);
  const int64_t now = v.Now();
  Status inserted = [&]() -> Status {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("INSERT INTO evidence(id, testimony_id, created_at, wrapped_key, meta) "
                     "VALUES (?, ?, ?, ?, ?)"));
    TVAULT_TRY(st.Bind(1, id).Bind(2, testimony_id).Bind(3, now)
                   .BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Run());
    // Imported evidence also names its bundle, like imported versions
    // (docs/audit-format.md, section 3).
    std::vector<std::string> refs{testimony_id};
    if (!meta.provenance.bundle_id.empty()) refs.push_back("import:" + meta.provenance.bundle_id);
    return txn.Log({audit::Action::kEvidenceAdd, id, 1, std::move(refs), {commitment}, {}});
  }();
  if (!inserted.ok()) {
    (void)store.Remove(id);
    return inserted.error();
  }
  EvidenceInfo info;
  info.id = id;
  info.testimony_id = testimony_id;
  info.added_at_unix_s = now;
  info.size_bytes = summary.plaintext_bytes;
  info.sha256 = summary.sha256;
  info.description = meta.description;
  info.media_type = meta.media_type;
  info.provenance = meta.provenance;
  return info;
}

Status DiscardEvidenceFile(Vault::Impl& v, std::string_view evidence_id) {
  auto store = OpenEvidenceStore(v, false);
  if (!store.ok()) {
    return store.error().code == ErrorCode::kNotFound ? OkStatus() : Status(store.take_error());
  }
  Status removed = store->Remove(evidence_id);
  if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) return removed;
  return OkStatus();
}

void PublishEvidenceFile(Vault::Impl& v, std::string_view evidence_id) {
  auto store = OpenEvidenceStore(v, false);
  if (store.ok()) (void)store->Publish(evidence_id);
}

Result<EvidenceStore::Sweep> SweepEvidenceOrphans(Vault::Impl& v, bool apply) {
  auto store = OpenEvidenceStore(v, false);
  if (!store.ok()) {
    if (store.error().code == ErrorCode::kNotFound) return EvidenceStore::Sweep{};
    return store.take_error();
  }
  // The complete sets, from the database that just opened.
  TVAULT_ASSIGN_OR_RETURN(std::set<std::string> referenced, IdSet(v, "SELECT id FROM evidence"));
  TVAULT_ASSIGN_OR_RETURN(
      std::set<std::string> shredded,
      IdSet(v, "SELECT id FROM tombstones WHERE kind = " +
                   std::to_string(static_cast<int>(RecordKind::kEvidence))));
  return store->SweepDirectory(referenced, shredded, apply);
}

Status ShredEvidenceRow(Vault::Impl& v, const EvidenceInfo& e, const PlainString& reason) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement del,
                          v.db.Prepare("DELETE FROM evidence WHERE id = ?"));
  TVAULT_TRY(del.Bind(1, e.id).Run());
  // What survives: when, why, the SHA-256 (as for a testimony version) and
  // which testimony it belonged to. Never the description or media type.
  PlainBytes hashes;
  BasicByteWriter<PlainBytes> w(hashes);
  w.U16(1);
  w.U32(4 + 32);
  w.U32(1);
  w.Raw(e.sha256);
  FieldSet f;
  f.SetText(tombstone_tag::kReason, reason);
  f.SetU64(tombstone_tag::kKind, static_cast<uint8_t>(RecordKind::kEvidence));
  f.Set(tombstone_tag::kVersionHashes, hashes);
  f.SetText(tombstone_tag::kTestimony, PlainString(e.testimony_id));
  const RecordAddress addr = v.Address(RecordKind::kTombstone, e.id, 0);
  SecretBytes key = NewRecordKey();
  SealedRecord sealed = SealFields(v, v.keys.evidence, addr, key, f);
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement tomb,
      v.db.Prepare("INSERT INTO tombstones(id, kind, shredded_at, wrapped_key, sealed) "
                   "VALUES (?, ?, ?, ?, ?)"));
  return tomb.Bind(1, e.id).Bind(2, int64_t{static_cast<uint8_t>(RecordKind::kEvidence)})
      .Bind(3, v.Now()).BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Run();
}

Result<std::vector<std::string>> ShredEvidenceOf(Vault::Impl& v, const std::string& testimony_id,
                                                 const PlainString& reason) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<EvidenceInfo> all, ListEvidenceOf(v, testimony_id));
  std::vector<std::string> ids;
  for (const EvidenceInfo& e : all) {
    TVAULT_TRY(ShredEvidenceRow(v, e, reason));
    ids.push_back(e.id);
  }
  return ids;
}

Result<std::vector<std::pair<std::string, Sha256Bytes>>> EvidenceCommitments(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id, testimony_id, created_at, wrapped_key, meta FROM evidence"));
  std::vector<std::pair<std::string, Sha256Bytes>> out;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TVAULT_ASSIGN_OR_RETURN(OpenedEvidence o,
                            OpenRow(v, st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2),
                                    st.ColumnBlob(3), st.ColumnBlob(4)));
    out.emplace_back(o.info.id, o.commitment);
  }
  return out;
}

Status CheckEvidence(Vault::Impl& v, const std::function<void()>& after_each_file) {
  TVAULT_ASSIGN_OR_RETURN(
      std::optional<int64_t> stray,
      v.db.QueryInt("SELECT count(*) FROM evidence e LEFT JOIN testimonies t "
                    "ON t.id = e.testimony_id WHERE t.id IS NULL"));
  if (stray.value_or(0) != 0) {
    return MakeError(ErrorCode::kIntegrity,
                     "the database holds evidence that belongs to no testimony");
  }
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id FROM evidence ORDER BY id"));
  std::vector<std::string> ids;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.push_back(st.ColumnText(0));
  }
  // Every file read whole: the only way to know a chunk in the middle is
  // intact. Bounded memory, one buffer.
  PlainBytes buffer(kCopyBufferBytes);
  for (const std::string& id : ids) {
    TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, OpenEvidencePlaintext(v, id));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(std::size_t n, src->Read(buffer));
      if (n == 0) break;
    }
    if (after_each_file) after_each_file();
  }
  return OkStatus();
}

// ------------------------------------------------------------- Vault API

Result<EvidenceInfo> Vault::AddEvidence(std::string_view testimony_id,
                                        const std::filesystem::path& file,
                                        const EvidenceMeta& meta,
                                        const EvidenceProgress& progress) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string tid, TestimonyId(testimony_id));
  if (!meta.provenance.bundle_id.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "evidence provenance is set only by a bundle import");
  }
  // Open the input first: a typo in the path fails before anything starts.
  TVAULT_ASSIGN_OR_RETURN(FileSource in, FileSource::Open(file));
  uint64_t total = 0;
  struct stat st{};
  if (file != "-" && ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    total = static_cast<uint64_t>(st.st_size);
  }
  ProgressSource counted(in, progress, total);
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info, AddEvidenceInTxn(v, txn, tid, counted, meta));
  Status committed = txn.Commit();
  if (!committed.ok()) {
    (void)DiscardEvidenceFile(v, info.id);
    return committed.error();
  }
  PublishEvidenceFile(v, info.id);
  return info;
}

Result<std::vector<EvidenceInfo>> Vault::ListEvidence(std::string_view testimony_id) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string tid, TestimonyId(testimony_id));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_TRY(RequireTestimony(v, tid));
  TVAULT_ASSIGN_OR_RETURN(std::vector<EvidenceInfo> out, ListEvidenceOf(v, tid));
  for (const EvidenceInfo& e : out) TVAULT_TRY(LogView(txn, e.id, "list"));
  TVAULT_TRY(txn.Commit());
  return out;
}

Result<EvidenceInfo> Vault::ShowEvidence(std::string_view evidence_id) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, EvidenceId(evidence_id));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info, LoadEvidenceInfo(v, id));
  TVAULT_TRY(LogView(txn, id, "show"));
  TVAULT_TRY(txn.Commit());
  return info;
}

Result<EvidenceInfo> Vault::GetEvidence(std::string_view evidence_id,
                                        const std::filesystem::path& out,
                                        const EvidenceProgress& progress) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(std::string id, EvidenceId(evidence_id));
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(EvidenceInfo info, LoadEvidenceInfo(v, id));
  TVAULT_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, OpenEvidencePlaintext(v, id));
  TVAULT_ASSIGN_OR_RETURN(AtomicFileSink sink,
                          AtomicFileSink::Create(out, false,
                                                 AtomicFileSink::Temporary::kUnnamedWherePossible));
  PlainBytes buffer(kCopyBufferBytes);
  uint64_t done = 0;
  for (;;) {
    // On an error here `sink` is destroyed uncommitted: its temporary goes.
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, src->Read(buffer));
    if (n == 0) break;
    TVAULT_TRY(sink.Write(std::span<const uint8_t>(buffer.data(), n)));
    done += n;
    if (progress) progress(done, info.size_bytes);
  }
  // Everything verified. The view is logged before the file appears: an
  // access that the log does not show must not be possible.
  TVAULT_TRY(LogView(txn, id, "get"));
  TVAULT_TRY(txn.Commit());
  TVAULT_TRY(sink.Commit());
  return info;
}

}  // namespace tvault
