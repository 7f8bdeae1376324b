// ChaCha20-Poly1305 (RFC 8439) over libcrypto, checked against a second,
// independent implementation: libsodium's crypto_aead_chacha20poly1305_ietf.
// (Wycheproof vectors run in tests/unit/formats/bundle/age_known_answer_test.cc.)
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "crypto/chacha20poly1305.h"

namespace tvault::testing {
namespace {

std::vector<uint8_t> Random(std::mt19937_64& rng, std::size_t n) {
  std::vector<uint8_t> out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

std::vector<uint8_t> SodiumSeal(const std::vector<uint8_t>& key, const std::vector<uint8_t>& nonce,
                                const std::vector<uint8_t>& msg, const std::vector<uint8_t>& aad) {
  std::vector<uint8_t> out(msg.size() + crypto_aead_chacha20poly1305_ietf_ABYTES);
  unsigned long long len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), &len, msg.data(), msg.size(), aad.data(),
                                            aad.size(), nullptr, nonce.data(), key.data());
  EXPECT_EQ(len, out.size());
  return out;
}

bool AllZero(std::span<const uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

TEST(ChaCha20Poly1305, AgreesWithLibsodiumOnRandomInputs) {
  std::mt19937_64 rng(20261127);
  // Sizes around block (64), chunk (64 KiB) and piece boundaries.
  const std::size_t sizes[] = {0, 1, 15, 16, 63, 64, 65, 1000, 65535, 65536, 65537, 200000};
  for (std::size_t size : sizes) {
    for (std::size_t aad_size : {std::size_t{0}, std::size_t{13}, std::size_t{300}}) {
      const std::vector<uint8_t> key = Random(rng, 32), nonce = Random(rng, 12);
      const std::vector<uint8_t> msg = Random(rng, size), aad = Random(rng, aad_size);
      const SecretBytes secret = SecretBytes::CopyOf(key);
      const std::vector<uint8_t> theirs = SodiumSeal(key, nonce, msg, aad);

      std::vector<uint8_t> ours(size + crypto::kChaChaTagBytes);
      ASSERT_TRUE(crypto::ChaCha20Poly1305Seal(ours, secret, nonce, msg, aad).ok());
      ASSERT_EQ(ours, theirs) << "size " << size << " aad " << aad_size;

      std::vector<uint8_t> opened(size, 0xAA);
      ASSERT_TRUE(crypto::ChaCha20Poly1305Open(opened, secret, nonce, theirs, aad));
      EXPECT_EQ(opened, msg);

      // Any flipped bit (ciphertext, tag, associated data, nonce) is refused,
      // and no unauthenticated plaintext is left in the output.
      std::vector<uint8_t> bad = theirs;
      bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
      std::fill(opened.begin(), opened.end(), 0xAA);
      EXPECT_FALSE(crypto::ChaCha20Poly1305Open(opened, secret, nonce, bad, aad));
      EXPECT_TRUE(AllZero(opened));
      if (!aad.empty()) {
        std::vector<uint8_t> bad_aad = aad;
        bad_aad[0] ^= 1;
        std::fill(opened.begin(), opened.end(), 0xAA);
        EXPECT_FALSE(crypto::ChaCha20Poly1305Open(opened, secret, nonce, theirs, bad_aad));
        EXPECT_TRUE(AllZero(opened));
      }
      std::vector<uint8_t> bad_nonce = nonce;
      bad_nonce[11] ^= 0x80;
      std::fill(opened.begin(), opened.end(), 0xAA);
      EXPECT_FALSE(crypto::ChaCha20Poly1305Open(opened, secret, bad_nonce, theirs, aad));
      EXPECT_TRUE(AllZero(opened));
    }
  }
}

TEST(ChaCha20Poly1305, WrongSizesAreRefusedWithoutWriting) {
  const SecretBytes key = SecretBytes::CopyOf(std::vector<uint8_t>(32, 7));
  const SecretBytes short_key = SecretBytes::CopyOf(std::vector<uint8_t>(31, 7));
  const std::vector<uint8_t> nonce(12, 1), msg(10, 2);
  std::vector<uint8_t> sealed(msg.size() + 16, 0x55);
  EXPECT_EQ(crypto::ChaCha20Poly1305Seal(sealed, short_key, nonce, msg, {}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(crypto::ChaCha20Poly1305Seal(sealed, key, std::vector<uint8_t>(8), msg, {}).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<uint8_t> too_small(msg.size() + 15, 0x55);
  EXPECT_EQ(crypto::ChaCha20Poly1305Seal(too_small, key, nonce, msg, {}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(std::all_of(sealed.begin(), sealed.end(), [](uint8_t b) { return b == 0x55; }));

  ASSERT_TRUE(crypto::ChaCha20Poly1305Seal(sealed, key, nonce, msg, {}).ok());
  std::vector<uint8_t> wrong_out(msg.size() + 1, 0xAA);
  EXPECT_FALSE(crypto::ChaCha20Poly1305Open(wrong_out, key, nonce, sealed, {}));
  EXPECT_TRUE(AllZero(wrong_out));
  std::vector<uint8_t> nothing;
  EXPECT_FALSE(crypto::ChaCha20Poly1305Open(nothing, key, nonce, std::vector<uint8_t>(15), {}));
}

// Contexts are per thread: threads sealing at once agree with libsodium.
TEST(ChaCha20Poly1305, ThreadsDoNotShareState) {
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &mismatches] {
      std::mt19937_64 rng(static_cast<uint64_t>(t) + 1);
      for (int i = 0; i < 200; ++i) {
        const std::vector<uint8_t> key = Random(rng, 32), nonce = Random(rng, 12);
        const std::vector<uint8_t> msg = Random(rng, rng() % 5000);
        std::vector<uint8_t> ours(msg.size() + 16);
        if (!crypto::ChaCha20Poly1305Seal(ours, SecretBytes::CopyOf(key), nonce, msg, {}).ok() ||
            ours != SodiumSeal(key, nonce, msg, {})) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace tvault::testing
