// The verify pass over a bundle, shared by Vault::VerifyBundle and
// Vault::ImportBundle (docs/bundle-format.md, section 5).
//
// ReadBundle makes one full streaming pass and returns the verified
// manifest, or an error; everything wrong with the bundle is kIntegrity.
// VerifyInVault adds what a vault knows: the accepted signers (the given
// key, else every peer's), the custody excerpts checked against their
// records, and the summary. Nothing here stores or logs anything; the caller
// holds the vault's transaction. Not thread-safe (one vault, one caller).
#ifndef TVAULT_BINDING_IMPORT_VERIFY_H_
#define TVAULT_BINDING_IMPORT_VERIFY_H_

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binding/vault_impl.h"
#include "bundle/bundle_io.h"
#include "minisign/minisign.h"

namespace tvault {

inline PlainString Plain(const std::string& s) { return PlainString(s.data(), s.size()); }

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
  bundle::VerifiedBundle verified;
  std::optional<Sha256Bytes> file_sha256;  // with FileDigest::kCompute only
};

// Bytes of the bundle read so far in this pass (on the caller's thread).
using ReadProgress = std::function<void(uint64_t bytes)>;

// One full pass over the bundle; `on_member` (optional) may consume members.
Result<ReadOutcome> ReadBundle(const std::filesystem::path& file,
                               std::span<const SecretBytes> identities,
                               std::span<const minisign::PublicKey> signers,
                               const MemberFn& on_member, FileDigest digest,
                               const ReadProgress& on_read = {});

struct Verified {
  ReadOutcome outcome;
  BundleSummary summary;
};

// The vault's own age identity, as BundleReader takes identities.
Result<std::vector<SecretBytes>> VaultIdentities(Vault::Impl& v);
// The identities of an age identity file (kInvalidArgument with
// ErrorDetail::kBadIdentityFile if it holds none).
Result<std::vector<SecretBytes>> IdentitiesFromFile(const std::filesystem::path& identity_file);
// IdentitiesFromFile when `identity_file` is given, else VaultIdentities.
Result<std::vector<SecretBytes>> BundleIdentities(Vault::Impl& v,
                                                  const std::filesystem::path& identity_file);

// Where a pass also copies a member's bytes (`bundle extract`), asked once
// per member as it starts; nullptr: nowhere. What it receives is UNVERIFIED
// until the pass returns success.
using MemberCopy = std::function<Result<ByteSink*>(const bundle::BundleMember&)>;

// Steps 1-7 with the vault's peers as the accepted signers unless
// `signer_key` names one; the summary names the signing peer.
Result<Verified> VerifyInVault(Vault::Impl& v, std::span<const SecretBytes> identities,
                               const std::filesystem::path& file, std::string_view signer_key,
                               const ReadProgress& on_read = {}, const MemberCopy& copy = {});

// Steps 1-7 without a vault: decrypted by an age identity file, signed by
// `signer_key` (required: kInvalidArgument without it).
Result<BundleSummary> VerifyWithIdentityFile(const std::filesystem::path& file,
                                             const std::filesystem::path& identity_file,
                                             std::string_view signer_key,
                                             const ReadProgress& on_read, const MemberCopy& copy);

// Progress in bytes of the bundle's size, from bytes read in one pass.
ReadProgress ProgressOfOnePass(const Progress& progress, const std::filesystem::path& file);

// The size of the bundle at `file` for progress totals (0 if unknown).
uint64_t BundleSizeForProgress(const std::filesystem::path& file);

}  // namespace tvault

#endif  // TVAULT_BINDING_IMPORT_VERIFY_H_
