#include "bundle/bundle_format.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "minisign/minisign.h"

namespace tvault::bundle {
namespace {


bool IsCrockford(char c) {
  // 0-9 and A-Z without I, L, O, U.
  return (c >= '0' && c <= '9') ||
         (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
}

bool IsId(std::string_view id, char prefix, std::size_t random_chars) {
  if (id.size() != 2 + random_chars || id[0] != prefix || id[1] != '-') return false;
  for (char c : id.substr(2))
    if (!IsCrockford(c)) return false;
  return true;
}

// "<dir><id><suffix>" with an id accepted by `is_id`.
bool HasShape(std::string_view name, std::string_view dir, std::string_view suffix,
              bool (*is_id)(std::string_view)) {
  if (!name.starts_with(dir) || !name.ends_with(suffix)) return false;
  if (name.size() < dir.size() + suffix.size()) return false;
  return is_id(name.substr(dir.size(), name.size() - dir.size() - suffix.size()));
}

// statements/<T-id>.v<N>, N in 1..2^32-1 without leading zeros, then
// possibly ".txt" or ".redacted.txt" (version 2).
bool IsStatementName(std::string_view name) {
  if (!name.starts_with(kStatementsDir)) return false;
  std::string_view rest = name.substr(kStatementsDir.size());
  if (rest.ends_with(kRedactedSuffix)) {
    rest.remove_suffix(kRedactedSuffix.size());
  } else if (rest.ends_with(kTextSuffix)) {
    rest.remove_suffix(kTextSuffix.size());
  }
  std::size_t dot = rest.find(".v");
  if (dot == std::string_view::npos || !IsTestimonyId(rest.substr(0, dot))) return false;
  std::string_view digits = rest.substr(dot + 2);
  if (digits.empty() || digits[0] == '0') return false;
  uint32_t version = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  return ec == std::errc() && end == digits.data() + digits.size();
}

// timestamps/<N><suffix>, N in 1..2^63-1 in decimal without leading zeros
// (section 8.1).
bool IsTimestampName(std::string_view name, std::string_view suffix) {
  if (!name.starts_with(kTimestampsDir) || !name.ends_with(suffix)) return false;
  if (name.size() <= kTimestampsDir.size() + suffix.size()) return false;
  std::string_view digits =
      name.substr(kTimestampsDir.size(), name.size() - kTimestampsDir.size() - suffix.size());
  if (digits[0] == '0') return false;
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return ec == std::errc() && end == digits.data() + digits.size() &&
         n <= static_cast<uint64_t>(INT64_MAX);
}

// Section 7.2's table.
struct MediaExtension {
  std::string_view media_type;
  std::string_view ext;
};
constexpr MediaExtension kMediaExtensions[] = {
    {"application/pdf", "pdf"},   {"image/jpeg", "jpg"},        {"image/png", "png"},
    {"image/gif", "gif"},         {"image/webp", "webp"},       {"image/tiff", "tif"},
    {"image/heic", "heic"},       {"text/plain", "txt"},        {"application/json", "json"},
    {"application/zip", "zip"},   {"message/rfc822", "eml"},    {"application/octet-stream", "bin"},
    {"audio/mpeg", "mp3"},        {"audio/mp4", "m4a"},         {"audio/ogg", "ogg"},
    {"audio/opus", "opus"},       {"audio/wav", "wav"},         {"audio/x-wav", "wav"},
    {"audio/wave", "wav"},        {"audio/flac", "flac"},       {"audio/aac", "aac"},
    {"video/mp4", "mp4"},         {"video/webm", "webm"},       {"video/quicktime", "mov"},
    {"video/x-matroska", "mkv"},  {"video/3gpp", "3gp"},
};
constexpr std::string_view kOtherExtension = "bin";

bool IsTableExtension(std::string_view ext) {
  if (ext == kOtherExtension) return true;
  for (const MediaExtension& m : kMediaExtensions)
    if (m.ext == ext) return true;
  return false;
}

// evidence/<E-id>, or evidence/<E-id>.<ext> with an extension of the table.
bool IsEvidenceName(std::string_view name) {
  if (!name.starts_with(kEvidenceDir)) return false;
  std::string_view rest = name.substr(kEvidenceDir.size());
  const std::size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return IsEvidenceId(rest);
  return IsEvidenceId(rest.substr(0, dot)) && IsTableExtension(rest.substr(dot + 1));
}

}  // namespace


MemberKind KindOfMember(std::string_view name) {
  if (name == kManifestName) return MemberKind::kManifest;
  if (name == kHowToVerifyName) return MemberKind::kHowToVerify;
  if (name == kSumsName) return MemberKind::kSums;
  if (name == kSumsSignatureName) return MemberKind::kSumsSignature;
  if (IsStatementName(name)) return MemberKind::kStatement;
  if (HasShape(name, kContactsDir, ".json", IsWitnessId)) return MemberKind::kContacts;
  if (HasShape(name, kCustodyDir, ".json", IsTestimonyId)) return MemberKind::kCustody;
  if (name == kCustodyFileName) return MemberKind::kCustodyFile;
  if (IsEvidenceName(name)) return MemberKind::kEvidence;
  if (HasShape(name, kRedactionsDir, kProofSuffix, IsRedactionId)) {
    return MemberKind::kRedactionProof;
  }
  if (IsTimestampName(name, kStampedCheckpointSuffix)) return MemberKind::kStampedCheckpoint;
  if (IsTimestampName(name, kTimestampResponseSuffix)) return MemberKind::kTimestampResponse;
  return MemberKind::kUnknown;
}

bool IsBufferedMember(MemberKind kind) {
  // Custody files are not buffered: there is one per record, and the caller
  // checks each as it streams (vault/formats/bundle/custody_excerpt.h).
  return kind == MemberKind::kManifest || kind == MemberKind::kContacts ||
         kind == MemberKind::kStampedCheckpoint || kind == MemberKind::kTimestampResponse ||
         kind == MemberKind::kSumsSignature;
}

std::size_t MaxBufferedMemberBytes(MemberKind kind) {
  switch (kind) {
    case MemberKind::kManifest: return kMaxManifestBytes;
    case MemberKind::kContacts:
    case MemberKind::kCustody: return kMaxSmallMemberBytes;
    case MemberKind::kCustodyFile: return kMaxCustodyFileBytes;
    case MemberKind::kRedactionProof: return kMaxBundleProofBytes;
    case MemberKind::kStampedCheckpoint: return kMaxTimestampNoteBytes;
    case MemberKind::kTimestampResponse: return kMaxTimestampResponseBytes;
    case MemberKind::kSumsSignature: return minisign::kMaxSignatureFileBytes;
    default: return 0;
  }
}

bool IsTestimonyId(std::string_view id) { return IsId(id, 'T', 6); }
bool IsWitnessId(std::string_view id) { return IsId(id, 'W', 5); }
bool IsEvidenceId(std::string_view id) { return IsId(id, 'E', 6); }
bool IsBundleId(std::string_view id) { return IsId(id, 'B', 12); }
bool IsRedactionId(std::string_view id) { return IsId(id, 'R', 6); }

bool IsReadWholeMember(MemberKind kind) {
  return kind == MemberKind::kCustody || kind == MemberKind::kCustodyFile ||
         kind == MemberKind::kRedactionProof;
}

std::string StatementMemberName(std::string_view testimony_id, uint32_t version, bool text) {
  std::string name =
      std::string(kStatementsDir) + std::string(testimony_id) + ".v" + std::to_string(version);
  if (text) name += kTextSuffix;
  return name;
}
std::string RedactedStatementMemberName(std::string_view testimony_id, uint32_t version) {
  return StatementMemberName(testimony_id, version) + std::string(kRedactedSuffix);
}
std::string RedactionProofMemberName(std::string_view redaction_id) {
  return std::string(kRedactionsDir) + std::string(redaction_id) + std::string(kProofSuffix);
}
std::string StampedCheckpointMemberName(uint64_t checkpoint_size) {
  return std::string(kTimestampsDir) + std::to_string(checkpoint_size) +
         std::string(kStampedCheckpointSuffix);
}
std::string TimestampResponseMemberName(uint64_t checkpoint_size) {
  return std::string(kTimestampsDir) + std::to_string(checkpoint_size) +
         std::string(kTimestampResponseSuffix);
}
std::string ContactsMemberName(std::string_view witness_id) {
  return std::string(kContactsDir) + std::string(witness_id) + ".json";
}
std::string CustodyMemberName(std::string_view testimony_id) {
  return std::string(kCustodyDir) + std::string(testimony_id) + ".json";
}
std::string EvidenceMemberName(std::string_view evidence_id, int format,
                               std::string_view media_type) {
  std::string name = std::string(kEvidenceDir) + std::string(evidence_id);
  if (format >= kFormatVersion2) {
    name += '.';
    name += EvidenceExtension(media_type);
  }
  return name;
}

std::string_view EvidenceExtension(std::string_view media_type) {
  // Lower-cased (ASCII letters only), cut at ';', trimmed of spaces and tabs.
  media_type = media_type.substr(0, media_type.find(';'));
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!media_type.empty() && blank(media_type.front())) media_type.remove_prefix(1);
  while (!media_type.empty() && blank(media_type.back())) media_type.remove_suffix(1);
  for (const MediaExtension& m : kMediaExtensions) {
    if (m.media_type.size() != media_type.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < media_type.size() && same; ++i) {
      char c = media_type[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == m.media_type[i];
    }
    if (same) return m.ext;
  }
  return kOtherExtension;
}

std::optional<Fingerprint> ParseFingerprint(std::string_view text) {
  Fingerprint fp{};
  if (text.size() != 19) return std::nullopt;
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % 5 == 4) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const char c = text[i];
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return std::nullopt;
    fp[byte / 2] = static_cast<uint8_t>(fp[byte / 2] << 4 | v);
    ++byte;
  }
  return fp;
}


}  // namespace tvault::bundle
