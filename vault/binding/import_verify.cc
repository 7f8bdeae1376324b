// The verify pass of a bundle (docs/bundle-format.md, section 5):
// Vault::VerifyBundle, VerifyBundleWithIdentityFile, and the pass Vault::ImportBundle
// runs before it stores anything (binding/import_verify.h).
//
// Verification is one streaming pass: BundleReader authenticates every age
// chunk, hashes every member and checks signature, recipients, SHA256SUMS and
// manifest at the end; then each custody excerpt is checked against the
// record it describes.
#include "binding/import_verify.h"

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "binding/journal.h"
#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/custody_excerpt.h"
#include "bundle/custody_file.h"
#include "bundle/redacted_record.h"
#include "crypto/hash.h"
#include "crypto/rfc3161.h"
#include "identity/custodian_keys.h"
#include "binding/identity_store.h"
#include "binding/peer_store.h"
#include "util/read_ahead.h"
#include "util/file_io.h"
#include "util/worker.h"

namespace tvault {
namespace {

namespace fs = std::filesystem;
using bundle::VerifiedBundle;

// Everything that is wrong with the bundle is an integrity failure (exit 4),
// including "not addressed to you": the file is not a bundle we can accept.
Error AsRefusal(const Error& e) {
  if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kUnsupported) {
    return MakeError(ErrorCode::kIntegrity, e.message);
  }
  return e;
}

// Counts the bytes the bundle reader takes. The reader decrypts ahead on a
// worker thread, so the count is atomic and progress is reported from the
// caller's thread, member by member.
class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(ByteSource& inner) : inner_(inner) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    Result<std::size_t> n = inner_.Read(out);
    if (n.ok()) count_.fetch_add(*n, std::memory_order_relaxed);
    return n;
  }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  ByteSource& inner_;
  std::atomic<uint64_t> count_{0};
};

}  // namespace

