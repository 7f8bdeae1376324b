// BundleReader: age -> tar -> members, then section 5's steps 3 to 6.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "age/age.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "tar/tar_stream.h"
#include "crypto/hash.h"
#include "util/sha256_worker.h"
#include "util/read_ahead.h"

namespace tvault::bundle {
namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

Error Refused(std::string message) { return MakeError(ErrorCode::kIntegrity, std::move(message)); }

std::string Quoted(std::string_view name) { return "\"" + EscapeForTerminal(name) + "\""; }

// Passes reads through, keeping a copy of what was read while recording:
// the age header, which the Decryptor consumes, is needed again to tell
// which identity opened it.
class RecordingSource final : public ByteSource {
 public:
  explicit RecordingSource(ByteSource& in) : in_(in) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    TVAULT_ASSIGN_OR_RETURN(std::size_t n, in_.Read(out));
    if (recording_) recorded_.insert(recorded_.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  std::span<const uint8_t> recorded() const { return recorded_; }
  void StopRecording() {
    recording_ = false;
    recorded_ = {};
  }

 private:
  ByteSource& in_;
  bool recording_ = true;
  std::vector<uint8_t> recorded_;
};

// The first of `identities` that opens the header: the one
// age::Decryptor::Begin, which tries them in the same order, used.
std::optional<std::size_t> OpeningIdentity(std::span<const uint8_t> file,
                                           std::span<const SecretBytes> identities) {
  auto parsed = age::internal::ParseHeader(file);
  if (!parsed.ok()) return std::nullopt;
  for (std::size_t i = 0; i < identities.size(); ++i) {
    age::Failure failure = age::Failure::kNone;
    if (age::internal::UnwrapFileKey(parsed->header, identities.subspan(i, 1), failure).ok()) return i;
  }
  return std::nullopt;
}

}  // namespace

struct BundleReader::Impl {
  explicit Impl(ByteSource& in) : recorder(in) {}

  RecordingSource recorder;
  std::optional<age::Decryptor> decryptor;
  // The payload is decrypted on a worker, ahead of the tar reader (its
  // blocks are plaintext: wiped after use). Destroyed (joined) before the
  // decryptor it reads, after the tar reader that reads it.
  std::optional<ReadAheadSource> plaintext;
  std::optional<tar::TarReader> tar;
  Fingerprint decrypted_by{};

  // The member being read.
  std::optional<BundleMember> current;
  MemberKind current_kind = MemberKind::kUnknown;
  // Every member is hashed on a worker, in archive order; members[i].sha256
  // is filled in by CollectDigests, before SHA256SUMS is checked against
  // them and before Finish uses them.
  Sha256Worker hashes;
  std::size_t hashed = 0;  // members whose sha256 is filled in
  PlainBytes buffer;  // the current member, if it is one that is buffered

  std::vector<MemberDigest> members;
  std::unordered_map<std::string, std::size_t> index;  // name -> members[i]
  std::map<std::string, PlainBytes> small_members;
  // manifest.json parsed once, when it ends (step 6 uses it; callers may
  // peek at it, unverified, while the rest streams).
  std::optional<Result<BundleManifest>> parsed_manifest;
  uint64_t buffered_bytes = 0;
  // The files the manifest names, as soon as it parses. A member that is
  // neither one of them nor a fixed name can never verify (step 6), so it
  // is refused when it arrives: with duplicates refused by the tar reader,
  // this bounds the member count by the manifest's, before a bundle of a
  // million members costs seconds and hundreds of megabytes (the tar
  // reader alone allows kMaxMembers).
  std::optional<std::set<std::string, std::less<>>> named_files;

  // SHA256SUMS, checked as it streams; its verdict waits for step 5.
  std::unique_ptr<SumsParser> sums_parser;
  crypto::Blake2b512Hasher sums_prehash;
  minisign::Blake2b512Digest sums_digest{};
  std::vector<bool> listed;
  std::optional<Error> sums_failure;
  PlainBytes signature_file;
  bool saw_sums = false;
  bool saw_signature = false;

  PlainBytes chunk = PlainBytes(kReadBytes);
  bool at_end = false;
  bool spent = false;
  std::optional<Error> error;  // sticky

