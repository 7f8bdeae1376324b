#include "bundle/bundle_sums.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "bundle/bundle_format.h"
#include "crypto/encoding.h"
#include "vault/text.h"

namespace tvault::bundle {
namespace {

constexpr std::size_t kHexChars = 2 * crypto::kSha256Bytes;
constexpr std::string_view kSumsSeparator = "  ";
constexpr std::string_view kCommentPrefix = "tvault-bundle:";
constexpr std::string_view kIdField = " id:";
constexpr std::string_view kRecipientsField = " recipients:";
constexpr std::string_view kCreatedField = " created:";

bool IsListableName(std::string_view name) {
  return IsValidMemberName(name) && name != kSumsName && name != kSumsSignatureName;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error CommentError(std::string why) {
  return MakeError(ErrorCode::kIntegrity, "malformed trusted comment: " + std::move(why));
}

Status CheckCommentFields(const TrustedComment& c, ErrorCode code) {
  auto bad = [code](std::string why) {
    return MakeError(code, "trusted comment: " + std::move(why));
  };
  if (!IsBundleId(c.bundle_id)) return bad("the bundle id is not B- and 12 Crockford characters");
  if (c.recipients.empty()) return bad("no recipient");
  if (c.recipients.size() > kMaxRecipients) return bad("too many recipients");
  std::set<Fingerprint> seen(c.recipients.begin(), c.recipients.end());
  if (seen.size() != c.recipients.size()) return bad("a recipient is listed twice");
  if (c.created_at_unix_s < 0 || c.created_at_unix_s > kMaxCreatedUnixS) {
    return bad("creation time out of range");
  }
  return OkStatus();
}

}  // namespace

Result<std::string> FormatSums(std::vector<SumsEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const SumsEntry& a, const SumsEntry& b) { return a.name < b.name; });
  std::string out;
  out.reserve(entries.size() * (kHexChars + 2 + 40));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const SumsEntry& e = entries[i];
    if (!IsListableName(e.name)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "SHA256SUMS cannot list \"" + EscapeForTerminal(e.name) + "\"");
    }
    if (i > 0 && entries[i - 1].name == e.name) {
      return MakeError(ErrorCode::kInvalidArgument, "SHA256SUMS would list \"" + e.name + "\" twice");
    }
    out += crypto::HexEncode(e.sha256);
    out += kSumsSeparator;
    out += e.name;
    out += '\n';
  }
  return out;
}

Status SumsParser::Fail(std::string message) {
  error_ = MakeError(ErrorCode::kIntegrity, "SHA256SUMS: " + std::move(message));
  return *error_;
}

Status SumsParser::Feed(std::span<const uint8_t> bytes) {
  if (error_) return *error_;
  total_bytes_ += bytes.size();
  if (total_bytes_ > kMaxSumsBytes) return Fail("larger than any bundle can need");
  for (uint8_t b : bytes) {
    if (b == '\n') {
      TVAULT_TRY(OnLine());
      line_.clear();
      continue;
    }
    if (line_.size() + 1 == kMaxSumsLineBytes) {  // no room left for the LF
      return Fail("line " + std::to_string(lines_ + 1) + " is too long");
    }
    line_.push_back(static_cast<char>(b));
  }
  return OkStatus();
}

Status SumsParser::OnLine() {
  ++lines_;
  const std::string where = "line " + std::to_string(lines_);
  const std::string_view line = line_;
  if (line.size() < kHexChars + kSumsSeparator.size() || !IsLowerHex(line.substr(0, kHexChars)) ||
      line.substr(kHexChars, kSumsSeparator.size()) != kSumsSeparator) {
    return Fail(where + " is not \"<64 lowercase hex>  <name>\"");
  }
  const std::string_view name = line.substr(kHexChars + kSumsSeparator.size());
  if (!IsListableName(name)) {
    return Fail(where + " names \"" + EscapeForTerminal(name) + "\", which it may not list");
  }
  if (lines_ > 1 && name <= previous_name_) {
    return Fail(where + (name == previous_name_ ? " repeats " : " is out of order: ") + "\"" +
                std::string(name) + "\"");
  }
  SumsEntry entry;
  if (!crypto::DecodeLowerHex(line.substr(0, kHexChars), entry.sha256)) {
    return Fail(where + ": bad hex");
  }
  entry.name = std::string(name);
  previous_name_ = entry.name;
  Status s = on_entry_(entry);
  if (!s.ok()) {
    error_ = s.error();
    return s;
  }
  return OkStatus();
}

Status SumsParser::Finish() {
  if (error_) return *error_;
  if (!line_.empty()) return Fail("the last line does not end with a newline");
  return OkStatus();
}

