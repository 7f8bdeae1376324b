// The redaction proof (docs/redaction-format.md, section 4): a statement
// version's tokens as runs, revealed ones with their bytes and salts, hidden
// ones as the roots of the subtrees that cover them, enough to rebuild the
// version's redaction commitment and nothing more.
//
//   MakeProof      text + secret + token ranges to hide -> proof (sender)
//   SerializeProof / ParseProof   the strict binary form of section 4.1;
//                  SerializeProof(ParseProof(x)) == x for every accepted x
//   VerifyProof    proof + the commitment the audit log holds -> the redacted
//                  text a person is shown (section 5)
//
// A proof holds no hidden token, no hidden salt, no secret and no hash of
// the whole text: those never enter the structure. Revealed tokens are
// plaintext meant for the recipient and live in wiping memory.
//
// Errors: kInvalidArgument for a caller's malformed request (MakeProof);
// kIntegrity for proof bytes that break section 4.1 and for a proof that does
// not rebuild the expected commitment; kUnsupported for a format version
// other than 1. Messages never quote tokens. Pure functions, thread-safe.
#ifndef TVAULT_REDACTION_REDACTION_PROOF_H_
#define TVAULT_REDACTION_REDACTION_PROOF_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "redaction/redaction_format.h"
#include "redaction/tokenizer.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::redaction {

struct RevealedToken {
  Salt salt{};
  PlainString bytes;
};

struct ProofRun {
  RunKind kind = RunKind::kRevealed;
  uint32_t first = 0;  // index of the run's first token (implied by order, not serialised)
  uint32_t count = 0;
  std::vector<RevealedToken> tokens;  // kRevealed: `count` tokens
  std::vector<Hash> cover;            // kHidden: Cover(first, first + count)
};

struct RedactionProof {
  uint32_t token_count = 0;
  Hash commitment{};
  std::vector<ProofRun> runs;
};

// The subtrees [lo, hi) of the RFC 9162 tree over `token_count` leaves whose
// leaves all lie in `hidden` and whose parents' do not, left to right:
// section 4's Cover(hidden.first, hidden.end).
std::vector<TokenRange> CoverOf(uint32_t token_count, TokenRange hidden);

// Hides the given token ranges (sorted, each non-empty, within the text;
// ranges that touch are merged into one run). kInvalidArgument for ranges
// that overlap, are out of order or out of the text, and for what Commit
// refuses.
Result<RedactionProof> MakeProof(std::string_view text, const SecretBytes& secret,
                                 std::span<const TokenRange> hidden);

PlainBytes SerializeProof(const RedactionProof& proof);
// The size SerializeProof gives the proof of hiding `hidden` (sorted,
// disjoint) among `tokens`, computed without making it.
uint64_t ProofSize(std::span<const TokenSpan> tokens, std::span<const TokenRange> hidden);
Result<RedactionProof> ParseProof(std::span<const uint8_t> bytes);

struct RedactedText {
  PlainString text;  // section 5: revealed tokens, a mark per hidden run
  uint32_t token_count = 0;
  std::vector<TokenRange> hidden;  // the hidden runs, in order
};

// Rebuilds the commitment from `proof` and compares it with
// `expected_commitment` (and with the one the proof states). kIntegrity on
// any difference.
Result<RedactedText> VerifyProof(const RedactionProof& proof, const Hash& expected_commitment);

}  // namespace tvault::redaction

#endif  // TVAULT_REDACTION_REDACTION_PROOF_H_
