#include "crypto/libcrypto_context.h"

#include <openssl/crypto.h>
#include <openssl/provider.h>

namespace tvault::crypto {

OSSL_LIB_CTX* TvaultLibCtx() {
  static OSSL_LIB_CTX* const ctx = []() -> OSSL_LIB_CTX* {
    OSSL_LIB_CTX* c = OSSL_LIB_CTX_new();  // reads no configuration file
    if (c == nullptr) return nullptr;
    if (OSSL_PROVIDER_load(c, "default") == nullptr) {
      OSSL_LIB_CTX_free(c);
      return nullptr;
    }
    return c;
  }();
  return ctx;
}

}  // namespace tvault::crypto
