#include "binding/testimony_rows.h"

#include <atomic>
#include <cstring>

#include "audit/event.h"
#include "redaction/commitment.h"
#include "crypto/aead_stream.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "util/byte_io.h"

namespace tvault {
namespace {

Error VersionDamaged(const std::string& id, uint32_t version, const char* what) {
  return MakeError(ErrorCode::kIntegrity,
                   "testimony " + id + " version " + std::to_string(version) + " " + what,
                   ErrorDetail::kDamaged);
}

}  // namespace

Result<TestimonyWriter> TestimonyWriter::Prepare(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement t,
      v.db.Prepare("INSERT INTO testimonies(id, witness_id, created_at, versions) "
                   "VALUES (?, ?, ?, 1)"));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement ver,
      v.db.Prepare("INSERT INTO testimony_versions(testimony_id, version, created_at, "
                   "wrapped_key, meta, body_id) VALUES (?, ?, ?, ?, ?, ?)"));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement body,
                          v.db.Prepare("INSERT INTO testimony_bodies(body) VALUES (?)"));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement bump,
                          v.db.Prepare("UPDATE testimonies SET versions = ? WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(storage::Statement id_in_use, PrepareIdInUse(v.db, IdKind::kTestimony));
  return TestimonyWriter(v, std::move(t), std::move(ver), std::move(body), std::move(bump),
                         std::move(id_in_use));
}

Result<std::string> TestimonyWriter::NewTestimonyId() {
  return NewUnusedRecordId(id_in_use_, IdKind::kTestimony);
}

Status TestimonyWriter::InsertTestimony(const std::string& id, const std::string& witness_id) {
  testimony_.Reset();
  return testimony_.Bind(1, id).Bind(2, witness_id).Bind(3, v_->Now()).Run();
}

Status TestimonyWriter::InsertVersion(const std::string& id, uint32_t version,
                                      const FieldSet& meta, std::span<const uint8_t> statement) {
  const RecordAddress addr = v_->Address(RecordKind::kTestimony, id, version);
  RefreshRecordKey(record_key_);
  SealedRecord sealed = SealFields(*v_, v_->keys.testimony, addr, record_key_, meta);
  std::vector<uint8_t> body = SealPart(record_key_, addr, part::kStatement, statement);
  TVAULT_ASSIGN_OR_RETURN(const int64_t body_id, InsertBody(body));
  version_.Reset();
  return version_.Bind(1, id).Bind(2, int64_t{version}).Bind(3, v_->Now())
      .BindBlob(4, sealed.wrapped_key).BindBlob(5, sealed.fields).Bind(6, body_id).Run();
}

Result<int64_t> TestimonyWriter::InsertBody(std::span<const uint8_t> body) {
  body_.Reset();
  if (body.size() < kBodyWrittenInPlaceBytes) {
    TVAULT_TRY(body_.BindBlob(1, body).Run());
    return v_->db.LastInsertRowId();
  }
  // Bound whole, SQLite would first build the row in memory: a third copy of
  // a large statement. A zeroblob row filled in place is written page by
  // page, through a small cache that spills them as it goes.
  TVAULT_ASSIGN_OR_RETURN(storage::SmallPageCache small_cache,
                          storage::SmallPageCache::Enter(v_->db));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement zeroed,
      v_->db.Prepare("INSERT INTO testimony_bodies(body) VALUES (zeroblob(?))"));
  TVAULT_TRY(zeroed.Bind(1, static_cast<int64_t>(body.size())).Run());
  const int64_t body_id = v_->db.LastInsertRowId();
  TVAULT_ASSIGN_OR_RETURN(storage::BlobWriter blob,
                          storage::BlobWriter::Open(v_->db, "testimony_bodies", "body", body_id));
  TVAULT_TRY(blob.Write(0, body));
  return body_id;
}

Status TestimonyWriter::BumpVersionCount(const std::string& id, uint32_t versions) {
  bump_.Reset();
  return bump_.Bind(1, int64_t{versions}).Bind(2, id).Run();
}

