// Checking a bundle's custody/<T-id>.json against the record the manifest
// describes (docs/bundle-format.md, section 5, step 7): what a recipient
// does to learn that the sender's own tamper-evident log recorded each
// version it received, before the bundle was made.
//
// The excerpt is untrusted JSON even inside a verified bundle (the signer
// may be careless or hostile): the parser is strict about types and sizes
// and every failure is kIntegrity naming what is wrong. Checks:
//   - "format" is "tvault-custody", "version" 1, "record" the manifest's id;
//   - "signer_key" is the key that signed the bundle, and "checkpoint" is a
//     signed note by that key for "origin", whose size is "checkpoint_size";
//   - every event's "entry" parses, names the record, has the "seq" given,
//     and its inclusion proof leads to the checkpoint's root;
//   - every version the manifest carries appears with the same SHA-256, and
//     its commitment (salt, SHA-256) equals the digest of the event that
//     created it (testimony.add for 1, testimony.amend after).
// A sender without a tvault audit log (a bundle made by hand) states that
// it makes no custody claim with the minimal excerpt
//   {"format": "tvault-custody", "version": 1, "record": "<T-id>", "events": []}
// (no "checkpoint"): accepted as unattested, and reported as such.
#ifndef TVAULT_BUNDLE_OPS_CUSTODY_EXCERPT_H_
#define TVAULT_BUNDLE_OPS_CUSTODY_EXCERPT_H_

#include <map>
#include <span>
#include <string>
#include <utility>

#include "audit/checkpoint.h"

#include "bundle/bundle_manifest.h"
#include "minisign/minisign.h"
#include "vault/result.h"

namespace tvault {

inline constexpr std::size_t kMaxCustodyEvents = 100000;

struct CustodyCheck {
  bool attested = false;    // a signed checkpoint covers the versions
  std::size_t events = 0;   // events verified against it
};

// Checkpoints already verified (note text and origin -> parsed): a bundle's
// excerpts usually share one anchor checkpoint, and an Ed25519 verification
// per record would dominate. Only successful verifications are remembered,
// and only for the same signer (the caller keeps one cache per bundle).
using CheckpointCache = std::map<std::pair<std::string, std::string>, audit::Checkpoint>;

Result<CustodyCheck> VerifyCustodyExcerpt(std::span<const uint8_t> json,
                                         const minisign::PublicKey& signer,
                                         const bundle::ManifestRecord& record,
                                         CheckpointCache* cache = nullptr);

}  // namespace tvault

#endif  // TVAULT_BUNDLE_OPS_CUSTODY_EXCERPT_H_
