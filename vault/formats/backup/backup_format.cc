#include "backup/backup_format.h"

#include <algorithm>

#include "bundle/manifest_fields.h"
#include "crypto/encoding.h"
#include "evidence/evidence_store.h"
#include "tar/ustar_profile.h"
#include "util/json_reader.h"
#include "util/json_writer.h"
#include "util/utf8.h"
#include "vault/text.h"

namespace tvault::backup {
namespace {

namespace dom = simdjson::dom;
using bundle::manifest_json::Fields;
using bundle::manifest_json::ForEachObject;
using bundle::manifest_json::ManifestError;

// The root and the objects of "files".
constexpr std::size_t kMaxJsonDepth = 4;
// Year 9999, as far as FormatUtc writes four digits.
constexpr int64_t kMaxCreatedUnixS = 253402300799;

Error OrderError(std::string_view name, std::string_view why) {
  return MakeError(ErrorCode::kIntegrity,
                   "backup member \"" + EscapeForTerminal(name) + "\" " + std::string(why));
}

bool IsVersionChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         c == '.' || c == '-' || c == '+' || c == '~';
}

bool IsVaultMemberName(std::string_view name) {
  if (name == kHeaderMember || name == kDatabaseMember) return true;
  return name.starts_with(kEvidencePrefix) &&
         EvidenceStore::IsFinalFileName(name.substr(kEvidencePrefix.size()));
}

bool IsCoveredName(std::string_view name) {
  return name == kCheckpointMember || IsVaultMemberName(name);
}

Result<Manifest> ParseTop(Fields& top) {
  Manifest m;
  TVAULT_TRY(top.FileName("format", std::string(kFormat)));
  TVAULT_ASSIGN_OR_RETURN(std::string_view id_hex, top.View("vault_id"));
  if (!crypto::DecodeLowerHex(id_hex, m.vault_id)) {
    return top.Bad("vault_id", "not 32 lowercase hex digits");
  }
  TVAULT_ASSIGN_OR_RETURN(m.fingerprint, top.FingerprintField("fingerprint"));
  TVAULT_ASSIGN_OR_RETURN(m.signer, top.MinisignKey("signer"));
  TVAULT_ASSIGN_OR_RETURN(m.created_at_unix_s, top.Time("created_at"));
  if (m.created_at_unix_s < 0 || m.created_at_unix_s > kMaxCreatedUnixS) {
    return top.Bad("created_at", "out of range");
  }
  TVAULT_ASSIGN_OR_RETURN(m.tvault_version, top.String("tvault_version"));
  if (m.tvault_version.empty() || m.tvault_version.size() > 64 ||
      !std::all_of(m.tvault_version.begin(), m.tvault_version.end(), IsVersionChar)) {
    return top.Bad("tvault_version", "not a version number");
  }
  TVAULT_ASSIGN_OR_RETURN(m.checkpoint_size, top.Unsigned("checkpoint_size", UINT64_MAX));
  TVAULT_TRY(ForEachObject(top, "files", [&](Fields& f) -> Status {
    ManifestFile file;
    TVAULT_ASSIGN_OR_RETURN(file.name, f.Id("name", IsCoveredName, "a backup member name"));
    TVAULT_ASSIGN_OR_RETURN(file.size, f.Unsigned("size", tar::kMaxMemberBytes));
    TVAULT_ASSIGN_OR_RETURN(file.sha256, f.Sha256("sha256"));
    m.files.push_back(std::move(file));
    return OkStatus();
  }));
  // The files must be the members before the manifest, in their order.
  MemberOrder order;
  for (const ManifestFile& f : m.files) {
    Status s = order.Next(f.name);
    if (!s.ok()) return ManifestError("files", "not the members of a backup in order: " +
                                                   s.error().message);
  }
  if (Status s = order.Next(kManifestMember); !s.ok()) {
    return ManifestError("files", "not the members of a backup in order: " + s.error().message);
  }
  TVAULT_TRY(top.NoOtherFields());
  return m;
}

}  // namespace

