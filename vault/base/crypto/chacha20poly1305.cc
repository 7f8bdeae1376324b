#include "crypto/chacha20poly1305.h"

#include <algorithm>

#include <openssl/evp.h>
#include <sodium.h>

#include "crypto/libcrypto_context.h"

// Over OpenSSL's libcrypto (already linked for SQLCipher and SHA-256)
// because its vectorised ChaCha20-Poly1305 is several times faster than
// libsodium's (`tvault_bench --only aead` prints the ratio), and the age
// payload is most of what export encrypts and verify decrypts. Wycheproof
// vectors (tests/unit/formats/age/age_known_answer_test.cc), a differential test
// against libsodium (tests/unit/base/crypto/chacha20poly1305_test.cc) and the real
// `age` program (interop tests) pin it.
//
// Key handling: the key is copied into OpenSSL's cipher context for the
// duration of one call only; the context is reset (which cleanses it) before
// the call returns, so no key outlives the call outside guarded memory
// beyond what the computation itself leaves on the stack and in registers.
namespace tvault::crypto {
namespace {

// From tvault's own library context (libcrypto_context.h), so that a host
// configuration restricting the global one (e.g. to FIPS-approved
// algorithms, which ChaCha20-Poly1305 is not) cannot break bundles. Null if
// even that fails (a broken libcrypto): every call then fails cleanly.
const EVP_CIPHER* FetchedChaChaPoly() {
  static const EVP_CIPHER* cipher = []() -> const EVP_CIPHER* {
    OSSL_LIB_CTX* ctx = TvaultLibCtx();
    return ctx == nullptr ? nullptr : EVP_CIPHER_fetch(ctx, "ChaCha20-Poly1305", nullptr);
  }();
  return cipher;
}

// One context per thread, reset after every call.
class Context {
 public:
  Context() : ctx_(EVP_CIPHER_CTX_new()) {
    if (ctx_ == nullptr) std::abort();
  }
  ~Context() { EVP_CIPHER_CTX_free(ctx_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  EVP_CIPHER_CTX* get() { return ctx_; }

 private:
  EVP_CIPHER_CTX* ctx_;
};

// Resets the context (cleansing the key) whatever happens in between.
class Session {
 public:
  Session() : ctx_(Thread().get()) {}
  ~Session() { EVP_CIPHER_CTX_reset(ctx_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  EVP_CIPHER_CTX* ctx() const { return ctx_; }

 private:
  static Context& Thread() {
    thread_local Context context;
    return context;
  }
  EVP_CIPHER_CTX* ctx_;
};

// EVP lengths are ints: feed large inputs in pieces. `out` is null for the
// associated data.
bool Feed(EVP_CIPHER_CTX* ctx, bool encrypt, uint8_t* out, std::span<const uint8_t> in) {
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  while (!in.empty()) {
    const std::size_t n = in.size() < kPiece ? in.size() : kPiece;
    int written = 0;
    const int ok = encrypt ? EVP_EncryptUpdate(ctx, out, &written, in.data(), static_cast<int>(n))
                           : EVP_DecryptUpdate(ctx, out, &written, in.data(), static_cast<int>(n));
    if (ok != 1 || (out != nullptr && static_cast<std::size_t>(written) != n)) return false;
    if (out != nullptr) out += n;
    in = in.subspan(n);
  }
  return true;
}

}  // namespace

Status ChaCha20Poly1305Seal(std::span<uint8_t> sealed, const SecretBytes& key,
                            std::span<const uint8_t> nonce,
                            std::span<const uint8_t> plaintext,
                            std::span<const uint8_t> associated_data) {
  if (key.size() != kChaChaKeyBytes || nonce.size() != kChaChaNonceBytes ||
      sealed.size() != plaintext.size() + kChaChaTagBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "ChaCha20-Poly1305: wrong key, nonce or buffer size");
  }
  if (FetchedChaChaPoly() == nullptr) {
    return MakeError(ErrorCode::kInternal, "ChaCha20-Poly1305 is not available from libcrypto");
  }
  Session s;
  int final_len = 0;
  uint8_t tail[16];  // Final writes nothing for a stream cipher
  if (EVP_EncryptInit_ex2(s.ctx(), FetchedChaChaPoly(), key.reveal().data(), nonce.data(),
                          nullptr) != 1 ||
      !Feed(s.ctx(), true, nullptr, associated_data) ||
      !Feed(s.ctx(), true, sealed.data(), plaintext) ||
      EVP_EncryptFinal_ex(s.ctx(), tail, &final_len) != 1 ||
      final_len != 0 ||
      EVP_CIPHER_CTX_ctrl(s.ctx(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kChaChaTagBytes),
                          sealed.data() + plaintext.size()) != 1) {
    sodium_memzero(sealed.data(), sealed.size());
    return MakeError(ErrorCode::kInternal, "ChaCha20-Poly1305: libcrypto failed to seal");
  }
  return OkStatus();
}

bool ChaCha20Poly1305Open(std::span<uint8_t> plaintext, const SecretBytes& key,
                          std::span<const uint8_t> nonce, std::span<const uint8_t> sealed,
                          std::span<const uint8_t> associated_data) {
  if (key.size() != kChaChaKeyBytes || nonce.size() != kChaChaNonceBytes ||
      sealed.size() < kChaChaTagBytes || plaintext.size() != sealed.size() - kChaChaTagBytes ||
      FetchedChaChaPoly() == nullptr) {
    if (!plaintext.empty()) sodium_memzero(plaintext.data(), plaintext.size());
    return false;
  }
  // libcrypto decrypts before it checks the tag (at Final): on any failure
  // the unauthenticated plaintext is wiped before returning.
  uint8_t tag[kChaChaTagBytes];
  std::copy(sealed.end() - kChaChaTagBytes, sealed.end(), tag);
  Session s;
  int final_len = 0;
  uint8_t tail[16];  // Final writes nothing for a stream cipher
  const bool ok =
      EVP_DecryptInit_ex2(s.ctx(), FetchedChaChaPoly(), key.reveal().data(), nonce.data(),
                          nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(s.ctx(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kChaChaTagBytes),
                          tag) == 1 &&
      Feed(s.ctx(), false, nullptr, associated_data) &&
      Feed(s.ctx(), false, plaintext.data(), sealed.first(plaintext.size())) &&
      EVP_DecryptFinal_ex(s.ctx(), tail, &final_len) == 1 &&
      final_len == 0;
  if (!ok && !plaintext.empty()) sodium_memzero(plaintext.data(), plaintext.size());
  return ok;
}

}  // namespace tvault::crypto
