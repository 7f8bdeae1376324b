// Redacted records of a version 2 bundle (docs/bundle-format.md, section
// 7.7): each redactions/<R-id>.proof checked on its own as it streams, then
// against the verified manifest and custody.json.
//
// Pure functions, no shared state. Every failure is kIntegrity naming the
// proof member.
#ifndef TVAULT_BUNDLE_REDACTED_RECORD_H_
#define TVAULT_BUNDLE_REDACTED_RECORD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bundle/bundle_manifest.h"
#include "bundle/custody_file.h"
#include "vault/result.h"

namespace tvault::bundle {

// A proof member reduced to what the later checks compare (or its failure,
// kept to be reported once the bundle's signature and hashes verified).
struct CheckedProof {
  std::optional<Error> failure;
  audit::Hash commitment{};             // the proof's own, which its runs rebuild
  crypto::Sha256Digest text_sha256{};   // of the redacted text it renders
  uint32_t token_count = 0;
  uint32_t hidden_tokens = 0;
};
CheckedProof CheckProofMember(const std::string& name, std::span<const uint8_t> bytes);

struct RedactedRecordCheck {
  std::string testimony_id;
  uint32_t version = 0;
  std::string redaction_id;
  uint32_t token_count = 0;
  uint32_t hidden_tokens = 0;
  bool logged = false;  // custody.json attests the commitment
  bool commitment_at_intake = false;
  uint64_t commitment_seq = 0;
};

// Every redacted record of `manifest`: its proof (by member name in
// `proofs`) renders the text whose SHA-256 the manifest states, and, when
// custody attests, has the commitment the sender's log recorded.
Result<std::vector<RedactedRecordCheck>> CheckRedactedRecords(
    const BundleManifest& manifest, const CustodyFileCheck& custody,
    const std::map<std::string, CheckedProof>& proofs);

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_REDACTED_RECORD_H_
