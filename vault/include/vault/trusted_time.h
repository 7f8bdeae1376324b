// When a logged event provably existed, by RFC 3161 time-stamps of the
// audit log (docs/audit-format.md section 10).
#ifndef TVAULT_TRUSTED_TIME_H_
#define TVAULT_TRUSTED_TIME_H_

#include <cstdint>
#include <span>

#include "vault/vault.h"

namespace tvault {

// Among the time-stamped checkpoints in `stamps` (as Vault::AuditTimestamps
// lists them; pending requests are skipped) that cover the event `seq`
// (checkpoint size > seq), the one with the earliest authority time: the
// earliest trusted time by which that event existed. nullptr when none
// covers it yet. Pure; the pointer points into `stamps`.
const TimestampInfo* EarliestStampCovering(uint64_t seq, std::span<const TimestampInfo> stamps);

}  // namespace tvault

#endif  // TVAULT_TRUSTED_TIME_H_