FieldSet TestimonyMetaFields(const TestimonyMetadata& m, const Sha256Bytes& sha256,
                             uint64_t size, const PlainString& reason,
                             const Provenance* provenance, Sha256Bytes& commitment) {
  namespace t = testimony_tag;
  FieldSet f;
  Sha256Bytes salt;
  crypto::RandomBytes(salt);
  f.Set(t::kCommitmentSalt, salt);
  commitment = audit::StatementCommitment(salt, sha256);
  f.SetTextIfAny(t::kTitle, m.title);
  f.SetTextIfAny(t::kLanguage, m.language);
  f.SetTextIfAny(t::kTakenAt, m.taken_at);
  f.SetTextIfAny(t::kPlace, m.place);
  f.SetTextIfAny(t::kInterviewer, m.interviewer);
  f.SetTextIfAny(t::kInterpreter, m.interpreter);
  f.SetTextIfAny(t::kNotes, m.notes);
  f.SetTextIfAny(t::kFileName, m.file_name);
  f.Set(t::kSha256, sha256);
  f.SetU64(t::kSize, size);
  f.SetText(t::kReason, reason);
  if (provenance != nullptr && !provenance->bundle_id.empty()) {
    f.SetText(t::kBundleId, PlainString(provenance->bundle_id));
    f.SetText(t::kSigner, PlainString(provenance->signer));
    f.SetText(t::kOriginRecord, PlainString(provenance->origin_record));
  }
  return f;
}

namespace {
std::atomic<bool> omit_redaction_commitment{false};
}  // namespace

void OmitRedactionCommitmentForTestsOnly(bool omit) { omit_redaction_commitment = omit; }

std::optional<Sha256Bytes> AddRedactionCommitment(FieldSet& meta,
                                                  std::span<const uint8_t> statement) {
  if (omit_redaction_commitment) return std::nullopt;
  const SecretBytes secret = redaction::NewRedactionSecret();
  Result<Sha256Bytes> commitment = redaction::Commit(
      {reinterpret_cast<const char*>(statement.data()), statement.size()}, secret);
  if (!commitment.ok()) return std::nullopt;
  meta.Set(testimony_tag::kRedactionSecret, secret.reveal());
  return *commitment;
}

std::vector<Sha256Bytes> VersionDigests(const Sha256Bytes& commitment,
                                        const std::optional<Sha256Bytes>& redaction) {
  std::vector<Sha256Bytes> out{commitment};
  if (redaction) out.push_back(*redaction);
  return out;
}

TestimonyMetadata MetadataFromFields(const FieldSet& f) {
  namespace t = testimony_tag;
  return TestimonyMetadata{f.GetText(t::kTitle),       f.GetText(t::kLanguage),
                           f.GetText(t::kTakenAt),     f.GetText(t::kPlace),
                           f.GetText(t::kInterviewer), f.GetText(t::kInterpreter),
                           f.GetText(t::kNotes),       f.GetText(t::kFileName)};
}

Provenance ProvenanceFromFields(const FieldSet& f) {
  namespace t = testimony_tag;
  auto text = [&](uint16_t tag) {
    PlainString s = f.GetText(tag);
    return std::string(s.data(), s.size());
  };
  return Provenance{text(t::kBundleId), text(t::kSigner), text(t::kOriginRecord)};
}

Result<TestimonyVersionInfo> VersionInfoFromFields(const FieldSet& f, uint32_t version,
                                                   int64_t created_at) {
  TestimonyVersionInfo info;
  info.version = version;
  info.created_at_unix_s = created_at;
  auto sha = f.Get(testimony_tag::kSha256);
  auto size = f.GetU64(testimony_tag::kSize);
  if (sha.size() != info.sha256.size() || !size) {
    return MakeError(ErrorCode::kIntegrity, "testimony metadata lacks its hash or size");
  }
  std::memcpy(info.sha256.data(), sha.data(), sha.size());
  info.size_bytes = *size;
  info.reason = f.GetText(testimony_tag::kReason);
  return info;
}

Result<TestimonyHead> TestimonyHeadOf(std::string id, std::string witness_id, int64_t created_at,
                                      int64_t versions) {
  if (versions < 1 || versions > INT32_MAX) {
    return MakeError(ErrorCode::kIntegrity, "testimony " + id + " has an invalid version count");
  }
  return TestimonyHead{std::move(id), std::move(witness_id), created_at,
                       static_cast<uint32_t>(versions)};
}

