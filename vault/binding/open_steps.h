// The steps of opening a vault, shared by Vault::Open (binding/vault.cc) and
// Vault::Recover (binding/recovery.cc).
#ifndef TVAULT_BINDING_OPEN_STEPS_H_
#define TVAULT_BINDING_OPEN_STEPS_H_

#include <filesystem>
#include <memory>

#include "binding/vault_impl.h"

namespace tvault {

// The first steps of every open: the vault's lock, then its header.
Result<std::unique_ptr<Vault::Impl>> BeginOpen(const std::filesystem::path& dir,
                                               const OpenOptions& options);

// The rest of every open, once v.master_key and v.unlocked_slot are set:
// database, schema, an interrupted header change finished, the custodian,
// failed unlocks logged. `passphrase` is null when no passphrase opened the
// slot (a kept unlock, recovery shares): then a slot that the finished change
// removed is kWrongPassphrase with ErrorDetail::kUnlockExpired.
Status FinishOpen(Vault::Impl& v, const SecretBytes* passphrase);

}  // namespace tvault

#endif  // TVAULT_BINDING_OPEN_STEPS_H_
