// custody.json of a version 2 bundle (docs/bundle-format.md, section 7.3):
// one signed checkpoint, the events that created the bundle's versions, one
// multi-leaf inclusion proof for all of them (section 7.4), and the salt of
// each version's statement commitment. Version 3 (section 8) adds the
// stamped checkpoints of the RFC 3161 tokens the bundle carries, with the
// consistency proof from each to the bundle's checkpoint.
//
// WriteCustodyFile lays out what the exporter gathered; VerifyCustodyFile
// is what a recipient runs. The file is untrusted JSON even inside a
// verified bundle (the signer may be careless or hostile): the parser is
// strict about keys, types and sizes, and every failure is kIntegrity
// "custody.json: ...". Thread-safety: pure functions, no shared state.
#ifndef TVAULT_BUNDLE_CUSTODY_FILE_H_
#define TVAULT_BUNDLE_CUSTODY_FILE_H_

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "audit/merkle.h"
#include "bundle/bundle_manifest.h"
#include "crypto/rfc3161.h"
#include "minisign/minisign.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::bundle {

// Section 8.3: one stamped checkpoint size and its consistency proof.
struct StampedConsistency {
  uint64_t checkpoint_size = 0;
  std::vector<audit::Hash> consistency;
};

struct CustodyFileContent {
  int version = kFormatVersion2;  // the bundle's format version, 2 or 3
  std::string origin;      // the sender's checkpoint origin line
  std::string signer_key;  // "RW..." of the bundle's signer
  std::string checkpoint;  // the signed note
  uint64_t checkpoint_size = 0;
  // In increasing seq: the events that created the versions and, for a
  // redacted version committed after intake, its
  // testimony.redaction_commitment.
  std::vector<std::vector<uint8_t>> entries;
  std::vector<audit::Hash> proof;             // multi-leaf proof of the entries' leaves
  // "<T-id>.v<N>" -> the statement commitment's salt; none for a redacted
  // version (section 7.7).
  std::map<std::string, audit::Hash> commitment_salts;
  // Version 3: in the manifest's order of sizes.
  std::vector<StampedConsistency> timestamps{};
};

// The JSON text (section 7.3), ending with a newline. With no checkpoint
// (empty `checkpoint`), the "no custody claim" form; the other fields must
// then be empty too (kInvalidArgument otherwise).
PlainString WriteCustodyFile(const CustodyFileContent& content);
Result<PlainString> WriteCustodyFileChecked(const CustodyFileContent& content);

// The key of `commitment_salts` for version `version` of `testimony_id`.
std::string SaltKey(std::string_view testimony_id, uint32_t version);

// The redaction commitment the sender's log holds for a redacted version
// (section 7.7): the second digest of the event that created it, or the
// digest of a later testimony.redaction_commitment event.
struct LoggedRedactionCommitment {
  audit::Hash commitment{};
  uint64_t seq = 0;
  bool at_intake = false;
};

// A time-stamp token of a version 3 bundle whose stamped checkpoint and
// consistency proof verified and whose imprint is that checkpoint's
// SHA-256 (section 8.4). Its authority is NOT checked: `token` says what
// the response claims until crypto::VerifyTimestampToken accepts it.
struct CheckedTimestamp {
  uint64_t checkpoint_size = 0;
  crypto::TimestampToken token;
  std::vector<uint8_t> response;  // DER TimeStampResp, as the bundle holds it
};

struct CustodyFileCheck {
  bool attested = false;   // a signed checkpoint covers every version
  std::size_t events = 0;  // events verified against it
  // SaltKey of each redacted version -> its logged commitment (attested only).
  std::map<std::string, LoggedRedactionCommitment> redaction_commitments;
  // SaltKey of each version -> the seq of the event whose commitment was
  // checked: the one that created it, or its late redaction commitment.
  std::map<std::string, uint64_t> relied_seq{};
  std::vector<CheckedTimestamp> timestamps{};  // version 3, in the manifest's order
};

// Section 7.3's checks (and 8.3-8.4's for version 3) against the manifest
// (already verified by the caller), the key that signed the bundle, and
// the buffered members (`members`: name -> bytes, where the stamped
// checkpoints and responses of version 3 are looked up).
Result<CustodyFileCheck> VerifyCustodyFile(std::span<const uint8_t> json,
                                           const minisign::PublicKey& signer,
                                           const BundleManifest& manifest,
                                           const std::map<std::string, PlainBytes>& members = {});

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_CUSTODY_FILE_H_
