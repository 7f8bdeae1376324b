// Fuzzes the redaction proof parser and verifier (docs/redaction-format.md,
// section 4). Properties, for every input:
//   ParseProof never crashes, and SerializeProof(ParseProof(x)) == x when it
//   accepts x;
//   VerifyProof of an accepted proof, against the commitment it states,
//   never crashes; when it succeeds, the redacted text has one mark per
//   hidden run, and the hidden runs and the revealed runs tile the tokens.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "redaction/redaction_proof.h"
#include "vault/crypto_init.h"

namespace {

using namespace tvault;

void CheckVerified(const redaction::RedactionProof& proof, const redaction::RedactedText& shown) {
  if (shown.token_count != proof.token_count) std::abort();
  std::size_t hidden_runs = 0;
  for (const auto& run : proof.runs) hidden_runs += run.kind == redaction::RunKind::kHidden ? 1 : 0;
  if (shown.hidden.size() != hidden_runs) std::abort();
  const std::string_view text(shown.text.data(), shown.text.size());
  std::size_t marks = 0;
  for (std::size_t at = text.find(redaction::kMark); at != std::string_view::npos;
       at = text.find(redaction::kMark, at + redaction::kMark.size()))
    ++marks;
  if (marks < hidden_runs) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!InitCrypto()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  auto proof = redaction::ParseProof(input);
  if (!proof.ok()) return 0;
  const PlainBytes again = redaction::SerializeProof(*proof);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  auto shown = redaction::VerifyProof(*proof, proof->commitment);
  if (shown.ok()) CheckVerified(*proof, *shown);
  return 0;
}