uint64_t BundleSizeForProgress(const fs::path& file) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(file, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

// One full pass over the bundle; `on_member` (optional) may consume members.
Result<ReadOutcome> ReadBundle(const fs::path& file, std::span<const SecretBytes> identities,
                               std::span<const minisign::PublicKey> signers,
                               const MemberFn& on_member, FileDigest digest,
                               const ReadProgress& on_read) {
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
  CountingSource counted(ahead);
  auto reader = bundle::BundleReader::Open(counted, identities, threads);
  if (!reader.ok()) return AsRefusal(reader.error());
  for (;;) {
    auto next = reader->Next();
    if (!next.ok()) return AsRefusal(next.error());
    if (!next->has_value()) break;
    if (on_read) on_read(counted.count());
    if (on_member) {
      Status s = on_member(**next, *reader);
      if (!s.ok()) return AsRefusal(s.error());
    }
  }
  auto verified = reader->Finish(signers);
  if (!verified.ok()) return AsRefusal(verified.error());
  // Nothing may follow the age file (the reader stops at its final chunk).
  uint8_t extra = 0;
  TVAULT_ASSIGN_OR_RETURN(std::size_t more, counted.Read({&extra, 1}));
  if (more != 0) return MakeError(ErrorCode::kIntegrity, "bytes follow the end of the bundle");
  if (on_read) on_read(counted.count());
  // Read returned the end: the worker has hashed the whole file.
  ReadOutcome outcome{std::move(*verified), std::nullopt};
  if (digest == FileDigest::kCompute) outcome.file_sha256 = file_sha.Finish();
  return outcome;
}

namespace {

// Step 7, as the bundle streams: each custody/<T-id>.json is read (capped)
// and checked against the record the manifest (the first member) describes.
// Both are unverified at that moment, so a failure is kept and reported only
// once the signature and hashes verified (else their failure comes first);
// afterwards the verified manifest must be the one the checks used.
struct CustodyTotals {
  std::size_t events = 0;
  std::size_t unattested = 0;
  std::vector<BundleRedaction> redactions;  // version 2, section 7.7
  std::vector<BundleTimestamp> timestamps;  // version 3, section 8.4
  std::vector<BundleVersionTime> existed_by;
};

// Section 8.4: the tokens as the summary shows them, and for each carried
// version the earliest token time among the stamps beyond the seq of the
// event its custody relies on.
void AddTimestamps(const bundle::CustodyFileCheck& c, int format_version,
                   CustodyTotals& totals) {
  for (const bundle::CheckedTimestamp& t : c.timestamps) {
    BundleTimestamp out;
    out.checkpoint_size = t.checkpoint_size;
    out.time_unix_s = t.token.gen_time_unix_s;
    out.tsa = t.token.tsa;
    out.serial_hex = t.token.serial_hex;
    out.policy = t.token.policy;
    out.imprint = t.token.imprint;
    out.response = t.response;
    totals.timestamps.push_back(std::move(out));
  }
  // Version 3 reports every attested version, with a time or without.
  if (format_version < bundle::kFormatVersion3) return;
  for (const auto& [key, seq] : c.relied_seq) {
    // key is "<T-id>.v<N>" (bundle::SaltKey).
    const std::size_t dot = key.rfind(".v");
    BundleVersionTime v;
    v.testimony_id = key.substr(0, dot);
    v.version = static_cast<uint32_t>(std::stoul(key.substr(dot + 2)));
    v.event_seq = seq;
    for (const bundle::CheckedTimestamp& t : c.timestamps) {
      if (t.checkpoint_size <= seq) continue;
      if (!v.existed_by_unix_s || t.token.gen_time_unix_s < *v.existed_by_unix_s) {
        v.existed_by_unix_s = t.token.gen_time_unix_s;
        v.checkpoint_size = t.checkpoint_size;
      }
    }
    totals.existed_by.push_back(std::move(v));
  }
}

// The excerpts are checked on a Worker, in member order, while this thread
// goes on decrypting and hashing the bundle (in line, their whole cost would
// add to verify's). They go in batches of about kBatchBytes, at most
// kMaxBatches waiting; the reader then waits.
class CustodyChecker {
 public:
  CustodyChecker() = default;
  CustodyChecker(const CustodyChecker&) = delete;
  CustodyChecker& operator=(const CustodyChecker&) = delete;

  // `copy` (optional) receives the member's bytes too.
  Status OnMember(const bundle::BundleMember& member, bundle::BundleReader& reader,
                  ByteSink* copy) {
    // A member this does not check goes to the copy only.
    auto pass_on = [&] { return copy != nullptr ? reader.CopyMemberTo(*copy) : OkStatus(); };
    const bundle::MemberKind kind = bundle::KindOfMember(member.name);
    if (kind == bundle::MemberKind::kRedactionProof) {
      // Version 2: checked alone now (one in memory at a time, capped by
      // the reader), against the manifest and custody at the end. A
      // duplicate is refused by the tar rules.
      TVAULT_ASSIGN_OR_RETURN(PlainBytes bytes, ReadWhole(member, reader, copy));
      proofs_.insert_or_assign(member.name, bundle::CheckProofMember(member.name, bytes));
      return OkStatus();
    }
    if (kind == bundle::MemberKind::kCustodyFile) {
      // Version 2: one file, checked whole once the manifest is verified.
      // The reader capped its size; a duplicate is refused by the tar rules.
      if (custody_file_) return pass_on();
      TVAULT_ASSIGN_OR_RETURN(custody_file_, ReadWhole(member, reader, copy));
      return OkStatus();
    }
    if (kind != bundle::MemberKind::kCustody) return pass_on();
    if (!manifest_) {
      // The reader parsed manifest.json when it ended (it is the first
      // member); one that does not parse fails at Finish.
      const bundle::BundleManifest* m = reader.UnverifiedManifest();
      if (m == nullptr) return pass_on();
      manifest_ = *m;
      for (const bundle::ManifestRecord& r : manifest_->records) {
        by_member_.emplace(bundle::CustodyMemberName(r.id), &r);
      }
    }
    auto found = by_member_.find(member.name);
    const bundle::ManifestRecord* record = found == by_member_.end() ? nullptr : found->second;
    // Not named by the manifest (Finish refuses it) or a duplicate (tar
    // refuses it): copied, never checked.
    if (record == nullptr || !checked_.insert(record->id).second) return pass_on();
    TVAULT_ASSIGN_OR_RETURN(PlainBytes bytes, ReadWhole(member, reader, copy));
    batch_bytes_ += bytes.size();
    batch_.push_back(Excerpt{std::move(bytes), record});
    if (batch_bytes_ >= kBatchBytes) SubmitBatch();
    return OkStatus();
  }

  // After Finish succeeded.
  Result<CustodyTotals> Totals(const VerifiedBundle& vb) {
    if (vb.manifest.format_version >= bundle::kFormatVersion2) {
      // Finish proved custody.json present, listed and hashed.
      if (!custody_file_) return MakeError(ErrorCode::kIntegrity, "custody.json is missing");
      TVAULT_ASSIGN_OR_RETURN(bundle::CustodyFileCheck c,
                              bundle::VerifyCustodyFile(*custody_file_,
                                                        vb.manifest.exporter.minisign_key,
                                                        vb.manifest, vb.small_members));
      CustodyTotals totals;
      totals.events = c.events;
      AddTimestamps(c, vb.manifest.format_version, totals);
      totals.unattested = c.attested ? 0 : vb.manifest.records.size();
      TVAULT_ASSIGN_OR_RETURN(std::vector<bundle::RedactedRecordCheck> redacted,
                              bundle::CheckRedactedRecords(vb.manifest, c, proofs_));
      for (const bundle::RedactedRecordCheck& r : redacted) {
        totals.redactions.push_back(BundleRedaction{r.testimony_id, r.version, r.redaction_id,
                                                    r.token_count, r.hidden_tokens, r.logged,
                                                    r.commitment_at_intake, r.commitment_seq});
      }
      return totals;
    }
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
  // The rest of a custody member, whole (the reader capped it), also
  // handed to `copy` if there is one.
  static Result<PlainBytes> ReadWhole(const bundle::BundleMember& member,
                                      bundle::BundleReader& reader, ByteSink* copy) {
    PlainSink sink(member.size_bytes);
    TVAULT_TRY(reader.CopyMemberTo(sink));
    if (copy != nullptr) TVAULT_TRY(copy->Write(sink.data));
    return std::move(sink.data);
  }

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

  std::optional<PlainBytes> custody_file_;  // version 2's custody.json
  std::map<std::string, bundle::CheckedProof> proofs_;  // version 2's redactions/, by member name
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
  s.format_version = m.format_version;
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
  s.text_not_utf8 = bundle::CountTextNotUtf8(m);
  s.redactions = custody.redactions;
  s.timestamps = custody.timestamps;
  s.existed_by = custody.existed_by;
  return s;
}

// The keys a bundle may be signed with: the given one, else every peer's
// (possibly none: the reader then names the key that signed, as untrusted).
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
  return keys;
}

void NameSigner(BundleSummary& s, const VerifiedBundle& vb, const std::vector<StoredPeer>& peers) {
  for (const StoredPeer& p : peers) {
    if (p.peer.minisign_public_key.empty()) continue;
    auto k = minisign::ParsePublicKey(p.peer.minisign_public_key);
    if (k.ok() && bundle::SameMinisignKey(*k, vb.signer)) s.signer_peer = p.peer.name;
  }
}

// Steps 1-7: the bundle read and verified, its custody excerpts checked as
// they stream.
// What a vault can store: a verified bundle whose statement a vault would
// refuse is refused here too, so that verify never passes a bundle import
// cannot take (import's second pass would otherwise find it "not the size
// the verified manifest states", a false claim of tampering).
Status CheckVaultLimits(const bundle::BundleManifest& m) {
  for (const bundle::ManifestRecord& r : m.records) {
    for (const bundle::ManifestVersion& ver : r.versions) {
      if (ver.size_bytes <= kMaxStatementBytes) continue;
      return MakeError(ErrorCode::kFailedPrecondition,
                       bundle::StatementFileOf(r, ver) +
                           " is a statement of " +
                           std::to_string(ver.size_bytes) +
                           " bytes, larger than this vault accepts (" +
                           std::to_string(kMaxStatementBytes) + " bytes)");
    }
  }
  return OkStatus();
}

struct CheckedBundle {
  ReadOutcome outcome;
  CustodyTotals custody;
};
Result<CheckedBundle> ReadAndCheckCustody(const fs::path& file,
                                          std::span<const SecretBytes> identities,
                                          std::span<const minisign::PublicKey> signers,
                                          FileDigest digest, const ReadProgress& on_read = {},
                                          const MemberCopy& copy = {}) {
  CustodyChecker custody;
  MemberFn check = [&](const bundle::BundleMember& m, bundle::BundleReader& r) -> Status {
    ByteSink* sink = nullptr;
    if (copy) {
      TVAULT_ASSIGN_OR_RETURN(sink, copy(m));
    }
    return custody.OnMember(m, r, sink);
  };
  TVAULT_ASSIGN_OR_RETURN(ReadOutcome outcome,
                          ReadBundle(file, identities, signers, check, digest, on_read));
  TVAULT_ASSIGN_OR_RETURN(CustodyTotals totals, custody.Totals(outcome.verified));
  return CheckedBundle{std::move(outcome), totals};
}

}  // namespace

// The vault's own age identity, as BundleReader takes identities.
Result<std::vector<SecretBytes>> VaultIdentities(Vault::Impl& v) {
  std::vector<SecretBytes> identities;
  TVAULT_ASSIGN_OR_RETURN(SecretBytes box, LoadBoxSecret(v));
  identities.push_back(std::move(box));
  return identities;
}

Result<std::vector<SecretBytes>> IdentitiesFromFile(const fs::path& identity_file) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> raw, ReadSmallFile(identity_file, 1u << 20));
  PlainBytes contents(raw.begin(), raw.end());
  SecureWipe(raw.data(), raw.size());
  auto identities = age::ParseIdentityFile(contents);
  if (!identities.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, identities.error().message,
                     ErrorDetail::kBadIdentityFile);
  }
  return std::move(identities).value();
}

