// The incremental XChaCha20-Poly1305 decryptor agrees byte for byte with
// libsodium's one-shot function, for every way of cutting the input.
#include <gtest/gtest.h>

#include "crypto/aead.h"
#include "crypto/aead_stream.h"
#include "crypto/random.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

PlainBytes DecryptInPieces(const SecretBytes& key, const std::vector<uint8_t>& sealed,
                           std::span<const uint8_t> ad, std::size_t piece, Status& status) {
  const std::size_t ct_len = sealed.size() - 40;
  crypto::AeadStreamDecryptor d(key, std::span(sealed).first(24), ad, ct_len);
  PlainBytes out(ct_len);
  for (std::size_t off = 0; off < ct_len; off += piece) {
    const std::size_t n = std::min(piece, ct_len - off);
    status = d.Update(std::span(sealed).subspan(24 + off, n), std::span(out).subspan(off, n));
    if (!status.ok()) return out;
  }
  status = d.Finish(std::span(sealed).last(16));
  return out;
}

TEST(AeadStream, DraftVectorInPieces) {
  auto v = ReadVectorFile("vectors/xchacha20poly1305.txt")[0];
  SecretBytes key = SecretBytes::CopyOf(Unhex(v["key"]));
  std::vector<uint8_t> sealed = Unhex(v["nonce"] + v["ciphertext"] + v["tag"]);
  for (std::size_t piece : {1, 7, 63, 64, 65, 1000}) {
    Status st;
    PlainBytes p = DecryptInPieces(key, sealed, Unhex(v["aad"]), piece, st);
    ASSERT_TRUE(st.ok()) << piece;
    EXPECT_EQ(Hex(p), v["plaintext"]) << piece;
  }
}

TEST(AeadStream, AgreesWithOneShotForManySizesAndRefusesTampering) {
  for (std::size_t size : {0, 1, 15, 16, 63, 64, 65, 127, 128, 4095, 65536 + 3, 300000}) {
    SecretBytes key = SecretBytes::Random(32);
    std::vector<uint8_t> plain(size), ad(size % 37);
    crypto::RandomBytes(plain);
    crypto::RandomBytes(ad);
    std::vector<uint8_t> sealed = crypto::AeadSeal(key, plain, ad);
    for (std::size_t piece : {1, 64, 4097}) {
      if (size > 70000 && piece == 1) continue;
      Status st;
      PlainBytes p = DecryptInPieces(key, sealed, ad, piece, st);
      ASSERT_TRUE(st.ok()) << size << "/" << piece;
      EXPECT_TRUE(std::equal(p.begin(), p.end(), plain.begin(), plain.end()));
    }
    std::vector<uint8_t> bad = sealed;
    bad[bad.size() / 2] ^= 1;
    Status st;
    DecryptInPieces(key, bad, ad, 64, st);
    EXPECT_FALSE(st.ok()) << size;
    if (!ad.empty()) {
      ad[0] ^= 1;
      DecryptInPieces(key, sealed, ad, 64, st);
      EXPECT_FALSE(st.ok()) << size;
    }
  }
}

}  // namespace
}  // namespace tvault::testing
