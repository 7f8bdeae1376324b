#include "backup/backup_reader.h"

#include <optional>
#include <vector>

#include "crypto/encoding.h"
#include "identity/custodian_keys.h"
#include "tar/tar_stream.h"
#include "util/sha256_worker.h"
#include "util/utf8.h"

namespace tvault::backup {
namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;

Error Damaged(std::string why) { return MakeError(ErrorCode::kIntegrity, std::move(why)); }

// The most a member may hold, by name: the small ones are read whole.
uint64_t CapOf(std::string_view name) {
  if (name == kHeaderMember) return kMaxHeaderBytes;
  if (name == kCheckpointMember) return audit::kMaxNoteBytes;
  if (name == kManifestMember) return kMaxManifestBytes;
  if (name == kSignatureMember) return minisign::kMaxSignatureFileBytes;
  return UINT64_MAX;
}

struct Member {
  std::string name;
  uint64_t size = 0;
};

// What the pass collects besides the vault's bytes.
struct Collected {
  std::vector<Member> members;  // before the manifest, in order
  std::string checkpoint;
  std::vector<uint8_t> manifest;
  std::vector<uint8_t> signature;
  uint64_t vault_bytes = 0;
  uint64_t evidence_files = 0;
};

// The small members that are read whole (the rest is streamed).
bool IsKept(std::string_view name) {
  return name == kCheckpointMember || name == kManifestMember || name == kSignatureMember;
}

void Keep(std::string_view name, std::vector<uint8_t> bytes, Collected& c) {
  if (name == kCheckpointMember) c.checkpoint.assign(bytes.begin(), bytes.end());
  if (name == kManifestMember) c.manifest = std::move(bytes);
  if (name == kSignatureMember) c.signature = std::move(bytes);
}

Status ReadMembers(tar::TarReader& reader, MemberSinks* sinks, Sha256Worker& sha,
                   Collected& c) {
  MemberOrder order;
  std::vector<uint8_t> buf(kChunkBytes);
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(std::optional<tar::TarMember> m, reader.Next());
    if (!m) break;
    TVAULT_TRY(order.Next(m->name));
    if (m->size_bytes > CapOf(m->name)) {
      return Damaged("backup member " + m->name + " is larger than the format allows");
    }
    const std::string vault_path = VaultPathOf(m->name);
    const bool covered = m->name != kManifestMember && m->name != kSignatureMember;
    ByteSink* sink = nullptr;
    if (!vault_path.empty() && sinks != nullptr) {
      TVAULT_ASSIGN_OR_RETURN(sink, sinks->Begin(vault_path, m->size_bytes));
    }
    const bool keep = IsKept(m->name);
    std::vector<uint8_t> kept;
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(std::size_t n, reader.ReadData(buf));
      if (n == 0) break;
      std::span<const uint8_t> data(buf.data(), n);
      if (covered) sha.Update(data);
      if (sink != nullptr) TVAULT_TRY(sink->Write(data));
      if (keep) kept.insert(kept.end(), data.begin(), data.end());
    }
    if (sink != nullptr) TVAULT_TRY(sinks->End());
    if (keep) Keep(m->name, std::move(kept), c);
    if (covered) {
      sha.EndStream();
      c.members.push_back(Member{m->name, m->size_bytes});
    }
    if (!vault_path.empty()) {
      c.vault_bytes += m->size_bytes;
      if (m->name.starts_with(kEvidencePrefix)) ++c.evidence_files;
    }
  }
  return order.End();
}

// The members read must be exactly the manifest's files.
Status MatchManifest(const Manifest& m, const std::vector<Member>& members,
                     const std::vector<crypto::Sha256Digest>& digests) {
  if (m.files.size() != members.size()) {
    return Damaged("manifest.json lists " + std::to_string(m.files.size()) +
                   " files but the backup holds " + std::to_string(members.size()));
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    const ManifestFile& f = m.files[i];
    if (f.name != members[i].name) {
      return Damaged("manifest.json lists " + EscapeForTerminal(f.name) + " where the backup holds " +
                     EscapeForTerminal(members[i].name));
    }
    if (f.size != members[i].size) {
      return Damaged(f.name + " is " + std::to_string(members[i].size) +
                     " bytes, but manifest.json says " + std::to_string(f.size));
    }
    if (f.sha256 != digests[i]) {
      return Damaged(f.name + " does not match its SHA-256 in manifest.json (damaged or altered)");
    }
  }
  return OkStatus();
}

Status VerifySignature(const Manifest& m, const Collected& c) {
  TVAULT_ASSIGN_OR_RETURN(minisign::Signature sig, minisign::ParseSignatureFile(c.signature));
  SpanSource manifest(c.manifest);
  TVAULT_ASSIGN_OR_RETURN(minisign::Blake2b512Digest digest, minisign::Blake2b512Of(manifest));
  Status ok = minisign::Verify(m.signer, sig, digest);
  if (!ok.ok()) {
    return Damaged("manifest.json.minisig: " + ok.error().message +
                   " (the manifest or its signature was altered)");
  }
  if (sig.trusted_comment != TrustedComment(m)) {
    return Damaged("manifest.json.minisig: the trusted comment does not describe this backup");
  }
  return OkStatus();
}

Result<audit::Checkpoint> VerifyCheckpoint(const Manifest& m, const std::string& note) {
  const std::string origin = "tvault/v1/audit/" + crypto::HexEncode(m.vault_id);
  auto cp = audit::OpenCheckpoint(note, CheckpointVerifierKey(m.signer), origin);
  if (!cp.ok()) return Damaged("checkpoint: " + cp.error().message);
  if (cp->size != m.checkpoint_size) {
    return Damaged("checkpoint: its size is not the checkpoint_size of manifest.json");
  }
  return *cp;
}

}  // namespace

Result<VerifiedBackup> ReadBackup(ByteSource& in, MemberSinks* sinks) {
  TVAULT_ASSIGN_OR_RETURN(tar::TarReader reader, tar::TarReader::Open(in));
  Collected c;
  std::vector<crypto::Sha256Digest> digests;
  {
    Sha256Worker sha;
    TVAULT_TRY(ReadMembers(reader, sinks, sha, c));
    digests = sha.TakeDigests();
  }
  VerifiedBackup out;
  TVAULT_ASSIGN_OR_RETURN(out.manifest, ParseManifest(c.manifest));
  TVAULT_TRY(MatchManifest(out.manifest, c.members, digests));
  TVAULT_TRY(VerifySignature(out.manifest, c));
  TVAULT_ASSIGN_OR_RETURN(out.checkpoint, VerifyCheckpoint(out.manifest, c.checkpoint));
  out.checkpoint_note = std::move(c.checkpoint);
  out.manifest_sha256 = crypto::Sha256(c.manifest);
  out.vault_bytes = c.vault_bytes;
  out.evidence_files = c.evidence_files;
  return out;
}

}  // namespace tvault::backup