  Error Fail(Error e) {
    error = std::move(e);
    return *error;
  }
  Status Check(Status s) {
    if (!s.ok()) error = s.error();
    return s;
  }

  void DeferSums(const Error& e) {
    if (!sums_failure) sums_failure = e;
  }

  // Section 2's order, and the caps of members read whole.
  Status Admit(const tar::TarMember& m, MemberKind kind) {
    if (members.empty() && kind != MemberKind::kManifest) {
      return Refused("the first member must be manifest.json, not " + Quoted(m.name));
    }
    if (saw_signature) {
      return Refused("member " + Quoted(m.name) + " after SHA256SUMS.minisig, which must be last");
    }
    if (saw_sums && kind != MemberKind::kSumsSignature) {
      return Refused("SHA256SUMS must be followed by SHA256SUMS.minisig, not " + Quoted(m.name));
    }
    if (kind == MemberKind::kSumsSignature && !saw_sums) {
      return Refused("SHA256SUMS.minisig comes before SHA256SUMS");
    }
    if (!named_files && parsed_manifest && parsed_manifest->ok()) {
      named_files.emplace();
      for (const ManifestFile& f : FilesNamedBy(**parsed_manifest)) named_files->insert(f.name);
    }
    if (named_files && kind != MemberKind::kManifest && kind != MemberKind::kHowToVerify &&
        kind != MemberKind::kSums && kind != MemberKind::kSumsSignature &&
        named_files->count(m.name) == 0) {
      return Refused("member " + Quoted(m.name) + " is not named by the manifest");
    }
    if (kind == MemberKind::kSums && m.size_bytes > kMaxSumsBytes) {
      return Refused("SHA256SUMS is larger than any bundle can need");
    }
    if (IsReadWholeMember(kind) && m.size_bytes > MaxBufferedMemberBytes(kind)) {
      return Refused(Quoted(m.name) + " is larger than its cap (" +
                     std::to_string(MaxBufferedMemberBytes(kind)) + " bytes)");
    }
    if (IsBufferedMember(kind)) {
      if (m.size_bytes > MaxBufferedMemberBytes(kind)) {
        return Refused(Quoted(m.name) + " is larger than its cap (" +
                       std::to_string(MaxBufferedMemberBytes(kind)) + " bytes)");
      }
      if (kind != MemberKind::kSumsSignature) {
        buffered_bytes += m.size_bytes;
        if (buffered_bytes > kMaxBufferedBytes) {
          return Refused("the members read whole (manifest, contacts, time-stamps) together "
                         "exceed " + std::to_string(kMaxBufferedBytes) + " bytes");
        }
      }
    }
    return OkStatus();
  }

  // One digest per ended member, in order; Finish refuses a count that
  // does not match (never written past `members`).
  void CollectDigests() {
    for (const crypto::Sha256Digest& d : hashes.TakeDigests()) {
      if (hashed < members.size()) members[hashed].sha256 = d;
      ++hashed;
    }
  }

  void Begin(tar::TarMember m, MemberKind kind) {
    current_kind = kind;
    buffer = PlainBytes();
    if (IsBufferedMember(kind)) buffer.reserve(static_cast<std::size_t>(m.size_bytes));
    if (kind == MemberKind::kSums) {
      CollectDigests();  // SHA256SUMS is checked against them as it streams
      saw_sums = true;
      listed.assign(members.size(), false);
      sums_parser = std::make_unique<SumsParser>([this](const SumsEntry& e) -> Status {
        auto it = index.find(e.name);
        if (it == index.end()) {
          return Refused("SHA256SUMS lists " + Quoted(e.name) + ", which is not in the bundle");
        }
        if (members[it->second].sha256 != e.sha256) {
          return Refused("the SHA-256 of " + Quoted(e.name) + " does not match SHA256SUMS");
        }
        listed[it->second] = true;
        return OkStatus();
      });
    }
    if (kind == MemberKind::kSumsSignature) saw_signature = true;
    current = BundleMember{std::move(m.name), m.size_bytes};
  }

  void Consume(std::span<const uint8_t> data) {
    hashes.Update(data);
    if (IsBufferedMember(current_kind)) AppendBytes(buffer, data);
    if (current_kind == MemberKind::kSums) {
      sums_prehash.Update(data);
      Status s = sums_parser->Feed(data);
      if (!s.ok()) DeferSums(s.error());
    }
  }

