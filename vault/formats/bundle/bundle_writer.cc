// BundleWriter: members -> SHA-256 + tar -> age, then SHA256SUMS and its
// signature (docs/bundle-format.md, sections 2 and 4).
#include <algorithm>
#include <set>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "tar/tar_stream.h"
#include "crypto/hash.h"
#include "util/worker.h"

namespace tvault::bundle {
namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "bundle: " + std::move(message));
}

// The tar stream's sink: the age encryptor's plaintext input.
class EncryptorSink final : public ByteSink {
 public:
  explicit EncryptorSink(age::Encryptor* encryptor) : encryptor_(encryptor) {}
  Status Write(std::span<const uint8_t> bytes) override { return encryptor_->Write(bytes); }

 private:
  age::Encryptor* encryptor_;
};

// Hands the archive to `inner` (the encryptor, and through it the file) on
// a Worker, in blocks of kBlockBytes, so that encrypting and writing the
// bundle overlaps reading and hashing the records. At most kMaxBlocks wait; blocks are plaintext (a BlockRing: wiped
// once written, reused). The first error of `inner` is returned by the next
// Write and by Close; `inner` is used by the worker only, until Close
// returns. Destroyed without Close, it writes nothing more.
class AsyncSink final : public ByteSink {
 public:
  explicit AsyncSink(ByteSink& inner)
      : inner_(inner),
        blocks_(kPending + 1, kBlockBytes, BlockRing::Contents::kPlaintext),
        worker_(kPending) {}
  AsyncSink(const AsyncSink&) = delete;
  AsyncSink& operator=(const AsyncSink&) = delete;

  Status Write(std::span<const uint8_t> bytes) override {
    TVAULT_TRY(worker_.Failure());  // after one, blocks are no longer written (nor recycled)
    while (!bytes.empty()) {
      BlockRing::Block& block = blocks_.at(filling_);
      const std::size_t n = std::min(bytes.size(), block.room());
      std::copy_n(bytes.begin(), n, block.bytes.begin() + static_cast<std::ptrdiff_t>(block.length));
      block.length += n;
      bytes = bytes.subspan(n);
      if (block.room() == 0) TVAULT_TRY(Push());
    }
    return OkStatus();
  }

  // Everything written reaches `inner`.
  Status Close() {
    if (blocks_.at(filling_).length != 0) (void)Push();
    return worker_.Drain();
  }

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  static constexpr std::size_t kMaxBlocks = 8;
  static constexpr std::size_t kPending = kMaxBlocks + 1;  // and the one being written

  // Submit returns with at most kPending blocks pending, this one included:
  // the next block of the ring is free.
  Status Push() {
    BlockRing::Block* block = &blocks_.at(filling_++);
    worker_.Submit([this, block] {
      Status written = inner_.Write(std::span(block->bytes).first(block->length));
      blocks_.Recycle(*block);
      return written;
    });
    return worker_.Failure();
  }

  ByteSink& inner_;
  BlockRing blocks_;
  uint64_t filling_ = 0;  // the writer's block number
  Worker worker_;  // last: stopped before the blocks go
};

}  // namespace

struct BundleWriter::Impl {
  std::vector<age::X25519Public> recipients;
  int64_t created_at_unix_s = 0;
  std::optional<age::Encryptor> encryptor;
  std::optional<EncryptorSink> encryptor_in;
  std::optional<AsyncSink> tar_out;  // destroyed (joined) before the encryptor
  std::optional<tar::TarWriter> tar;
  std::vector<MemberDigest> members;
  std::set<std::string, std::less<>> names;
  std::optional<BundleManifest> manifest;
  PlainString manifest_text;  // kept (and wiped when freed) for the check below
  // Declared after what it reads: stopped first.
  std::optional<Worker> manifest_check;
  uint64_t buffered_bytes = 0;
  PlainBytes chunk = PlainBytes(kReadBytes);
  std::optional<Error> error;  // sticky once bytes may have been written
  bool finished = false;

  Status Usable() const {
    if (error) return *error;
    if (finished) return MakeError(ErrorCode::kFailedPrecondition, "bundle: already finished");
    return OkStatus();
  }
  Status Poison(Status s) {
    if (!s.ok()) error = s.error();
    return s;
  }

