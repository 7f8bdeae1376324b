// Vault::Backup: a snapshot of the vault at rest in one signed file
// (docs/format.md, section 9), and the events of backups and restores.
#include "vault/backup.h"

#include <algorithm>
#include <system_error>

#include "audit/checkpoint.h"
#include "backup/backup_format.h"
#include "binding/backup_summary.h"
#include "binding/identity_store.h"
#include "binding/journal.h"
#include "binding/vault_impl.h"
#include "crypto/encoding.h"
#include "evidence/evidence_store.h"
#include "identity/custodian_keys.h"
#include "tar/tar_stream.h"
#include "tar/ustar_profile.h"
#include "util/byte_io.h"
#include "util/file_io.h"
#include "util/sha256_worker.h"
#include "vault/version.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kChunkBytes = 1 << 20;

Status TooLarge(const std::string& name, uint64_t size) {
  return MakeError(ErrorCode::kFailedPrecondition,
                   name + " is " + std::to_string(size) +
                       " bytes; a backup member must be smaller than 8 GiB (ustar)");
}

// The backup file, with writeback started every kWritebackBytes: the disk
// writes the first gigabyte while the next is copied, instead of the final
// sync waiting for all of it.
class WritebackSink final : public ByteSink {
 public:
  explicit WritebackSink(AtomicFileSink& out) : out_(out) {}
  Status Write(std::span<const uint8_t> bytes) override {
    TVAULT_TRY(out_.Write(bytes));
    pending_ += bytes.size();
    if (pending_ >= kWritebackBytes) {
      out_.StartWriteback();
      pending_ = 0;
    }
    return OkStatus();
  }

 private:
  static constexpr uint64_t kWritebackBytes = 32u << 20;
  AtomicFileSink& out_;
  uint64_t pending_ = 0;
};

// One member: its bytes go into the archive and the hashing thread.
Status AddMember(tar::TarWriter& tar, Sha256Worker& sha, std::string_view name, uint64_t size,
                 ByteSource& source, std::vector<uint8_t>& buf) {
  if (size > tar::kMaxMemberBytes) return TooLarge(std::string(name), size);
  TVAULT_TRY(tar.BeginMember(name, size));
  uint64_t left = size;
  while (left > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(left, buf.size()));
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, ReadFully(source, {buf.data(), want}));
    if (n != want) {
      return MakeError(ErrorCode::kIo, std::string(name) + " shrank while it was copied");
    }
    std::span<const uint8_t> data(buf.data(), n);
    TVAULT_TRY(tar.WriteData(data));
    sha.Update(data);
    left -= n;
  }
  sha.EndStream();
  return tar.EndMember();
}

Status AddBytes(tar::TarWriter& tar, Sha256Worker& sha, std::string_view name,
                std::span<const uint8_t> bytes, std::vector<uint8_t>& buf) {
  SpanSource source(bytes);
  return AddMember(tar, sha, name, bytes.size(), source, buf);
}

// The complete evidence files, in name order (pending and temporary files
// were published or swept by the open).
Result<std::vector<std::string>> EvidenceFiles(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (EvidenceStore::IsFinalFileName(name)) names.push_back(name);
  }
  if (ec) return IoError("cannot list", dir, ec.value());
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> HeadCheckpoint(Vault::Impl& v) {
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT note FROM audit_checkpoints WHERE kind = 1"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return MakeError(ErrorCode::kIntegrity, "the audit log has no head checkpoint");
  auto blob = st.ColumnBlob(0);
  return std::string(blob.begin(), blob.end());
}

