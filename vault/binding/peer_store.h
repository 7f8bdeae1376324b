// Peers as stored (vault/binding/peers.cc), for export and import, and the
// one way a typed name designates a peer.
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

// How FindPeer treats names that differ only in case (vaults written before
// names were compared under Unicode case folding may hold them).
enum class PeerMatch {
  kUnique,         // refused as ambiguous whatever was typed
  kExactResolves,  // unless exactly one of them is byte for byte the name typed
};

// The peer `name` designates: the one whose name equals it under Unicode full
// case folding (util/text_search.h; no normalisation). Every place that takes
// a peer name (export recipients, remove, edit, rename) looks it up here.
// kNotFound (ErrorDetail::kNoSuchPeer): "no peer named "X"; known peers: A, B"
// (the first 20 names, then how many more). kFailedPrecondition
// (ErrorDetail::kAmbiguousPeer) naming the peers whose names fold alike.
// These messages hold peer names, unescaped: the custodian typed them, and a
// front end escapes the message as it does every message. The pointer is
// into `peers`.
Result<const StoredPeer*> FindPeer(const std::vector<StoredPeer>& peers, const PlainString& name,
                                   PeerMatch match = PeerMatch::kUnique);

}  // namespace tvault

#endif  // TVAULT_IDENTITY_PEER_STORE_H_
