// Known-answer tests against published vectors (tests/data/vectors/*.txt,
// each citing its source), and a cross-check of the two Argon2 libraries.
#include <argon2.h>
#include <gtest/gtest.h>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/password_kdf.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

TEST(KnownAnswer, HkdfSha256Rfc5869) {
  auto blocks = ReadVectorFile("vectors/hkdf_sha256.txt");
  ASSERT_EQ(blocks.size(), 3u);
  for (auto& v : blocks) {
    SecretBytes okm = crypto::HkdfSha256(Unhex(v["ikm"]), Unhex(v["salt"]), Unhex(v["info"]),
                                         std::stoul(v["length"]));
    EXPECT_EQ(Hex(okm.reveal()), v["okm"]) << v["name"];
  }
}

TEST(KnownAnswer, XChaCha20Poly1305Draft03) {
  auto blocks = ReadVectorFile("vectors/xchacha20poly1305.txt");
  ASSERT_EQ(blocks.size(), 1u);
  auto& v = blocks[0];
  SecretBytes key = SecretBytes::CopyOf(Unhex(v["key"]));
  std::vector<uint8_t> nonce = Unhex(v["nonce"]);
  std::vector<uint8_t> sealed =
      crypto::AeadSealWithNonce(key, nonce, Unhex(v["plaintext"]), Unhex(v["aad"]));
  EXPECT_EQ(Hex(sealed), v["nonce"] + v["ciphertext"] + v["tag"]);

  auto opened = crypto::AeadOpen(key, sealed, Unhex(v["aad"]));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(Hex(*opened), v["plaintext"]);

  // Any flipped bit, and any other associated data, is refused alike.
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    std::vector<uint8_t> bad = sealed;
    bad[i] ^= 0x01;
    auto r = crypto::AeadOpen(key, bad, Unhex(v["aad"]));
    ASSERT_FALSE(r.ok()) << "flip at " << i;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  }
  EXPECT_FALSE(crypto::AeadOpen(key, sealed, Unhex("50515253c0c1c2c3c4c5c6c8")).ok());
  EXPECT_FALSE(crypto::AeadOpen(key, std::span(sealed).first(39), {}).ok());
}

TEST(KnownAnswer, Argon2idThroughLibargon2) {
  auto blocks = ReadVectorFile("vectors/argon2id.txt");
  ASSERT_EQ(blocks.size(), 2u);
  for (auto& v : blocks) {
    std::vector<uint8_t> pwd = Unhex(v["password"]), salt = Unhex(v["salt"]);
    std::vector<uint8_t> secret = Unhex(v["secret"]), ad = Unhex(v["ad"]);
    std::vector<uint8_t> out(32);
    argon2_context ctx{};
    ctx.out = out.data();
    ctx.outlen = static_cast<uint32_t>(out.size());
    ctx.pwd = pwd.data();
    ctx.pwdlen = static_cast<uint32_t>(pwd.size());
    ctx.salt = salt.data();
    ctx.saltlen = static_cast<uint32_t>(salt.size());
    ctx.secret = secret.empty() ? nullptr : secret.data();
    ctx.secretlen = static_cast<uint32_t>(secret.size());
    ctx.ad = ad.empty() ? nullptr : ad.data();
    ctx.adlen = static_cast<uint32_t>(ad.size());
    ctx.t_cost = static_cast<uint32_t>(std::stoul(v["t"]));
    ctx.m_cost = static_cast<uint32_t>(std::stoul(v["m_kib"]));
    ctx.lanes = ctx.threads = static_cast<uint32_t>(std::stoul(v["p"]));
    ctx.version = ARGON2_VERSION_13;
    ASSERT_EQ(argon2_ctx(&ctx, Argon2_id), ARGON2_OK) << v["name"];
    EXPECT_EQ(Hex(out), v["tag"]) << v["name"];
  }
}

// The vault derives keyslot keys with libsodium's crypto_pwhash (p = 1,
// 16-byte salt). It must agree with the reference library at the same
// parameters, or vaults would depend on one library's quirks.
TEST(KnownAnswer, Argon2idLibsodiumAgreesWithLibargon2) {
  struct Case { uint32_t m_kib, t; std::size_t pw_len; };
  const Case cases[] = {{8, 1, 0}, {64, 2, 1}, {1024, 3, 17}, {19 * 1024, 2, 32},
                        {64 * 1024, 1, 100}};
  for (const Case& c : cases) {
    SecretBytes pw = SecretBytes::Random(c.pw_len);
    SecretBytes salt = SecretBytes::Random(16);
    auto ours = crypto::Argon2id(pw, salt.reveal(), {c.m_kib, c.t}, 32);
    ASSERT_TRUE(ours.ok());
    std::vector<uint8_t> ref(32);
    ASSERT_EQ(argon2id_hash_raw(c.t, c.m_kib, 1, pw.reveal().data(), pw.size(),
                                salt.reveal().data(), salt.size(), ref.data(), ref.size()),
              ARGON2_OK);
    EXPECT_EQ(Hex(ours->reveal()), Hex(ref)) << "m=" << c.m_kib << " t=" << c.t;
  }
}

TEST(KnownAnswer, Sha256OfEmptyAndAbc) {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
  EXPECT_EQ(Hex(crypto::Sha256({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(Hex(crypto::Sha256(abc)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tvault::testing