// The vault's files, copied inside one read transaction (section 9.1).
// Fills m.files but their digests, and returns the checkpoint note.
Result<std::string> WriteSnapshot(Vault::Impl& v, tar::TarWriter& tar, Sha256Worker& sha,
                                  backup::Manifest& m) {
  std::vector<uint8_t> buf(kChunkBytes);
  TVAULT_ASSIGN_OR_RETURN(storage::Transaction read, storage::Transaction::BeginRead(v.db));
  // The first read takes SQLite's SHARED lock (rolling back a hot journal).
  TVAULT_ASSIGN_OR_RETURN(std::string note, HeadCheckpoint(v));
  std::error_code ec;
  if (fs::exists(v.dir / (std::string(vault_files::kDatabase) + "-journal"), ec) || ec) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the database has a rollback journal although no transaction runs; "
                     "nothing was written");
  }
  TVAULT_ASSIGN_OR_RETURN(audit::SignedNote parsed, audit::ParseSignedNote(note));
  TVAULT_ASSIGN_OR_RETURN(audit::Checkpoint cp, audit::ParseCheckpointBody(parsed.text));
  m.checkpoint_size = cp.size;

  TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> header,
                          ReadSmallFile(v.dir / vault_files::kHeader, backup::kMaxHeaderBytes));
  TVAULT_TRY(AddBytes(tar, sha, backup::kHeaderMember, header, buf));
  m.files.push_back({std::string(backup::kHeaderMember), header.size(), {}});
  {
    TVAULT_ASSIGN_OR_RETURN(storage::RawFileSource db, storage::RawFileSource::Open(v.db));
    TVAULT_TRY(AddMember(tar, sha, backup::kDatabaseMember, db.size(), db, buf));
    m.files.push_back({std::string(backup::kDatabaseMember), db.size(), {}});
  }
  const fs::path evidence_dir = v.dir / "evidence";
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> evidence, EvidenceFiles(evidence_dir));
  for (const std::string& name : evidence) {
    const std::string member = std::string(backup::kEvidencePrefix) + name;
    const uint64_t size = fs::file_size(evidence_dir / name, ec);
    if (ec) return IoError("cannot measure", evidence_dir / name, ec.value());
    TVAULT_ASSIGN_OR_RETURN(FileSource file, FileSource::Open(evidence_dir / name));
    TVAULT_TRY(AddMember(tar, sha, member, size, file, buf));
    m.files.push_back({member, size, {}});
  }
  TVAULT_TRY(AddBytes(tar, sha, backup::kCheckpointMember, AsSpan(note), buf));
  m.files.push_back({std::string(backup::kCheckpointMember), note.size(), {}});
  TVAULT_TRY(read.Commit());
  return note;
}

// manifest.json and its signature, the archive's last two members.
Result<std::string> FinishArchive(Vault::Impl& v, tar::TarWriter& tar, backup::Manifest& m) {
  if (v.signing_key.empty()) {
    TVAULT_ASSIGN_OR_RETURN(v.signing_key, LoadSigningSecret(v));
  }
  const std::string manifest = backup::SerializeManifest(m);
  const std::span<const uint8_t> bytes = AsSpan(manifest);
  SpanSource source(bytes);
  TVAULT_ASSIGN_OR_RETURN(minisign::Blake2b512Digest digest, minisign::Blake2b512Of(source));
  TVAULT_ASSIGN_OR_RETURN(minisign::Signature sig,
                          minisign::SignPrehashed(v.signing_key, m.signer.key_id, digest,
                                                  backup::TrustedComment(m),
                                                  backup::kUntrustedComment));
  TVAULT_ASSIGN_OR_RETURN(std::string sig_file, minisign::FormatSignatureFile(sig));
  TVAULT_TRY(tar.AddMember(backup::kManifestMember, bytes));
  TVAULT_TRY(tar.AddMember(backup::kSignatureMember, AsSpan(sig_file)));
  TVAULT_TRY(tar.Finish());
  return manifest;
}

}  // namespace

Result<BackupSummary> Vault::Backup(const BackupRequest& request) {
  Impl& v = *impl_;
  if (v.read_only) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "a backup is recorded in the audit log, which a read-only vault cannot do");
  }
  TVAULT_ASSIGN_OR_RETURN(
      AtomicFileSink sink,
      AtomicFileSink::Create(request.out, request.overwrite,
                             request.overwrite ? AtomicFileSink::Temporary::kNamed
                                               : AtomicFileSink::Temporary::kUnnamedWherePossible));
  backup::Manifest m;
  m.vault_id = v.header.vault_id;
  m.fingerprint = v.fingerprint;
  m.signer = MinisignKeyFor(v.sign_public);
  m.created_at_unix_s = v.Now();
  m.tvault_version = GetRuntimeVersions().tvault;
  WritebackSink out(sink);
  TVAULT_ASSIGN_OR_RETURN(tar::TarWriter tar, tar::TarWriter::Begin(out, m.created_at_unix_s));
  std::string note;
  {
    Sha256Worker sha;
    TVAULT_ASSIGN_OR_RETURN(note, WriteSnapshot(v, tar, sha, m));
    const std::vector<crypto::Sha256Digest> digests = sha.TakeDigests();
    if (digests.size() != m.files.size()) return MakeError(ErrorCode::kInternal, "lost a digest");
    for (std::size_t i = 0; i < digests.size(); ++i) m.files[i].sha256 = digests[i];
  }
  TVAULT_ASSIGN_OR_RETURN(std::string manifest, FinishArchive(v, tar, m));
  TVAULT_TRY(sink.Sync());

  const BackupSummary summary = SummaryOf(m, crypto::Sha256(AsSpan(manifest)), note);
  // Logged before the file appears: no backup exists that the log does not
  // name (a crash between leaves an event for a file that never appeared).
  TVAULT_TRY(LogBackupEvent(v, audit::Action::kBackup, summary));
  TVAULT_TRY(sink.Commit());
  return summary;
}

Status Vault::RecordBackupUse(const BackupSummary& backup, bool restored) {
  return LogBackupEvent(*impl_, restored ? audit::Action::kRestore : audit::Action::kBackupVerify,
                        backup);
}

}  // namespace tvault
