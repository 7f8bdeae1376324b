#include "crypto/aead_stream.h"

#include <sodium.h>

#include <cstdint>
#include <cstring>

namespace tvault::crypto {
namespace {

crypto_onetimeauth_poly1305_state* Poly(SecretBytes& s) {
  return reinterpret_cast<crypto_onetimeauth_poly1305_state*>(s.reveal().data());
}

void Pad16(crypto_onetimeauth_poly1305_state* st, uint64_t len) {
  static const uint8_t kZeros[16] = {0};
  if (len % 16 != 0) crypto_onetimeauth_poly1305_update(st, kZeros, 16 - len % 16);
}

void Le64(uint8_t out[8], uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

AeadStreamDecryptor::AeadStreamDecryptor(const SecretBytes& key, std::span<const uint8_t> nonce,
                                         std::span<const uint8_t> ad, uint64_t ciphertext_bytes)
    : subkey_(32), poly_state_(sizeof(crypto_onetimeauth_poly1305_state)),
      expected_(ciphertext_bytes) {
  if (key.size() != 32 || nonce.size() != 24) std::abort();
  crypto_core_hchacha20(subkey_.reveal().data(), nonce.data(), key.reveal().data(), nullptr);
  std::memset(nonce12_, 0, 4);
  std::memcpy(nonce12_ + 4, nonce.data() + 16, 8);
  SecretBytes block0(64);
  crypto_stream_chacha20_ietf(block0.reveal().data(), 64, nonce12_, subkey_.reveal().data());
  crypto_onetimeauth_poly1305_init(Poly(poly_state_), block0.reveal().data());
  crypto_onetimeauth_poly1305_update(Poly(poly_state_), ad.data(), ad.size());
  Pad16(Poly(poly_state_), ad.size());
  ad_bytes_ = ad.size();
}

AeadStreamDecryptor::~AeadStreamDecryptor() {
  sodium_memzero(partial_block_, sizeof partial_block_);
}

Status AeadStreamDecryptor::Update(std::span<const uint8_t> ct, std::span<uint8_t> out) {
  if (ct.size() != out.size() || ct.size() > expected_ - fed_) {
    return MakeError(ErrorCode::kInternal, "stream decryption fed more than its length");
  }
  crypto_onetimeauth_poly1305_update(Poly(poly_state_), ct.data(), ct.size());
  std::size_t i = 0;
  // First use up the keystream left from the previous call.
  while (i < ct.size() && partial_used_ < 64) {
    out[i] = ct[i] ^ partial_block_[partial_used_++];
    ++i;
  }
  // Whole blocks straight through libsodium.
  const std::size_t whole = (ct.size() - i) / 64 * 64;
  if (whole > 0) {
    if (next_block_ + whole / 64 > UINT32_MAX) {
      return MakeError(ErrorCode::kInternal, "message too long for one ChaCha20 stream");
    }
    crypto_stream_chacha20_ietf_xor_ic(out.data() + i, ct.data() + i, whole, nonce12_,
                                       static_cast<uint32_t>(next_block_), subkey_.reveal().data());
    next_block_ += whole / 64;
    i += whole;
  }
  // A tail shorter than a block: keep the rest of its keystream for later.
  if (i < ct.size()) {
    if (next_block_ > UINT32_MAX) {
      return MakeError(ErrorCode::kInternal, "message too long for one ChaCha20 stream");
    }
    crypto_stream_chacha20_ietf_xor_ic(partial_block_, kZeroBlock, 64, nonce12_,
                                       static_cast<uint32_t>(next_block_), subkey_.reveal().data());
    ++next_block_;
    partial_used_ = 0;
    while (i < ct.size()) {
      out[i] = ct[i] ^ partial_block_[partial_used_++];
      ++i;
    }
  }
  fed_ += ct.size();
  return OkStatus();
}

Status AeadStreamDecryptor::Finish(std::span<const uint8_t> tag) {
  if (fed_ != expected_ || tag.size() != 16) {
    return MakeError(ErrorCode::kIntegrity, "decryption failed");
  }
  Pad16(Poly(poly_state_), fed_);
  uint8_t lens[16];
  Le64(lens, ad_bytes_);
  Le64(lens + 8, fed_);
  crypto_onetimeauth_poly1305_update(Poly(poly_state_), lens, sizeof lens);
  uint8_t computed[16];
  crypto_onetimeauth_poly1305_final(Poly(poly_state_), computed);
  const bool ok = sodium_memcmp(computed, tag.data(), 16) == 0;
  sodium_memzero(computed, sizeof computed);
  if (!ok) return MakeError(ErrorCode::kIntegrity, "decryption failed");
  return OkStatus();
}

}  // namespace tvault::crypto
