#include "bundle/redacted_record.h"

#include "bundle/bundle_format.h"
#include "crypto/hash.h"
#include "redaction/redaction_proof.h"

namespace tvault::bundle {

CheckedProof CheckProofMember(const std::string& name, std::span<const uint8_t> bytes) {
  CheckedProof out;
  auto fail = [&](const Error& e) {
    out.failure = MakeError(ErrorCode::kIntegrity, name + ": " + e.message);
    return out;
  };
  auto proof = redaction::ParseProof(bytes);
  if (!proof.ok()) return fail(proof.error());
  auto shown = redaction::VerifyProof(*proof, proof->commitment);
  if (!shown.ok()) return fail(shown.error());
  out.commitment = proof->commitment;
  out.text_sha256 = crypto::Sha256(AsBytes(shown->text));
  out.token_count = shown->token_count;
  for (const redaction::TokenRange& h : shown->hidden) out.hidden_tokens += h.end - h.first;
  return out;
}

Result<std::vector<RedactedRecordCheck>> CheckRedactedRecords(
    const BundleManifest& m, const CustodyFileCheck& custody,
    const std::map<std::string, CheckedProof>& proofs) {
  std::vector<RedactedRecordCheck> out;
  for (const ManifestRecord& r : m.records) {
    if (!r.redaction) continue;
    const std::string name = RedactionProofMemberName(r.redaction->id);
    auto found = proofs.find(name);
    if (found == proofs.end()) return MakeError(ErrorCode::kIntegrity, name + " is missing");
    const CheckedProof& p = found->second;
    if (p.failure) return *p.failure;
    const ManifestVersion& v = r.versions.front();
    if (p.text_sha256 != v.sha256) {
      return MakeError(ErrorCode::kIntegrity,
                       name + ": the text it proves is not " + StatementFileOf(r, v));
    }
    RedactedRecordCheck c;
    c.testimony_id = r.id;
    c.version = v.version;
    c.redaction_id = r.redaction->id;
    c.token_count = p.token_count;
    c.hidden_tokens = p.hidden_tokens;
    if (custody.attested) {
      auto logged = custody.redaction_commitments.find(SaltKey(r.id, v.version));
      if (logged == custody.redaction_commitments.end() ||
          logged->second.commitment != p.commitment) {
        return MakeError(ErrorCode::kIntegrity,
                         name + ": its commitment is not the one the sender's log recorded for " +
                             r.id + " version " + std::to_string(v.version));
      }
      c.logged = true;
      c.commitment_at_intake = logged->second.at_intake;
      c.commitment_seq = logged->second.seq;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace tvault::bundle
