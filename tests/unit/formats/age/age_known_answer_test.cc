// Known answers for everything age is built from, through our own wrappers:
// Wycheproof X25519 and ChaCha20-Poly1305, BIP 173 Bech32, and a file made
// by the age reference implementation (tests/data/age/README.md).
#include <gtest/gtest.h>

#include "age/age.h"
#include "formats/age/age_test_support.h"
#include "age/bech32.h"
#include "crypto/asymmetric.h"
#include "crypto/chacha20poly1305.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

bool AllZero(std::span<const uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

TEST(AgeKnownAnswer, WycheproofX25519) {
  auto blocks = ReadVectorFile("vectors/wycheproof_x25519.txt");
  ASSERT_EQ(blocks.size(), 51u);
  int zero_shared = 0;
  for (auto& v : blocks) {
    SecretBytes scalar = SecretBytes::CopyOf(Unhex(v["private"]));
    std::vector<uint8_t> shared = Unhex(v["shared"]);
    auto got = crypto::X25519(scalar, Unhex(v["public"]));
    if (AllZero(shared)) {
      // age aborts on an all-zero shared secret; our wrapper must refuse it.
      ++zero_shared;
      ASSERT_FALSE(got.ok()) << "tcId " << v["tcId"];
      EXPECT_EQ(got.error().code, ErrorCode::kIntegrity);
    } else {
      ASSERT_TRUE(got.ok()) << "tcId " << v["tcId"] << ": " << got.error().message;
      EXPECT_EQ(Hex(got->reveal()), v["shared"]) << "tcId " << v["tcId"];
    }
  }
  EXPECT_EQ(zero_shared, 4);
}

// Unhex("") would reach crypto::HexDecode with an empty buffer, which hands
// libsodium a null pointer (UBSan flags it); empty fields are common here.
std::vector<uint8_t> Bytes(const std::string& hex) {
  return hex.empty() ? std::vector<uint8_t>{} : Unhex(hex);
}

TEST(AgeKnownAnswer, WycheproofChaCha20Poly1305) {
  auto blocks = ReadVectorFile("vectors/wycheproof_chacha20poly1305.txt");
  ASSERT_EQ(blocks.size(), 54u);
  int valid = 0, invalid = 0;
  for (auto& v : blocks) {
    SecretBytes key = SecretBytes::CopyOf(Unhex(v["key"]));
    std::vector<uint8_t> iv = Bytes(v["iv"]), aad = Bytes(v["aad"]), msg = Bytes(v["msg"]);
    std::vector<uint8_t> sealed = Bytes(v["ct"] + v["tag"]);
    std::vector<uint8_t> opened(sealed.size() >= 16 ? sealed.size() - 16 : 0, 0xAA);
    bool ok = crypto::ChaCha20Poly1305Open(opened, key, iv, sealed, aad);
    if (v["result"] == "valid") {
      ++valid;
      std::vector<uint8_t> ours(msg.size() + crypto::kChaChaTagBytes);
      ASSERT_TRUE(crypto::ChaCha20Poly1305Seal(ours, key, iv, msg, aad).ok()) << v["tcId"];
      EXPECT_EQ(Hex(ours), Hex(sealed)) << "tcId " << v["tcId"];
      ASSERT_TRUE(ok) << "tcId " << v["tcId"];
      EXPECT_EQ(Hex(opened), v["msg"]) << "tcId " << v["tcId"];
    } else {
      ++invalid;
      EXPECT_FALSE(ok) << "tcId " << v["tcId"];
      // Nothing unauthenticated is left behind.
      EXPECT_TRUE(AllZero(opened)) << "tcId " << v["tcId"];
      if (v["flags"] == "InvalidNonceSize") {
        std::vector<uint8_t> out(msg.size() + crypto::kChaChaTagBytes);
        EXPECT_FALSE(crypto::ChaCha20Poly1305Seal(out, key, iv, msg, aad).ok()) << v["tcId"];
      }
    }
  }
  EXPECT_EQ(valid, 30);
  EXPECT_EQ(invalid, 24);
}

std::string FromHex(const std::string& hex) {
  std::vector<uint8_t> b = Unhex(hex);
  return std::string(b.begin(), b.end());
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(AgeKnownAnswer, Bip173Bech32) {
  auto blocks = ReadVectorFile("vectors/bip173_bech32.txt");
  int counts[4] = {0, 0, 0, 0};
  for (auto& v : blocks) {
    const std::string text = FromHex(v["hex"]);
    auto decoded = bech32::Decode(text, bech32::kBip173MaxLength);
    const std::string& kind = v["kind"];
    if (kind == "invalid") {
      ++counts[1];
      EXPECT_FALSE(decoded.ok()) << v["reason"] << ": " << v["hex"];
      continue;
    }
    ASSERT_TRUE(decoded.ok()) << kind << " " << text << ": " << decoded.error().message;
    // Re-encoding gives the lowercase form back.
    PlainString again = bech32::Encode(decoded->hrp, decoded->data);
    EXPECT_EQ(std::string(again.begin(), again.end()), Lower(text));
    if (kind == "valid") {
      ++counts[0];
    } else if (kind == "segwit") {
      ++counts[2];
      ASSERT_FALSE(decoded->data.empty());
      auto program = bech32::ConvertBits(std::span(decoded->data).subspan(1), 5, 8, false);
      ASSERT_TRUE(program.has_value()) << text;
      EXPECT_EQ(Hex(*program), v["script"].substr(4)) << text;
    } else if (kind == "badpad") {
      ++counts[3];
      EXPECT_FALSE(bech32::ConvertBits(std::span(decoded->data).subspan(1), 5, 8, false))
          << v["reason"];
    } else {
      ADD_FAILURE() << "unknown kind " << kind;
    }
  }
  EXPECT_EQ(counts[0], 7);
  EXPECT_EQ(counts[1], 14);
  EXPECT_EQ(counts[2], 6);
  EXPECT_EQ(counts[3], 2);
}

TEST(AgeKnownAnswer, ReferenceExampleFileDecrypts) {
  const fs::path dir = fs::path(TVAULT_TEST_DATA_DIR) / "age";
  auto identities = age::ParseIdentityFile(ReadBytes(dir / "example_keys.txt"));
  ASSERT_TRUE(identities.ok()) << identities.error().message;
  ASSERT_EQ(identities->size(), 1u);
  std::vector<uint8_t> file = ReadBytes(dir / "example.age");
  ASSERT_EQ(file.size(), 219u);
  AgeOutcome got = AgeDecryptOurs(file, *identities);
  ASSERT_TRUE(got.ok) << got.message;
  EXPECT_EQ(std::string(got.plaintext.begin(), got.plaintext.end()), "Black lives matter.");

  // The reference file, re-serialized by us, is byte-identical: our header
  // encoding is the canonical one.
  auto parsed = age::internal::ParseHeader(file);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(age::internal::SerializeHeader(parsed->header),
            std::vector<uint8_t>(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(parsed->size)));
}

}  // namespace
}  // namespace tvault::testing
