// The sealed description of a recovery keyslot's share set (docs/format.md,
// section 2.3), for `check`. The rest of recovery is Vault's (recovery.cc).
#ifndef TVAULT_BINDING_RECOVERY_SET_H_
#define TVAULT_BINDING_RECOVERY_SET_H_

#include "binding/vault_impl.h"

namespace tvault {

// Authenticates the description of the header's recovery slot, if there is
// one and it has one: kIntegrity if it fails to authenticate (a row moved
// from another slot, or altered).
Status CheckRecoverySet(Vault::Impl& v);

}  // namespace tvault

#endif  // TVAULT_BINDING_RECOVERY_SET_H_
