// How the custodian's Ed25519 key appears to other tools: as a minisign public
// key (docs/bundle-format.md, section 4) and as a signed-note key for audit
// checkpoints (docs/audit-format.md, section 5). Both are derived from the
// public key alone, so a verifier holding only "RW..." can check checkpoints.
#ifndef TVAULT_IDENTITY_CUSTODIAN_KEYS_H_
#define TVAULT_IDENTITY_CUSTODIAN_KEYS_H_

#include <string>

#include "audit/checkpoint.h"
#include "minisign/minisign.h"
#include "crypto/asymmetric.h"

namespace tvault {

// key_id = BLAKE2b-256("tvault/v1/minisign-key-id" || ed25519_public)[0:8]
minisign::PublicKey MinisignKeyFor(const crypto::Ed25519PublicKey& ed25519_public);
// "tvault-<minisign key id as minisign prints it>"
std::string CheckpointKeyName(const minisign::PublicKey& key);
audit::NoteVerifierKey CheckpointVerifierKey(const minisign::PublicKey& key);

}  // namespace tvault

#endif  // TVAULT_IDENTITY_CUSTODIAN_KEYS_H_