  // Whether `name` may come next, with `size_bytes`; nothing is written.
  Status Admit(std::string_view name, uint64_t size_bytes) const {
    const MemberKind kind = KindOfMember(name);
    if (kind == MemberKind::kUnknown) {
      return Invalid("\"" + EscapeForTerminal(name) + "\" is not a member name the format defines");
    }
    if (kind == MemberKind::kSums || kind == MemberKind::kSumsSignature) {
      return Invalid(std::string(name) + " is written by Finish");
    }
    if (members.empty() != (kind == MemberKind::kManifest)) {
      return Invalid("manifest.json must be the first member, and only the first");
    }
    if (names.count(name) != 0) return Invalid("duplicate member " + std::string(name));
    if (IsBufferedMember(kind) && (size_bytes > MaxBufferedMemberBytes(kind) ||
                                   buffered_bytes + size_bytes > kMaxBufferedBytes)) {
      return Invalid(std::string(name) + " is larger than a reader will accept");
    }
    if (IsReadWholeMember(kind) && size_bytes > MaxBufferedMemberBytes(kind)) {
      return Invalid(std::string(name) + " is larger than a reader will accept");
    }
    return OkStatus();
  }

  // Streams one member through the hash and the archive; with `expected`,
  // refuses a member whose SHA-256 differs.
  Status Stream(std::string_view name, uint64_t size_bytes, ByteSource& source,
                const crypto::Sha256Digest* expected = nullptr) {
    TVAULT_TRY(tar->BeginMember(name, size_bytes));
    crypto::Sha256Hasher hasher;
    while (true) {
      TVAULT_ASSIGN_OR_RETURN(std::size_t n, source.Read(chunk));
      if (n == 0) break;
      const std::span<const uint8_t> got = std::span(chunk).first(n);
      hasher.Update(got);
      TVAULT_TRY(tar->WriteData(got));
    }
    TVAULT_TRY(tar->EndMember());
    const crypto::Sha256Digest digest = hasher.Finish();
    if (expected != nullptr && !ConstantTimeEqual(digest, *expected)) {
      return MakeError(ErrorCode::kIntegrity,
                       "bundle: " + std::string(name) + " does not match its expected SHA-256");
    }
    members.push_back(MemberDigest{std::string(name), size_bytes, digest});
    names.insert(std::string(name));
    return OkStatus();
  }
};

BundleWriter::BundleWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleWriter::BundleWriter(BundleWriter&&) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&&) noexcept = default;
BundleWriter::~BundleWriter() = default;

Result<BundleWriter> BundleWriter::Begin(std::span<const age::X25519Public> recipients,
                                         ByteSink& out, int64_t created_at_unix_s) {
  if (recipients.empty() || recipients.size() > kMaxRecipients) {
    return Invalid("a bundle needs 1 to " + std::to_string(kMaxRecipients) + " recipients");
  }
  if (created_at_unix_s < 0 || created_at_unix_s > kMaxCreatedUnixS) {
    return Invalid("creation time out of range");
  }
  auto impl = std::make_unique<Impl>();
  impl->recipients.assign(recipients.begin(), recipients.end());
  impl->created_at_unix_s = created_at_unix_s;
  TVAULT_ASSIGN_OR_RETURN(age::Encryptor encryptor, age::Encryptor::Begin(recipients, out));
  impl->encryptor.emplace(std::move(encryptor));
  impl->encryptor_in.emplace(&*impl->encryptor);
  impl->tar_out.emplace(*impl->encryptor_in);
  TVAULT_ASSIGN_OR_RETURN(tar::TarWriter tar, tar::TarWriter::Begin(*impl->tar_out, created_at_unix_s));
  impl->tar.emplace(std::move(tar));
  return BundleWriter(std::move(impl));
}

Status BundleWriter::AddMember(std::string_view name, std::span<const uint8_t> data) {
  SpanSource source(data);
  return AddMember(name, data.size(), source);
}

Status BundleWriter::AddMember(std::string_view name, uint64_t size_bytes, ByteSource& data,
                               const crypto::Sha256Digest& expected_sha256) {
  Impl& s = *impl_;
  TVAULT_TRY(s.Usable());
  TVAULT_TRY(s.Admit(name, size_bytes));
  const MemberKind kind = KindOfMember(name);
  if (kind != MemberKind::kStatement && kind != MemberKind::kEvidence) {
    return Invalid("only statements and evidence take an expected SHA-256");
  }
  return s.Poison(s.Stream(name, size_bytes, data, &expected_sha256));
}

Status BundleWriter::AddMember(std::string_view name, uint64_t size_bytes, ByteSource& data) {
  Impl& s = *impl_;
  TVAULT_TRY(s.Usable());
  TVAULT_TRY(s.Admit(name, size_bytes));
  const MemberKind kind = KindOfMember(name);
  if (IsBufferedMember(kind)) s.buffered_bytes += size_bytes;  // refused members poison the writer
  if (kind != MemberKind::kManifest) return s.Poison(s.Stream(name, size_bytes, data));

  // The manifest is read whole and parsed before a byte of it is written:
  // a manifest a reader would refuse never enters the bundle.
  PlainBytes manifest(static_cast<std::size_t>(size_bytes));
  TVAULT_ASSIGN_OR_RETURN(std::size_t got, ReadFully(data, manifest));
  uint8_t extra = 0;
  TVAULT_ASSIGN_OR_RETURN(std::size_t more, ReadFully(data, std::span(&extra, 1)));
  if (got != size_bytes || more != 0) {
    return s.Poison(Invalid("manifest.json is not the declared size"));
  }
  auto parsed = ParseManifest(manifest);
  if (!parsed.ok()) return s.Poison(Invalid(parsed.error().message));
  s.manifest = std::move(parsed).value();
  SpanSource source(manifest);
  return s.Poison(s.Stream(name, size_bytes, source));
}

