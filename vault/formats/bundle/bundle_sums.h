// What the bundle's minisign signature covers (docs/bundle-format.md,
// sections 2 and 4): the SHA256SUMS file and the trusted comment.
//
//   SHA256SUMS        "<64 lowercase hex>  <name>\n" per member, sorted by
//                     name (byte order), no duplicates, every member except
//                     SHA256SUMS and SHA256SUMS.minisig
//   trusted comment   "tvault-bundle:1 id:<B-id> recipients:<fp>,<fp>,...
//                      created:<unix seconds>"   (one line, single spaces)
//
// Parsers are strict and canonical: Format(Parse(x)) == x. They read bytes
// from possibly hostile bundles and return kIntegrity for anything else
// (kUnsupported for a trusted comment of another format version); the
// formatters return kInvalidArgument for input they cannot write canonically.
// Thread-safety: no shared state.
#ifndef TVAULT_BUNDLE_BUNDLE_SUMS_H_
#define TVAULT_BUNDLE_BUNDLE_SUMS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hash.h"
#include "identity/fingerprint.h"
#include "vault/result.h"

namespace tvault::bundle {

struct SumsEntry {
  crypto::Sha256Digest sha256{};
  std::string name;
  bool operator==(const SumsEntry&) const = default;
};

// Sorts by name and writes one line per entry. kInvalidArgument for a name
// outside the member grammar, SHA256SUMS or SHA256SUMS.minisig, or a
// duplicate.
Result<std::string> FormatSums(std::vector<SumsEntry> entries);

// Parses SHA256SUMS as it streams past, so that a bundle of a million
// members is checked without holding the file: each complete line is handed
// to `on_entry` in order. Refuses a malformed line (not exactly 64 lowercase
// hex, two spaces, a valid member name that is not SHA256SUMS or
// SHA256SUMS.minisig, LF), names out of order or repeated, and more than
// kMaxSumsBytes. An error from `on_entry` stops the parse and is returned.
// The first error is sticky.
class SumsParser {
 public:
  using EntryHandler = std::function<Status(const SumsEntry&)>;
  explicit SumsParser(EntryHandler on_entry) : on_entry_(std::move(on_entry)) {}
  Status Feed(std::span<const uint8_t> bytes);
  // The input ended: an error if its last line has no LF.
  Status Finish();

 private:
  Status Fail(std::string message);
  Status OnLine();

  EntryHandler on_entry_;
  std::string line_;
  std::string previous_name_;
  uint64_t total_bytes_ = 0;
  uint64_t lines_ = 0;
  std::optional<Error> error_;
};

// The whole file at once (SumsParser underneath).
Result<std::vector<SumsEntry>> ParseSums(std::span<const uint8_t> bytes);

struct TrustedComment {
  std::string bundle_id;
  std::vector<Fingerprint> recipients;  // in the order of the manifest's recipients
  int64_t created_at_unix_s = 0;
  int format_version = 1;  // 1: created in decimal seconds; 2: ISO 8601 UTC (section 7.5)
  bool operator==(const TrustedComment&) const = default;
};

// kInvalidArgument for a bundle id outside B-<12 Crockford>, no recipient,
// more than kMaxRecipients, a repeated recipient, or a time outside
// 0 .. kMaxCreatedUnixS.
Result<std::string> FormatTrustedComment(const TrustedComment& comment);
// The same rules; version 1's time in decimal seconds without leading
// zeros, version 2's as YYYY-MM-DDTHH:MM:SSZ. kUnsupported "unknown bundle
// format version" for "tvault-bundle:<N>" with N other than 1 or 2.
Result<TrustedComment> ParseTrustedComment(std::string_view text);

// "tvault bundle <bundle_id>": the signature's untrusted comment, which
// means nothing and is never read back.
std::string UntrustedCommentFor(std::string_view bundle_id);

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_BUNDLE_SUMS_H_
