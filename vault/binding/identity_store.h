// The custodian's identity: an Ed25519 signing key (minisign, checkpoints)
// and a separate X25519 encryption key (age), created at init. The secret
// halves are sealed under K_identity; the public halves are stored in clear
// inside the encrypted database.
#ifndef TVAULT_IDENTITY_IDENTITY_STORE_H_
#define TVAULT_IDENTITY_IDENTITY_STORE_H_

#include "crypto/asymmetric.h"
#include "binding/vault_impl.h"

namespace tvault {

struct CustodianPublic {
  crypto::Ed25519PublicKey sign_public{};
  crypto::X25519PublicKey box_public{};
  PlainString name;
  int64_t created_at_unix_s = 0;
};

Status CreateIdentity(Vault::Impl& v, const PlainString& name);
Result<CustodianPublic> LoadCustodianPublic(Vault::Impl& v);
Result<SecretBytes> LoadSigningSecret(Vault::Impl& v);  // 64 bytes
Result<SecretBytes> LoadBoxSecret(Vault::Impl& v);      // 32 bytes

}  // namespace tvault

#endif  // TVAULT_IDENTITY_IDENTITY_STORE_H_
