#include "identity/custodian_keys.h"

#include "crypto/hash.h"
#include "util/byte_io.h"

namespace tvault {

minisign::PublicKey MinisignKeyFor(const crypto::Ed25519PublicKey& ed25519_public) {
  std::vector<uint8_t> in;
  ByteWriter w(in);
  w.Raw("tvault/v1/minisign-key-id");
  w.Raw(ed25519_public);
  uint8_t digest[32];
  crypto::Blake2b(digest, in);
  minisign::PublicKey key;
  std::copy(digest, digest + key.key_id.size(), key.key_id.begin());
  key.ed25519 = ed25519_public;
  return key;
}

std::string CheckpointKeyName(const minisign::PublicKey& key) {
  return "tvault-" + minisign::KeyIdText(key.key_id);
}

audit::NoteVerifierKey CheckpointVerifierKey(const minisign::PublicKey& key) {
  const std::string name = CheckpointKeyName(key);
  return audit::NoteVerifierKey{name, audit::NoteKeyId(name, key.ed25519), key.ed25519};
}

}  // namespace tvault
