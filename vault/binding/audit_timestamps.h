// Trusted timestamps of the audit log (docs/audit-format.md, section 10):
// what `audit verify` checks of them.
#ifndef TVAULT_BINDING_AUDIT_TIMESTAMPS_H_
#define TVAULT_BINDING_AUDIT_TIMESTAMPS_H_

#include <cstdint>
#include <map>

#include "audit/merkle.h"
#include "binding/vault_impl.h"

namespace tvault {

// Every stored response has its audit.timestamp event (same digest: the
// SHA-256 of the response) and covers the anchor kept at its size; every
// logged response is still stored. `logged` maps digests to event seqs.
// kIntegrity on the first disagreement; counts each row in `records`.
Status CheckTimestampsAgainstLog(Vault::Impl& v, const std::map<audit::Hash, uint64_t>& logged,
                                 uint64_t& records);

}  // namespace tvault

#endif  // TVAULT_BINDING_AUDIT_TIMESTAMPS_H_
