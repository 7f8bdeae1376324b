#include "vault/crypto_init.h"

#include <sodium.h>

namespace tvault {

bool InitCrypto() { return sodium_init() >= 0; }

}  // namespace tvault
