// Legal holds (kind 8, docs/format.md section 4.9): what shred asks, and the
// plaintext count `panic` reads without a passphrase.
#ifndef TVAULT_BINDING_HOLDS_H_
#define TVAULT_BINDING_HOLDS_H_

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "audit/merkle.h"

#include "binding/vault_impl.h"

namespace tvault {

namespace vault_files {
inline constexpr const char* kHolds = "holds";
}  // namespace vault_files

// The count in <dir>/holds: 0 when the file is missing or unreadable.
// Needs no passphrase and no lock. Thread-safe.
uint64_t ReadHoldCount(const std::filesystem::path& dir);
// Writes it atomically (a temporary, fsync, rename, fsync of the directory).
Status WriteHoldCount(const std::filesystem::path& dir, uint64_t count);

// After a writable open: rewrites <dir>/holds from the table when it
// differs (a crash between a hold change and its file). Best effort.
void SyncHoldCount(Vault::Impl& v);

// kFailedPrecondition naming the held id and the command that lifts it if
// a hold applies to any of `ids` (W, T or E ids; inside the caller's
// transaction): directly, through a testimony's witness or an evidence's
// testimony, or through a case either is in.
Status RequireNoHold(Vault::Impl& v, const std::vector<std::string>& ids);

// What audit verify replays: held id -> (record digest, seq) of the
// hold.add that no later hold.remove ended. Every holds row has that event
// with the same digest and every standing hold has its row; kIntegrity
// naming the first disagreement.
Status CheckHoldsAgainstLog(Vault::Impl& v,
                            const std::map<std::string, std::pair<audit::Hash, uint64_t>>& logged,
                            uint64_t& records);

}  // namespace tvault

#endif  // TVAULT_BINDING_HOLDS_H_