Result<std::vector<SecretBytes>> BundleIdentities(Vault::Impl& v, const fs::path& identity_file) {
  if (!identity_file.empty()) return IdentitiesFromFile(identity_file);
  return VaultIdentities(v);
}

Result<Verified> VerifyInVault(Vault::Impl& v, std::span<const SecretBytes> identities,
                               const fs::path& file, std::string_view signer_key,
                               const ReadProgress& on_read, const MemberCopy& copy) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<StoredPeer> peers, ReadPeers(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<minisign::PublicKey> signers,
                          AcceptedSigners(peers, signer_key));
  TVAULT_ASSIGN_OR_RETURN(CheckedBundle checked,
                          ReadAndCheckCustody(file, identities, signers, FileDigest::kCompute,
                                              on_read, copy));
  ReadOutcome& outcome = checked.outcome;
  TVAULT_TRY(CheckVaultLimits(outcome.verified.manifest));
  BundleSummary summary = Summarize(outcome.verified, checked.custody);
  NameSigner(summary, outcome.verified, peers);
  return Verified{std::move(outcome), std::move(summary)};
}

// Progress in bytes of the bundle's size, from bytes read in one pass.
ReadProgress ProgressOfOnePass(const Progress& progress, const fs::path& file) {
  if (!progress) return {};
  return [&progress, size = BundleSizeForProgress(file)](uint64_t n) { progress(n, size); };
}