Result<TestimonyHead> LoadTestimonyHead(Vault::Impl& v, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT witness_id, created_at, versions FROM testimonies WHERE id = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Step());
  if (!row) return RecordMissing(v, id, "testimony");
  return TestimonyHeadOf(id, st.ColumnText(0), st.ColumnInt(1), st.ColumnInt(2));
}

Result<OpenedVersion> OpenTestimonyVersion(Vault::Impl& v, const std::string& id,
                                           uint32_t version) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT created_at, wrapped_key, meta, body_id FROM testimony_versions "
                   "WHERE testimony_id = ? AND version = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Bind(2, int64_t{version}).Step());
  if (!row) return VersionDamaged(id, version, "is missing from the database");
  const std::span<const uint8_t> wrapped_column = st.ColumnBlob(1);
  std::vector<uint8_t> wrapped(wrapped_column.begin(), wrapped_column.end());
  const RecordAddress addr = v.Address(RecordKind::kTestimony, id, version);
  TVAULT_ASSIGN_OR_RETURN(SecretBytes key,
                          UnwrapRecordKey(v.keys.testimony, addr, wrapped));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes plain, OpenPart(key, addr, part::kFields, st.ColumnBlob(2)));
  TVAULT_ASSIGN_OR_RETURN(FieldSet meta, FieldSet::Parse(plain, testimony_tag::kAll));
  TVAULT_ASSIGN_OR_RETURN(TestimonyVersionInfo info,
                          VersionInfoFromFields(meta, version, st.ColumnInt(0)));
  auto salt = meta.Get(testimony_tag::kCommitmentSalt);
  if (salt.size() != 32) {
    return VersionDamaged(id, version, "lacks its commitment salt");
  }
  Sha256Bytes salt_bytes;
  std::copy(salt.begin(), salt.end(), salt_bytes.begin());
  const Sha256Bytes commitment = audit::StatementCommitment(salt_bytes, info.sha256);
  return OpenedVersion{std::move(info),
                       std::move(meta),
                       std::move(key),
                       commitment,
                       st.ColumnInt(3),
                       std::move(wrapped)};
}

Result<PlainBytes> OpenStatement(Vault::Impl& v, const std::string& id,
                                 const OpenedVersion& opened) {
  const uint32_t version = opened.info.version;
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT b.body FROM testimony_versions v JOIN testimony_bodies b "
                   "ON b.body_id = v.body_id WHERE v.testimony_id = ? AND v.version = ?"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, id).Bind(2, int64_t{version}).Step());
  if (!row) return VersionDamaged(id, version, "has lost its statement");
  return OpenStatementBody(v, id, opened.record_key, opened.info, st.ColumnBlob(0));
}

Result<PlainBytes> OpenStatementBody(const Vault::Impl& v, const std::string& id,
                                     const SecretBytes& record_key,
                                     const TestimonyVersionInfo& info,
                                     std::span<const uint8_t> body) {
  const RecordAddress addr = v.Address(RecordKind::kTestimony, id, info.version);
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement,
                          OpenPart(record_key, addr, part::kStatement, body));
  // Authenticated already; the hash check catches a bug or a forged key,
  // and is what lets us promise the intake hash is the bytes we return.
  if (statement.size() != info.size_bytes ||
      !ConstantTimeEqual(crypto::Sha256(statement), info.sha256)) {
    return VersionDamaged(id, info.version, "does not match its intake SHA-256");
  }
  return statement;
}

StatementReader::StatementReader(std::optional<storage::BlobReader> blob, const SecretBytes& key,
                                 std::span<const uint8_t> nonce, std::vector<uint8_t> ad,
                                 uint64_t ct_len, std::string id, uint32_t version,
                                 const Sha256Bytes& sha256, Sha256Check check)
    : blob_(std::move(blob)), dec_(key, nonce, ad, ct_len), ct_len_(ct_len), id_(std::move(id)),
      version_(version), expected_sha_(sha256), check_(check) {}

