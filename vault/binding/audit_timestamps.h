// Trusted timestamps of the audit log (docs/audit-format.md, section 10):
// what `audit verify` checks of them.
#ifndef TVAULT_BINDING_AUDIT_TIMESTAMPS_H_
#define TVAULT_BINDING_AUDIT_TIMESTAMPS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/merkle.h"
#include "binding/vault_impl.h"

namespace tvault {

// Every stored response has its audit.timestamp event (same digest: the
// SHA-256 of the response) and covers the anchor kept at its size; every
// logged response is still stored. `logged` maps digests to event seqs.
// kIntegrity on the first disagreement; counts each row in `records`.
Status CheckTimestampsAgainstLog(Vault::Impl& v, const std::map<audit::Hash, uint64_t>& logged,
                                 uint64_t& records);

// A stored response with the anchor checkpoint it stamps.
struct StoredStamp {
  uint64_t checkpoint_size = 0;
  std::string checkpoint;          // the signed note, exactly as stamped
  std::vector<uint8_t> response;   // DER TimeStampResp, as the authority sent it
};
// Every request that has its response, by increasing checkpoint size (none
// in a vault that predates timestamps).
Result<std::vector<StoredStamp>> StoredStamps(Vault::Impl& v);

}  // namespace tvault

#endif  // TVAULT_BINDING_AUDIT_TIMESTAMPS_H_