  void End() {
    hashes.EndStream();
    MemberDigest digest{current->name, current->size_bytes, {}};  // sha256: CollectDigests
    if (current_kind == MemberKind::kSums) {
      sums_digest = sums_prehash.Finish();
      Status s = sums_parser->Finish();
      if (!s.ok()) DeferSums(s.error());
      sums_parser.reset();
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (!listed[i]) DeferSums(Refused("member " + Quoted(members[i].name) + " is not listed in SHA256SUMS"));
      }
    }
    if (current_kind == MemberKind::kSumsSignature) {
      signature_file = std::move(buffer);
    } else if (IsBufferedMember(current_kind)) {
      if (current_kind == MemberKind::kManifest) parsed_manifest = ParseManifest(buffer);
      small_members.emplace(current->name, std::move(buffer));
    }
    buffer = PlainBytes();
    index.emplace(digest.name, members.size());
    members.push_back(std::move(digest));
    current.reset();
  }

  // Up to out.size() bytes of the current member, consumed; 0 at its end.
  Result<std::size_t> ReadMember(std::span<uint8_t> out) {
    if (error) return *error;
    if (!current || out.empty()) return std::size_t{0};
    auto n = tar->ReadData(out);
    if (!n.ok()) return Fail(n.take_error());
    if (*n == 0) {
      End();
      return std::size_t{0};
    }
    Consume(out.first(*n));
    return *n;
  }

  // The rest of the current member, to `sink` if there is one.
  Status Pump(ByteSink* sink) {
    while (current) {
      TVAULT_ASSIGN_OR_RETURN(std::size_t n, ReadMember(chunk));
      if (n == 0) break;
      if (sink != nullptr) TVAULT_TRY(Check(sink->Write(std::span(chunk).first(n))));
    }
    return OkStatus();
  }

  class MemberReader final : public ByteSource {
   public:
    explicit MemberReader(Impl& impl) : impl_(impl) {}
    Result<std::size_t> Read(std::span<uint8_t> out) override { return impl_.ReadMember(out); }

   private:
    Impl& impl_;
  };
  MemberReader member_reader{*this};

  Result<std::optional<BundleMember>> Next() {
    if (error) return *error;
    if (spent) return Fail(MakeError(ErrorCode::kFailedPrecondition, "bundle: reader already finished"));
    if (at_end) return std::optional<BundleMember>();
    TVAULT_TRY(Pump(nullptr));
    auto next = tar->Next();
    if (!next.ok()) return Fail(next.take_error());
    if (!next->has_value()) {
      if (!saw_sums) return Fail(Refused("the bundle has no SHA256SUMS"));
      if (!saw_signature) return Fail(Refused("the bundle has no SHA256SUMS.minisig"));
      at_end = true;
      return std::optional<BundleMember>();
    }
    tar::TarMember m = std::move(**next);
    const MemberKind kind = KindOfMember(m.name);
    TVAULT_TRY(Check(Admit(m, kind)));
    Begin(std::move(m), kind);
    return std::optional<BundleMember>(*current);
  }

  // Step 3: the signature, under an accepted key.
  Result<minisign::PublicKey> VerifySignature(const minisign::Signature& signature,
                                              std::span<const minisign::PublicKey> accepted) {
    std::optional<Error> last;
    for (const minisign::PublicKey& key : accepted) {
      if (key.key_id != signature.key_id) continue;
      Status s = minisign::Verify(key, signature, sums_digest);
      if (s.ok()) return key;
      last = s.error();
    }
    if (last) return *last;
    return MakeError(ErrorCode::kIntegrity,
                     "SHA256SUMS.minisig was made by key " + minisign::KeyIdText(signature.key_id) +
                         ", which is not an accepted signer",
                     ErrorDetail::kUntrustedSigner);
  }