Result<BundleSummary> Vault::VerifyBundle(const fs::path& file, std::string_view signer_key,
                                          const Progress& progress, const fs::path& identity_file) {
  Impl& v = *impl_;
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, BundleIdentities(v, identity_file));
  TVAULT_ASSIGN_OR_RETURN(Verified result, VerifyInVault(v, identities, file, signer_key,
                                                         ProgressOfOnePass(progress, file)));
  LogEntry entry{audit::Action::kBundleVerify, result.summary.bundle_id, 0,
                 {minisign::KeyIdText(result.outcome.verified.signer.key_id)}, {}, {}};
  entry.secrets.bundle_sha256 = result.outcome.file_sha256.value();
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return std::move(result.summary);
}

Result<BundleSummary> VerifyBundleWithIdentityFile(const fs::path& file,
                                                   const fs::path& identity_file,
                                                   std::string_view signer_key,
                                                   const Progress& progress) {
  return VerifyWithIdentityFile(file, identity_file, signer_key, ProgressOfOnePass(progress, file),
                                {});
}

Result<BundleSummary> VerifyWithIdentityFile(const fs::path& file, const fs::path& identity_file,
                                             std::string_view signer_key,
                                             const ReadProgress& on_read, const MemberCopy& copy) {
  if (signer_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "without a vault, the sender's minisign key must be given",
                     ErrorDetail::kSignerKeyRequired);
  }
  TVAULT_ASSIGN_OR_RETURN(std::vector<minisign::PublicKey> signers,
                          AcceptedSigners({}, signer_key));
  TVAULT_ASSIGN_OR_RETURN(std::vector<SecretBytes> identities, IdentitiesFromFile(identity_file));
  // No vault, so no audit log: the file's own SHA-256 is not needed.
  auto checked = ReadAndCheckCustody(file, identities, signers, FileDigest::kSkip, on_read, copy);
  if (!checked.ok()) {
    // The only accepted key is the one given: no peer to add.
    Error e = checked.take_error();
    if (e.detail == ErrorDetail::kUntrustedSigner) e.detail = ErrorDetail::kNone;
    return e;
  }
  return Summarize(checked->outcome.verified, checked->custody);
}

Status CheckBundleTimestampAuthority(BundleSummary& summary, std::span<const uint8_t> ca_pem) {
  std::vector<std::string> signers;
  for (const BundleTimestamp& t : summary.timestamps) {
    auto checked = crypto::VerifyTimestampToken(t.response, t.imprint, ca_pem);
    if (!checked.ok()) {
      if (checked.error().code != ErrorCode::kIntegrity) return checked.error();
      return MakeError(ErrorCode::kIntegrity, "timestamps/" + std::to_string(t.checkpoint_size) +
                                                  ".tsr: " + checked.error().message);
    }
    signers.push_back(std::move(checked->tsa));
  }
  for (std::size_t i = 0; i < summary.timestamps.size(); ++i) {
    summary.timestamps[i].authority_checked = true;
    summary.timestamps[i].tsa = std::move(signers[i]);
  }
  for (BundleVersionTime& v : summary.existed_by) v.authority_checked = v.existed_by_unix_s.has_value();
  return OkStatus();
}

}  // namespace tvault