std::string SerializeManifest(const Manifest& m) {
  PlainString out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("format", kFormat);
  w.FieldUint("version", kVersion);
  w.Field("vault_id", crypto::HexEncode(m.vault_id));
  w.Field("fingerprint", FormatFingerprint(m.fingerprint));
  w.Field("signer", minisign::EncodePublicKey(m.signer));
  w.Field("created_at", FormatUtc(m.created_at_unix_s));
  w.Field("tvault_version", m.tvault_version);
  w.FieldUint("checkpoint_size", m.checkpoint_size);
  w.Key("files");
  w.BeginArray();
  for (const ManifestFile& f : m.files) {
    w.BeginObject();
    w.Field("name", f.name);
    w.FieldUint("size", f.size);
    w.Field("sha256", crypto::HexEncode(f.sha256));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return std::string(out.begin(), out.end());
}

Result<Manifest> ParseManifest(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxManifestBytes) return ManifestError("", "larger than its cap");
  JsonReader reader(kMaxJsonDepth);
  JsonRefusal why{};
  std::optional<dom::element> root = reader.Parse(bytes, why);
  if (!root) return ManifestError("", JsonRefusalText(why));
  dom::object object;
  if (root->get_object().get(object) != simdjson::SUCCESS) {
    return ManifestError("", "not a JSON object");
  }
  Fields top(object, "");
  // A later version may change every other field: it is checked first.
  TVAULT_ASSIGN_OR_RETURN(dom::element version, top.Get("version"));
  uint64_t v = 0;
  if (!version.is_uint64() || version.get_uint64().get(v) != simdjson::SUCCESS || v != kVersion) {
    return MakeError(ErrorCode::kUnsupported, "unknown backup format version");
  }
  return ParseTop(top);
}

std::string TrustedComment(const Manifest& m) {
  return "tvault backup " + crypto::HexEncode(m.vault_id) + " " + FormatUtc(m.created_at_unix_s);
}

std::string VaultPathOf(std::string_view member) {
  if (!IsVaultMemberName(member)) return {};
  return std::string(member.substr(std::string_view("vault/").size()));
}

Status MemberOrder::Next(std::string_view name) {
  switch (stage_) {
    case Stage::kHeader:
      if (name != kHeaderMember) return OrderError(name, "where vault/vault.header must be");
      stage_ = Stage::kDatabase;
      return OkStatus();
    case Stage::kDatabase:
      if (name != kDatabaseMember) return OrderError(name, "where vault/vault.db must be");
      stage_ = Stage::kEvidence;
      return OkStatus();
    case Stage::kEvidence:
      if (name == kCheckpointMember) {
        stage_ = Stage::kManifest;
        return OkStatus();
      }
      if (!name.starts_with(kEvidencePrefix) ||
          !EvidenceStore::IsFinalFileName(name.substr(kEvidencePrefix.size()))) {
        return OrderError(name, "where an evidence file or the checkpoint must be");
      }
      if (!last_evidence_.empty() && name <= last_evidence_) {
        return OrderError(name, "is out of order");
      }
      last_evidence_ = std::string(name);
      return OkStatus();
    case Stage::kManifest:
      if (name != kManifestMember) return OrderError(name, "where manifest.json must be");
      stage_ = Stage::kSignature;
      return OkStatus();
    case Stage::kSignature:
      if (name != kSignatureMember) return OrderError(name, "where manifest.json.minisig must be");
      stage_ = Stage::kDone;
      return OkStatus();
    case Stage::kDone: break;
  }
  return OrderError(name, "follows the signature, which must be the last member");
}

Status MemberOrder::End() const {
  if (stage_ == Stage::kDone) return OkStatus();
  return MakeError(ErrorCode::kIntegrity,
                   "the backup ends early: members are missing (it may be truncated)");
}

}  // namespace tvault::backup