  // With no accepted key, every signature is refused as untrusted: a
  // recipient who knows no sender learns which key signed.
  Result<VerifiedBundle> Finish(std::span<const minisign::PublicKey> accepted) {
    while (true) {
      TVAULT_ASSIGN_OR_RETURN(std::optional<BundleMember> m, Next());
      if (!m) break;
    }
    spent = true;
    CollectDigests();
    if (hashed != members.size()) {
      return MakeError(ErrorCode::kInternal, "bundle: a member's SHA-256 is missing");
    }
    TVAULT_ASSIGN_OR_RETURN(minisign::Signature signature,
                            minisign::ParseSignatureFile(signature_file));
    TVAULT_ASSIGN_OR_RETURN(minisign::PublicKey signer, VerifySignature(signature, accepted));

    // Step 4.
    TVAULT_ASSIGN_OR_RETURN(TrustedComment comment, ParseTrustedComment(signature.trusted_comment));
    if (std::find(comment.recipients.begin(), comment.recipients.end(), decrypted_by) ==
        comment.recipients.end()) {
      return Refused("the signed recipient list does not name this identity (" +
                     FormatFingerprint(decrypted_by) +
                     "): the bundle was forwarded by one of its recipients");
    }
    // Step 5.
    if (sums_failure) return *sums_failure;
    // Step 6.
    auto manifest_bytes = small_members.find(std::string(kManifestName));
    if (manifest_bytes == small_members.end()) return Refused("the bundle has no manifest.json");
    if (!parsed_manifest) parsed_manifest = ParseManifest(manifest_bytes->second);
    TVAULT_ASSIGN_OR_RETURN(BundleManifest manifest, std::move(*parsed_manifest));
    parsed_manifest.reset();
    TVAULT_TRY(CheckManifestAgainstBundle(manifest, comment, signer, members));

    VerifiedBundle verified;
    verified.manifest = std::move(manifest);
    verified.trusted_comment = std::move(comment);
    verified.signer = signer;
    verified.decrypted_by = decrypted_by;
    verified.members = std::move(members);
    verified.small_members = std::move(small_members);
    return verified;
  }
};

BundleReader::BundleReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleReader::BundleReader(BundleReader&&) noexcept = default;
BundleReader& BundleReader::operator=(BundleReader&&) noexcept = default;
BundleReader::~BundleReader() = default;

Result<BundleReader> BundleReader::Open(ByteSource& in, std::span<const SecretBytes> identities,
                                       ReadAheadSource::Threads threads) {
  auto impl = std::make_unique<Impl>(in);
  TVAULT_ASSIGN_OR_RETURN(age::Decryptor decryptor, age::Decryptor::Begin(impl->recorder, identities));
  auto opener = OpeningIdentity(impl->recorder.recorded(), identities);
  impl->recorder.StopRecording();
  if (!opener) return MakeError(ErrorCode::kInternal, "bundle: cannot tell which identity opened it");
  impl->decrypted_by = RecipientFingerprint(age::RecipientOf(identities[*opener]));
  impl->decryptor.emplace(std::move(decryptor));
  impl->plaintext.emplace(*impl->decryptor, nullptr, ReadAheadSource::Wipe::kYes, threads);
  TVAULT_ASSIGN_OR_RETURN(tar::TarReader tar, tar::TarReader::Open(*impl->plaintext));
  impl->tar.emplace(std::move(tar));
  return BundleReader(std::move(impl));
}

const Fingerprint& BundleReader::decrypted_by() const { return impl_->decrypted_by; }

const BundleManifest* BundleReader::UnverifiedManifest() const {
  const auto& parsed = impl_->parsed_manifest;
  return parsed && parsed->ok() ? &parsed->value() : nullptr;
}

Result<std::optional<BundleMember>> BundleReader::Next() { return impl_->Next(); }

Status BundleReader::CopyMemberTo(ByteSink& sink) {
  if (impl_->error) return *impl_->error;
  return impl_->Pump(&sink);
}

ByteSource& BundleReader::MemberSource() { return impl_->member_reader; }

Result<VerifiedBundle> BundleReader::Finish(std::span<const minisign::PublicKey> accepted_signers) {
  Impl& s = *impl_;
  if (s.error) return *s.error;
  if (s.spent) return MakeError(ErrorCode::kFailedPrecondition, "bundle: reader already finished");
  auto verified = s.Finish(accepted_signers);
  s.spent = true;
  if (!verified.ok()) s.error = verified.error();
  return verified;
}

}  // namespace tvault::bundle
