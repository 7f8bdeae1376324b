// Changing vault.header (docs/format.md, section 2.2): the steps every
// header change takes, shared by passphrase and keyslot changes and by
// recovery keyslots. Callers hold the open vault (and so its lock).
#ifndef TVAULT_BINDING_HEADER_CHANGE_H_
#define TVAULT_BINDING_HEADER_CHANGE_H_

#include <functional>
#include <string_view>

#include "binding/journal.h"
#include "binding/vault_impl.h"

namespace tvault {

// The meta key under which a committed header change keeps the new header.
inline constexpr std::string_view kPendingHeaderKey = "pending_header";

// Reads and parses DIR/vault.header: kNotFound (ErrorDetail::kNoVault) if
// it is missing, kIntegrity if it is damaged or too large.
Result<VaultHeader> ReadHeader(const std::filesystem::path& dir);

// Replaces vault.header atomically with v.header.
Status WriteHeader(const Vault::Impl& v);

// Writes v.header and drops the kept bytes: steps 2 and 3.
Status FinishHeaderChange(Vault::Impl& v);

// `also` makes the database changes that go with the header's (keyslot
// labels), in the same transaction.
using HeaderChangeRows = std::function<Status(VaultTxn&)>;
// The whole change: `entry` logged, `also` run and `next` kept in one
// transaction, then vault.header replaced. v.header is `next` afterwards.
Status CommitHeaderChange(Vault::Impl& v, VaultHeader next, LogEntry entry,
                          const HeaderChangeRows& also = {});

// One KDF per passphrase keyslot: kAlreadyExists if `passphrase` opens a
// slot other than `except` (0: any).
Status RefusePassphraseOfAnotherSlot(const VaultHeader& header, const SecretBytes& passphrase,
                                     uint8_t except);

// kFailedPrecondition if the header has no room for another slot.
Status CheckKdfParamsForNewSlot(const VaultHeader& header);

}  // namespace tvault

#endif  // TVAULT_BINDING_HEADER_CHANGE_H_
