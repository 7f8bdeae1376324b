// Peers as stored (vault/binding/peers.cc), for export and import.
#ifndef TVAULT_IDENTITY_PEER_STORE_H_
#define TVAULT_IDENTITY_PEER_STORE_H_

#include <vector>

#include "binding/vault_impl.h"

namespace tvault {

struct StoredPeer {
  int64_t rowid = 0;
  Peer peer;
};

// Every peer, authenticated and parsed (keys already validated).
Result<std::vector<StoredPeer>> ReadPeers(Vault::Impl& v);

}  // namespace tvault

#endif  // TVAULT_IDENTITY_PEER_STORE_H_
