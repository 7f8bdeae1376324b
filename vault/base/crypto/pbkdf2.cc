#include "crypto/pbkdf2.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "crypto/libcrypto_context.h"

namespace tvault::crypto {
namespace {

EVP_KDF* FetchedPbkdf2() {
  // Fetched once per process: the fetch walks the provider's tables.
  static EVP_KDF* const kdf = [] {
    OSSL_LIB_CTX* ctx = TvaultLibCtx();
    return ctx == nullptr ? nullptr : EVP_KDF_fetch(ctx, OSSL_KDF_NAME_PBKDF2, nullptr);
  }();
  return kdf;
}

// OSSL_PARAM wants non-const pointers; libcrypto only reads these.
void* Mutable(std::span<const uint8_t> s) {
  static uint8_t empty = 0;  // an empty span may have a null data()
  return s.empty() ? &empty : const_cast<uint8_t*>(s.data());
}

}  // namespace

Result<SecretBytes> Pbkdf2HmacSha256(std::span<const uint8_t> password,
                                     std::span<const uint8_t> salt, uint32_t iterations,
                                     std::size_t out_bytes) {
  if (iterations == 0 || out_bytes == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "PBKDF2 needs at least one iteration and one output byte");
  }
  EVP_KDF* kdf = FetchedPbkdf2();
  EVP_KDF_CTX* kctx = kdf == nullptr ? nullptr : EVP_KDF_CTX_new(kdf);
  if (kctx == nullptr) return MakeError(ErrorCode::kInternal, "libcrypto has no PBKDF2");

  char digest[] = "SHA256";
  uint64_t iter = iterations;
  int pkcs5 = 1;  // 1 = no SP 800-132 lower-bound checks (see the header)
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, Mutable(password),
                                        password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iter),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes out(out_bytes);
  const int rc = EVP_KDF_derive(kctx, out.reveal().data(), out.size(), params);
  EVP_KDF_CTX_free(kctx);  // wipes its copy of the password
  if (rc != 1) return MakeError(ErrorCode::kInternal, "PBKDF2-HMAC-SHA256 failed in libcrypto");
  return out;
}

}  // namespace tvault::crypto