Status BundleWriter::AddManifest(const BundleManifest& manifest) {
  Impl& s = *impl_;
  TVAULT_TRY(s.Usable());
  TVAULT_ASSIGN_OR_RETURN(PlainString text, WriteManifestText(manifest));
  TVAULT_TRY(s.Admit(kManifestName, text.size()));
  s.buffered_bytes += text.size();
  s.manifest = manifest;
  s.manifest_text = std::move(text);
  // The proof that the text parses back to exactly `manifest` (what
  // SerializeManifest does in line) runs beside the rest of the export;
  // Finish waits for it before signing. Both inputs stay untouched until then.
  const std::span<const uint8_t> bytes = AsBytes(s.manifest_text);
  const BundleManifest* expected = &*s.manifest;
  s.manifest_check.emplace(1);
  s.manifest_check->Submit([bytes, expected] { return CheckManifestText(bytes, *expected); });
  SpanSource source(bytes);
  return s.Poison(s.Stream(kManifestName, bytes.size(), source));
}

Status BundleWriter::Finish(const SecretBytes& ed25519_secret_key, const minisign::KeyId& key_id,
                            const TrustedComment& comment) {
  Impl& s = *impl_;
  TVAULT_TRY(s.Usable());
  if (ed25519_secret_key.size() != 64) return Invalid("the signing key must be 64 bytes");
  if (!s.manifest) return Invalid("no manifest.json");
  if (s.manifest_check) {
    Status checked = s.manifest_check->Drain();
    if (!checked.ok()) return s.Poison(Invalid(checked.error().message));
  }
  std::vector<Fingerprint> expected;
  for (const age::X25519Public& r : s.recipients) expected.push_back(RecipientFingerprint(r));
  if (comment.recipients != expected) {
    return Invalid("the trusted comment must list the bundle's recipients, in order");
  }
  if (comment.created_at_unix_s != s.created_at_unix_s) {
    return Invalid("the trusted comment's time is not the bundle's");
  }
  TVAULT_ASSIGN_OR_RETURN(std::string comment_text, FormatTrustedComment(comment));

  // The reader's step 6 on what was written, with the key that signs.
  minisign::PublicKey signer;
  signer.key_id = key_id;
  const auto secret = ed25519_secret_key.reveal();
  std::copy(secret.begin() + 32, secret.end(), signer.ed25519.begin());
  Status consistent = CheckManifestAgainstBundle(*s.manifest, comment, signer, s.members);
  if (!consistent.ok()) return Invalid(consistent.error().message);

  std::vector<SumsEntry> entries;
  entries.reserve(s.members.size());
  for (const MemberDigest& m : s.members) entries.push_back(SumsEntry{m.sha256, m.name});
  TVAULT_ASSIGN_OR_RETURN(std::string sums, FormatSums(std::move(entries)));
  const auto sums_bytes = std::span(reinterpret_cast<const uint8_t*>(sums.data()), sums.size());
  crypto::Blake2b512Hasher prehash;
  prehash.Update(sums_bytes);
  TVAULT_ASSIGN_OR_RETURN(
      minisign::Signature signature,
      minisign::SignPrehashed(ed25519_secret_key, key_id, prehash.Finish(), comment_text,
                              UntrustedCommentFor(comment.bundle_id)));
  TVAULT_ASSIGN_OR_RETURN(std::string signature_file, minisign::FormatSignatureFile(signature));

  SpanSource sums_source(sums_bytes);
  TVAULT_TRY(s.Poison(s.Stream(kSumsName, sums.size(), sums_source)));
  SpanSource sig_source(
      std::span(reinterpret_cast<const uint8_t*>(signature_file.data()), signature_file.size()));
  TVAULT_TRY(s.Poison(s.Stream(kSumsSignatureName, signature_file.size(), sig_source)));
  TVAULT_TRY(s.Poison(s.tar->Finish()));
  TVAULT_TRY(s.Poison(s.tar_out->Close()));
  TVAULT_TRY(s.Poison(s.encryptor->Finish()));
  s.finished = true;
  return OkStatus();
}

}  // namespace tvault::bundle