Result<std::vector<SumsEntry>> ParseSums(std::span<const uint8_t> bytes) {
  std::vector<SumsEntry> entries;
  SumsParser parser([&entries](const SumsEntry& e) {
    entries.push_back(e);
    return OkStatus();
  });
  TVAULT_TRY(parser.Feed(bytes));
  TVAULT_TRY(parser.Finish());
  return entries;
}

Result<std::string> FormatTrustedComment(const TrustedComment& comment) {
  TVAULT_TRY(CheckCommentFields(comment, ErrorCode::kInvalidArgument));
  std::string out(kCommentPrefix);
  if (!IsKnownFormatVersion(comment.format_version)) {
    return MakeError(ErrorCode::kInvalidArgument, "unknown bundle format version");
  }
  out += std::to_string(comment.format_version);
  out += kIdField;
  out += comment.bundle_id;
  out += kRecipientsField;
  for (std::size_t i = 0; i < comment.recipients.size(); ++i) {
    if (i > 0) out += ',';
    out += FormatFingerprint(comment.recipients[i]);
  }
  out += kCreatedField;
  // Version 2 writes the time for people (section 7.5).
  out += comment.format_version >= kFormatVersion2 ? FormatUtc(comment.created_at_unix_s)
                                                   : std::to_string(comment.created_at_unix_s);
  return out;
}

Result<TrustedComment> ParseTrustedComment(std::string_view text) {
  if (!text.starts_with(kCommentPrefix)) return CommentError("it is not a tvault bundle comment");
  std::string_view rest = text.substr(kCommentPrefix.size());
  const std::size_t version_end = std::min(rest.find(' '), rest.size());
  const std::string_view version = rest.substr(0, version_end);
  if (!IsDigits(version)) return CommentError("no format version");
  if (version != "1" && version != "2" && version != "3") {
    return MakeError(ErrorCode::kUnsupported,
                     "unknown bundle format version " + EscapeForTerminal(version.substr(0, 20)) +
                         " in the trusted comment");
  }
  rest = rest.substr(version_end);

  TrustedComment c;
  c.format_version = version == "1"   ? kFormatVersion1
                     : version == "2" ? kFormatVersion2
                                      : kFormatVersion3;
  if (!rest.starts_with(kIdField)) return CommentError("no id field");
  rest = rest.substr(kIdField.size());
  const std::size_t id_end = rest.find(' ');
  if (id_end == std::string_view::npos) return CommentError("no recipients field");
  c.bundle_id = std::string(rest.substr(0, id_end));
  rest = rest.substr(id_end);

  if (!rest.starts_with(kRecipientsField)) return CommentError("no recipients field");
  rest = rest.substr(kRecipientsField.size());
  const std::size_t list_end = rest.find(' ');
  if (list_end == std::string_view::npos) return CommentError("no created field");
  std::string_view list = rest.substr(0, list_end);
  rest = rest.substr(list_end);
  while (true) {
    const std::size_t comma = std::min(list.find(','), list.size());
    auto fp = ParseFingerprint(list.substr(0, comma));
    if (!fp) return CommentError("a recipient is not a fingerprint");
    c.recipients.push_back(*fp);
    if (c.recipients.size() > kMaxRecipients) return CommentError("too many recipients");
    if (comma == list.size()) break;
    list = list.substr(comma + 1);
  }

  if (!rest.starts_with(kCreatedField)) return CommentError("no created field");
  const std::string_view created = rest.substr(kCreatedField.size());
  if (c.format_version >= kFormatVersion2) {
    // YYYY-MM-DDTHH:MM:SSZ naming a real instant: it must read back the same.
    std::optional<int64_t> t = created.size() == 20 ? ParseUtc(created) : std::nullopt;
    if (!t || *t < 0 || FormatUtc(*t) != created) {
      return CommentError("the creation time is not YYYY-MM-DDTHH:MM:SSZ");
    }
    c.created_at_unix_s = *t;
  } else {
    if (!IsDigits(created) || (created.size() > 1 && created[0] == '0') || created.size() > 18) {
      return CommentError("the creation time is not decimal seconds");
    }
    std::from_chars(created.data(), created.data() + created.size(), c.created_at_unix_s);
  }

  Status fields = CheckCommentFields(c, ErrorCode::kIntegrity);
  if (!fields.ok()) return fields.take_error();
  return c;
}

std::string UntrustedCommentFor(std::string_view bundle_id) {
  return "tvault bundle " + std::string(bundle_id);
}

}  // namespace tvault::bundle
