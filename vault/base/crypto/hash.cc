#include "crypto/hash.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "crypto/libcrypto_context.h"

namespace tvault::crypto {
namespace {
EVP_MD_CTX* Sha(void* ctx) { return static_cast<EVP_MD_CTX*>(ctx); }
crypto_generichash_state* B2(uint8_t* s) {
  return reinterpret_cast<crypto_generichash_state*>(s);
}
}  // namespace

static_assert(sizeof(crypto_generichash_state) <= 384);

// SHA-256 runs through OpenSSL's libcrypto, which uses the CPU's SHA
// extensions: about 10x libsodium's portable code for bulk data and 3x for a
// 65-byte Merkle node, provided the per-call costs are avoided: the digest is
// fetched from the provider once, and one-shot hashes reuse a per-thread
// context. SQLCipher already loads libcrypto. Known answers in
// tests/unit/base/crypto/known_answer_test.cc and `sha256sum` agreement in the CLI
// tests pin it.
namespace {

const EVP_MD* FetchedSha256() {
  static const EVP_MD* md = [] {
    // tvault's own library context: see libcrypto_context.h.
    OSSL_LIB_CTX* ctx = TvaultLibCtx();
    EVP_MD* m = ctx == nullptr ? nullptr : EVP_MD_fetch(ctx, "SHA256", nullptr);
    if (m == nullptr) std::abort();
    return m;
  }();
  return md;
}

struct ThreadDigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~ThreadDigestContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Sha256Digest Sha256(std::span<const uint8_t> data) {
  thread_local ThreadDigestContext t;
  Sha256Digest out;
  unsigned int len = 0;
  if (t.ctx == nullptr || EVP_DigestInit_ex2(t.ctx, FetchedSha256(), nullptr) != 1 ||
      EVP_DigestUpdate(t.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(t.ctx, out.data(), &len) != 1 || len != out.size())
    std::abort();
  return out;
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(Sha(ctx_), FetchedSha256(), nullptr) != 1) std::abort();
}
Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(Sha(ctx_)); }
void Sha256Hasher::Update(std::span<const uint8_t> data) {
  if (EVP_DigestUpdate(Sha(ctx_), data.data(), data.size()) != 1) std::abort();
}
Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(Sha(ctx_), out.data(), &len) != 1 || len != out.size()) std::abort();
  return out;
}

Sha256Digest HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, data.data(), data.size());
  Sha256Digest out;
  crypto_auth_hmacsha256_final(&st, out.data());
  sodium_memzero(&st, sizeof st);
  return out;
}

SecretBytes HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                       std::span<const uint8_t> info, std::size_t length) {
  if (length > 255 * kSha256Bytes) std::abort();  // programming error
  uint8_t zero_salt[kSha256Bytes] = {0};
  if (salt.empty()) salt = zero_salt;
  Sha256Digest prk = HmacSha256(salt, ikm);

  SecretBytes okm(length);
  uint8_t block[kSha256Bytes];
  std::size_t done = 0;
  for (uint8_t counter = 1; done < length; ++counter) {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, prk.data(), prk.size());
    if (counter > 1) crypto_auth_hmacsha256_update(&st, block, sizeof block);
    crypto_auth_hmacsha256_update(&st, info.data(), info.size());
    crypto_auth_hmacsha256_update(&st, &counter, 1);
    crypto_auth_hmacsha256_final(&st, block);
    sodium_memzero(&st, sizeof st);
    std::size_t n = std::min(length - done, sizeof block);
    std::memcpy(okm.reveal().data() + done, block, n);
    done += n;
  }
  sodium_memzero(block, sizeof block);
  sodium_memzero(prk.data(), prk.size());
  return okm;
}

void Blake2b(std::span<uint8_t> out, std::span<const uint8_t> data,
             std::span<const uint8_t> key) {
  if (out.size() < crypto_generichash_BYTES_MIN || out.size() > crypto_generichash_BYTES_MAX)
    std::abort();
  crypto_generichash(out.data(), out.size(), data.data(), data.size(),
                     key.empty() ? nullptr : key.data(), key.size());
}

Blake2b512Hasher::Blake2b512Hasher() { crypto_generichash_init(B2(state_), nullptr, 0, 64); }
Blake2b512Hasher::~Blake2b512Hasher() { sodium_memzero(state_, sizeof state_); }
void Blake2b512Hasher::Update(std::span<const uint8_t> data) {
  crypto_generichash_update(B2(state_), data.data(), data.size());
}
std::array<uint8_t, 64> Blake2b512Hasher::Finish() {
  std::array<uint8_t, 64> out;
  crypto_generichash_final(B2(state_), out.data(), out.size());
  return out;
}

}  // namespace tvault::crypto
