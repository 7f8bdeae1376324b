#include "bundle/bundle_format.h"

#include <charconv>
#include <cstdio>

#include "minisign/minisign.h"

namespace tvault::bundle {
namespace {

bool IsNameByte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-';
}

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

// statements/<T-id>.v<N>, N in 1..2^32-1 without leading zeros.
bool IsStatementName(std::string_view name) {
  if (!name.starts_with(kStatementsDir)) return false;
  std::string_view rest = name.substr(kStatementsDir.size());
  std::size_t dot = rest.find(".v");
  if (dot == std::string_view::npos || !IsTestimonyId(rest.substr(0, dot))) return false;
  std::string_view digits = rest.substr(dot + 2);
  if (digits.empty() || digits[0] == '0') return false;
  uint32_t version = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  return ec == std::errc() && end == digits.data() + digits.size();
}

void AppendCodePoint(std::string& out, uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
  out += buf;
}

bool IsDangerousCodePoint(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // C0, DEL, C1
         cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||  // bidi marks, embeddings
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x2028 || cp == 0x2029;      // line and paragraph separators
}

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 if invalid.
std::size_t DecodeUtf8(std::string_view s, std::size_t i, uint32_t& cp) {
  const auto c = static_cast<uint8_t>(s[i]);
  std::size_t n;
  if (c < 0x80) { cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool IsValidMemberName(std::string_view name) {
  if (name.empty() || name.size() > kMaxMemberNameBytes) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = name.find('/', start);
    std::string_view component =
        name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (component.empty() || component == "." || component == "..") return false;
    for (char c : component)
      if (!IsNameByte(c)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

MemberKind KindOfMember(std::string_view name) {
  if (name == kManifestName) return MemberKind::kManifest;
  if (name == kHowToVerifyName) return MemberKind::kHowToVerify;
  if (name == kSumsName) return MemberKind::kSums;
  if (name == kSumsSignatureName) return MemberKind::kSumsSignature;
  if (IsStatementName(name)) return MemberKind::kStatement;
  if (HasShape(name, kContactsDir, ".json", IsWitnessId)) return MemberKind::kContacts;
  if (HasShape(name, kCustodyDir, ".json", IsTestimonyId)) return MemberKind::kCustody;
  if (HasShape(name, kEvidenceDir, "", IsEvidenceId)) return MemberKind::kEvidence;
  return MemberKind::kUnknown;
}

bool IsBufferedMember(MemberKind kind) {
  // Custody files are not buffered: there is one per record, and the caller
  // checks each as it streams (vault/bundle_ops/custody_excerpt.h).
  return kind == MemberKind::kManifest || kind == MemberKind::kContacts ||
         kind == MemberKind::kSumsSignature;
}

std::size_t MaxBufferedMemberBytes(MemberKind kind) {
  switch (kind) {
    case MemberKind::kManifest: return kMaxManifestBytes;
    case MemberKind::kContacts:
    case MemberKind::kCustody: return kMaxSmallMemberBytes;
    case MemberKind::kSumsSignature: return minisign::kMaxSignatureFileBytes;
    default: return 0;
  }
}

bool IsTestimonyId(std::string_view id) { return IsId(id, 'T', 6); }
bool IsWitnessId(std::string_view id) { return IsId(id, 'W', 5); }
bool IsEvidenceId(std::string_view id) { return IsId(id, 'E', 6); }
bool IsBundleId(std::string_view id) { return IsId(id, 'B', 12); }

std::string StatementMemberName(std::string_view testimony_id, uint32_t version) {
  return std::string(kStatementsDir) + std::string(testimony_id) + ".v" + std::to_string(version);
}
std::string ContactsMemberName(std::string_view witness_id) {
  return std::string(kContactsDir) + std::string(witness_id) + ".json";
}
std::string CustodyMemberName(std::string_view testimony_id) {
  return std::string(kCustodyDir) + std::string(testimony_id) + ".json";
}
std::string EvidenceMemberName(std::string_view evidence_id) {
  return std::string(kEvidenceDir) + std::string(evidence_id);
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

std::string EscapeForTerminal(std::string_view untrusted) {
  std::string out;
  out.reserve(untrusted.size());
  std::size_t i = 0;
  while (i < untrusted.size()) {
    uint32_t cp = 0;
    std::size_t n = DecodeUtf8(untrusted, i, cp);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<uint8_t>(untrusted[i])));
      out += buf;
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (IsDangerousCodePoint(cp)) {
      AppendCodePoint(out, cp);
    } else {
      out.append(untrusted.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace tvault::bundle
