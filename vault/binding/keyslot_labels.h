// Keyslot labels (docs/format.md, section 4.8): who or what a keyslot is for,
// sealed in the database as vault items, never in vault.header (which is
// readable without a passphrase). Each label row is named and addressed by
// its slot's id and KDF salt, so it cannot be moved to another slot, nor to
// a later slot that re-uses the id; a passphrase change (fresh salt) moves it
// with the slot. Callers run these inside their own transaction.
#ifndef TVAULT_BINDING_KEYSLOT_LABELS_H_
#define TVAULT_BINDING_KEYSLOT_LABELS_H_

#include <optional>

#include "binding/vault_impl.h"

namespace tvault {

// The label of `slot`, if it has one. kIntegrity if it fails to authenticate.
Result<std::optional<PlainString>> ReadKeyslotLabel(Vault::Impl& v, const Keyslot& slot);
// Stores `label` (checked by ValidateKeyslotLabel) for `slot`, replacing any.
Status StoreKeyslotLabel(Vault::Impl& v, const Keyslot& slot, const PlainString& label);
// Authenticates every label row under its own name, those of removed slots
// included: a row moved to another slot's name is kIntegrity naming it.
Status CheckKeyslotLabels(Vault::Impl& v);
// Deletes every label row of slot id `slot_id` (also rows left by a tvault
// that removed slots without knowing labels). None is fine.
Status DeleteKeyslotLabels(Vault::Impl& v, uint8_t slot_id);

}  // namespace tvault

#endif  // TVAULT_BINDING_KEYSLOT_LABELS_H_
