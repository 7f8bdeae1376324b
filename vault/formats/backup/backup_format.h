// The backup file (docs/format.md, section 9): its member names and order,
// manifest.json, and the signature's comments. Pure: no vault, no files.
//
// ParseManifest reads untrusted bytes: strict UTF-8 JSON (JsonReader), one
// object, no unknown field anywhere, every type and grammar checked;
// kUnsupported for a version other than 1 (checked before any other field),
// kIntegrity for everything else. SerializeManifest is deterministic and
// ParseManifest(SerializeManifest(m)) == m.
// Thread-safety: no shared state.
#ifndef TVAULT_BACKUP_BACKUP_FORMAT_H_
#define TVAULT_BACKUP_BACKUP_FORMAT_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hash.h"
#include "identity/fingerprint.h"
#include "minisign/minisign.h"
#include "vault/result.h"

namespace tvault::backup {

inline constexpr std::string_view kFormat = "tvault-backup";
inline constexpr uint64_t kVersion = 1;
inline constexpr std::string_view kHeaderMember = "vault/vault.header";
inline constexpr std::string_view kDatabaseMember = "vault/vault.db";
inline constexpr std::string_view kEvidencePrefix = "vault/evidence/";
inline constexpr std::string_view kCheckpointMember = "checkpoint";
inline constexpr std::string_view kManifestMember = "manifest.json";
inline constexpr std::string_view kSignatureMember = "manifest.json.minisig";
inline constexpr std::string_view kUntrustedComment = "tvault backup signature";
inline constexpr std::size_t kMaxManifestBytes = 64u << 20;
inline constexpr std::size_t kMaxHeaderBytes = 4096;

using VaultId = std::array<uint8_t, 16>;

struct ManifestFile {
  std::string name;
  uint64_t size = 0;
  crypto::Sha256Digest sha256{};
  bool operator==(const ManifestFile&) const = default;
};

struct Manifest {
  VaultId vault_id{};
  Fingerprint fingerprint{};
  minisign::PublicKey signer;
  int64_t created_at_unix_s = 0;
  std::string tvault_version;
  uint64_t checkpoint_size = 0;
  std::vector<ManifestFile> files;  // every member before manifest.json, in order
};

std::string SerializeManifest(const Manifest& m);
Result<Manifest> ParseManifest(std::span<const uint8_t> bytes);

// "tvault backup <vault_id hex> <created_at>": what the signature's trusted
// comment must be.
std::string TrustedComment(const Manifest& m);

// Where a member of the vault goes: "vault/vault.header" is "vault.header",
// "vault/evidence/E-X.tve" is "evidence/E-X.tve". Empty for a name that is
// not a vault member (the checkpoint, the manifest, anything else).
std::string VaultPathOf(std::string_view member);

// Checks the order of section 9.2 one member at a time.
class MemberOrder {
 public:
  // kIntegrity if `name` cannot come next.
  Status Next(std::string_view name);
  // kIntegrity unless the signature was the last member seen.
  Status End() const;

 private:
  enum class Stage { kHeader, kDatabase, kEvidence, kManifest, kSignature, kDone };
  Stage stage_ = Stage::kHeader;
  std::string last_evidence_;
};

}  // namespace tvault::backup

#endif  // TVAULT_BACKUP_BACKUP_FORMAT_H_