// Points `reuse` (or a new handle) at the body and builds the reader: the
// part shared by Open and OpenKnown.
Result<std::unique_ptr<StatementReader>> StatementReader::OpenBody(
    Vault::Impl& v, const std::string& id, uint32_t version, int64_t body_id,
    const SecretBytes& record_key, uint64_t size_bytes, const Sha256Bytes& sha256,
    std::optional<storage::BlobReader> reuse, Sha256Check check) {
  std::optional<storage::BlobReader> blob = std::move(reuse);
  if (!blob || !blob->Reopen(body_id).ok()) {
    blob.reset();  // closed before another is opened
    TVAULT_ASSIGN_OR_RETURN(blob, storage::BlobReader::Open(v.db, "testimony_bodies", "body",
                                                            body_id));
  }
  // Sealed part: format byte, nonce[24], ciphertext, tag[16].
  const int64_t total = blob->size();
  uint8_t head[25];
  if (total < 41 || !blob->Read(0, head).ok() || head[0] != 1) {
    return VersionDamaged(id, version, "has a malformed statement");
  }
  const uint64_t ct_len = static_cast<uint64_t>(total) - 41;
  if (ct_len != size_bytes) return VersionDamaged(id, version, "has the wrong size");
  const RecordAddress addr = v.Address(RecordKind::kTestimony, id, version);
  return std::unique_ptr<StatementReader>(new StatementReader(
      std::move(blob), record_key, std::span<const uint8_t>(head + 1, 24),
      PartAssociatedData(addr, part::kStatement), ct_len, id, version, sha256, check));
}

Result<std::unique_ptr<StatementReader>> StatementReader::Open(
    Vault::Impl& v, const std::string& id, const OpenedVersion& opened,
    std::optional<storage::BlobReader> reuse) {
  return OpenBody(v, id, opened.info.version, opened.body_id, opened.record_key,
                  opened.info.size_bytes, opened.info.sha256, std::move(reuse),
                  Sha256Check::kInReader);
}

Result<std::unique_ptr<StatementReader>> StatementReader::OpenKnown(
    Vault::Impl& v, const std::string& id, const Known& known, Sha256Check check,
    std::optional<storage::BlobReader> reuse) {
  const RecordAddress addr = v.Address(RecordKind::kTestimony, id, known.version);
  TVAULT_ASSIGN_OR_RETURN(SecretBytes key,
                          UnwrapRecordKey(v.keys.testimony, addr, known.wrapped_key));
  return OpenBody(v, id, known.version, known.body_id, key, known.size_bytes, known.sha256,
                  std::move(reuse), check);
}

Result<std::size_t> StatementReader::Read(std::span<uint8_t> out) {
  if (offset_ == ct_len_) {
    if (finished_) return std::size_t{0};
    finished_ = true;
    uint8_t tag[16];
    if (!blob_) return MakeError(ErrorCode::kFailedPrecondition, "statement reader is spent");
    TVAULT_TRY(blob_->Read(static_cast<int64_t>(25 + ct_len_), tag));
    if (!dec_.Finish(tag).ok()) {
      return MakeError(ErrorCode::kIntegrity,
                       "record " + id_ + " version " + std::to_string(version_) +
                           " failed authentication (tampered, swapped or corrupted)",
                       ErrorDetail::kDamaged);
    }
    if (check_ == Sha256Check::kInReader && !ConstantTimeEqual(sha_.Finish(), expected_sha_)) {
      return VersionDamaged(id_, version_, "does not match its intake SHA-256");
    }
    return std::size_t{0};
  }
  const std::size_t n = static_cast<std::size_t>(
      std::min<uint64_t>({out.size(), ct_len_ - offset_, uint64_t{1} << 16}));
  if (!blob_) return MakeError(ErrorCode::kFailedPrecondition, "statement reader is spent");
  std::vector<uint8_t> ct(n);
  TVAULT_TRY(blob_->Read(static_cast<int64_t>(25 + offset_), ct));
  TVAULT_TRY(dec_.Update(ct, out.first(n)));
  if (check_ == Sha256Check::kInReader) sha_.Update(out.first(n));
  offset_ += n;
  return n;
}

}  // namespace tvault
