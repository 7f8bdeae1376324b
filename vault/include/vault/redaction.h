// Provable redaction of a testimony version (docs/redaction-format.md; where
// it is kept: docs/format.md, section 4.11): the types of the Vault methods
// that create, list and show redactions and hand out their proofs. Included
// by vault/vault.h. Plain values, thread-safe.
//
// A redaction hides whole tokens of one statement version. Its proof lets a
// recipient check that the redacted text is that version with tokens hidden
// and nothing else changed, against the version's redaction commitment,
// which the audit log holds in the event `commitment_seq`.
#ifndef TVAULT_REDACTION_H_
#define TVAULT_REDACTION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vault/secret.h"

namespace tvault {

// What to hide: bytes [begin, end) of the statement (widened to the whole
// tokens they touch) or tokens [begin, end) (numbered from 0).
struct RedactionRange {
  enum class Unit : uint8_t { kBytes, kTokens };
  Unit unit = Unit::kBytes;
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct NewRedaction {
  std::string testimony_id;
  std::optional<uint32_t> version;  // the latest when absent
  std::vector<RedactionRange> ranges;
  PlainString reason;  // required; may name people, so it is sealed
};

struct RedactionSummary {
  std::string id;  // R-XXXXXX
  std::string testimony_id;
  uint32_t version = 0;
  int64_t created_at_unix_s = 0;
  uint32_t token_count = 0;   // of the whole version
  uint32_t hidden_tokens = 0;
  std::vector<std::pair<uint32_t, uint32_t>> hidden;  // token ranges [first, end)
  // The audit event that holds the version's redaction commitment: its
  // testimony.add / testimony.amend (made at intake) or, for a version made
  // before commitments existed, the testimony.redaction_commitment logged at
  // its first redaction (made later: weaker evidence).
  uint64_t commitment_seq = 0;
  bool commitment_at_intake = false;
  std::array<uint8_t, 32> commitment{};
};

struct Redaction {
  RedactionSummary summary;
  PlainString reason;
  PlainString redacted_text;  // docs/redaction-format.md, section 5
};

// What an export carries for one redaction: the proof (section 4.1), the
// text it verifies to, and where the commitment is logged.
struct RedactionProofBundle {
  RedactionSummary summary;
  PlainBytes proof;
  PlainString redacted_text;
};

// The tokens of a version, for a front end that lets a person mark them.
struct StatementTokens {
  PlainString text;
  std::vector<std::pair<uint64_t, uint64_t>> tokens;  // byte [offset, offset + length)
};

}  // namespace tvault

#endif  // TVAULT_REDACTION_H_
