// The header parser and keyslots (docs/format.md, section 2).
#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "crypto/key_hierarchy.h"
#include "header/vault_header.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

struct Fixture {
  VaultHeader header;
  SecretBytes master = SecretBytes::Random(32);
  SecretBytes mac_key = SecretBytes::Random(32);
  std::vector<uint8_t> bytes;

  explicit Fixture(int slots) {
    for (int i = 0; i < 16; ++i) header.vault_id[i] = static_cast<uint8_t>(i);
    for (int s = 1; s <= slots; ++s) {
      header.slots.push_back(Must(MakeKeyslot(header, static_cast<uint8_t>(s), 8, 1, master,
                                              Pass("pass " + std::to_string(s)), 1700000000)));
    }
    SealHeader(header, mac_key);
    bytes = SerializeHeader(header);
  }
};

TEST(VaultHeader, RoundTripIsCanonical) {
  Fixture f(3);
  EXPECT_EQ(f.bytes.size(), 30u + 3 * 106 + 64);
  VaultHeader parsed = Must(ParseHeader(f.bytes));
  EXPECT_EQ(SerializeHeader(parsed), f.bytes);
  MustOk(VerifyHeaderMac(parsed, f.mac_key));
}

TEST(VaultHeader, EverySlotOpensWithItsPassphraseOnly) {
  Fixture f(3);
  for (int s = 1; s <= 3; ++s) {
    UnlockedMaster m = Must(UnlockHeader(f.header, Pass("pass " + std::to_string(s))));
    EXPECT_EQ(m.slot_id, s);
    EXPECT_TRUE(m.master_key.Equals(f.master));
  }
  auto wrong = UnlockHeader(f.header, Pass("pass 4"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kWrongPassphrase);
}

// A flipped byte anywhere is caught: by the checksum (kIntegrity), by the
// parser, by the keyslot AEAD (kWrongPassphrase) or by the header MAC
// (kIntegrity); it never yields another master key.
TEST(VaultHeader, EveryFlippedByteIsDetected) {
  Fixture f(2);
  for (std::size_t i = 0; i < f.bytes.size(); ++i) {
    for (uint8_t bit : {0x01, 0x80}) {
      std::vector<uint8_t> bad = f.bytes;
      bad[i] ^= bit;
      auto parsed = ParseHeader(bad);
      if (!parsed.ok()) {
        EXPECT_TRUE(parsed.error().code == ErrorCode::kIntegrity ||
                    parsed.error().code == ErrorCode::kUnsupported) << i;
        continue;
      }
      ADD_FAILURE() << "flip at " << i << " passed the checksum";
    }
  }
}

// With the checksum recomputed (a deliberate attacker), keyslot AEAD and the
// header MAC still catch every change.
TEST(VaultHeader, AttackerRecomputingTheChecksumIsCaughtByMacOrSlot) {
  Fixture f(2);
  const std::size_t body = f.bytes.size() - 64;
  for (std::size_t i = 0; i < body + 32; ++i) {
    std::vector<uint8_t> bad = f.bytes;
    bad[i] ^= 0x01;
    auto sum = crypto::Sha256(std::span(bad).first(bad.size() - 32));
    std::copy(sum.begin(), sum.end(), bad.end() - 32);
    auto parsed = ParseHeader(bad);
    if (!parsed.ok()) continue;  // structurally refused
    auto unlocked = UnlockHeader(*parsed, Pass("pass 1"));
    if (!unlocked.ok()) {
      EXPECT_EQ(unlocked.error().code, ErrorCode::kWrongPassphrase) << i;
      continue;
    }
    EXPECT_TRUE(unlocked->master_key.Equals(f.master)) << i;
    Status mac = VerifyHeaderMac(*parsed, f.mac_key);
    ASSERT_FALSE(mac.ok()) << "undetected change at byte " << i;
    EXPECT_EQ(mac.error().code, ErrorCode::kIntegrity);
  }
}

TEST(VaultHeader, RefusesUnknownVersionAndTrailingBytes) {
  Fixture f(1);
  std::vector<uint8_t> v2 = f.bytes;
  v2[9] = 2;
  auto r = ParseHeader(v2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);

  std::vector<uint8_t> longer = f.bytes;
  longer.push_back(0);
  EXPECT_FALSE(ParseHeader(longer).ok());
  EXPECT_FALSE(ParseHeader(std::span(f.bytes).first(f.bytes.size() - 1)).ok());
  EXPECT_FALSE(ParseHeader({}).ok());
}

TEST(VaultHeader, BrokenFixturesAreRefused) {
  for (const char* name : {"BrokenHeaderChecksum.tvh", "BrokenHeaderTruncated.tvh",
                           "BrokenHeaderZeroSlots.tvh", "BrokenHeaderSlotOrder.tvh",
                           "BrokenHeaderMagic.tvh"}) {
    std::vector<uint8_t> bytes = ReadBytes(std::filesystem::path(TVAULT_TEST_DATA_DIR) / "header" / name);
    ASSERT_FALSE(bytes.empty()) << name;
    auto r = ParseHeader(bytes);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << name;
  }
}

TEST(VaultHeader, FreeSlotIdIsTheLowestUnused) {
  Fixture f(3);
  f.header.slots.erase(f.header.slots.begin() + 1);
  EXPECT_EQ(FreeSlotId(f.header), 2);
}

// A recovery keyslot (section 2.3): opened by its 32-byte secret only; a
// passphrase is never tried on it, nor a secret on a passphrase slot.
TEST(VaultHeader, RecoverySlotOpensWithItsSecretOnly) {
  Fixture f(1);
  SecretBytes secret = SecretBytes::Random(header_format::kRecoverySecretBytes);
  f.header.slots.push_back(Must(MakeRecoveryKeyslot(f.header, 2, f.master, secret, 1700000001)));
  SealHeader(f.header, f.mac_key);
  const std::vector<uint8_t> bytes = SerializeHeader(f.header);
  VaultHeader parsed = Must(ParseHeader(bytes));
  EXPECT_EQ(SerializeHeader(parsed), bytes);
  ASSERT_EQ(parsed.slots.size(), 2u);
  EXPECT_TRUE(IsRecoverySlot(parsed.slots[1]));
  EXPECT_EQ(parsed.slots[1].kdf_memory_kib, 0u);
  EXPECT_EQ(parsed.slots[1].kdf_passes, 0u);

  UnlockedMaster m = Must(UnlockHeaderWithRecovery(parsed, secret));
  EXPECT_EQ(m.slot_id, 2);
  EXPECT_TRUE(m.master_key.Equals(f.master));
  auto other = UnlockHeaderWithRecovery(parsed, SecretBytes::Random(32));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kWrongPassphrase);
  // The secret as a passphrase opens nothing; the passphrase opens slot 1.
  EXPECT_FALSE(UnlockHeader(parsed, secret).ok());
  EXPECT_EQ(Must(UnlockHeader(parsed, Pass("pass 1"))).slot_id, 1);
  // No recovery slot: a precondition, not a wrong key.
  Fixture plain(1);
  auto none = UnlockHeaderWithRecovery(plain.header, secret);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
}

// kdf_alg 2 with KDF parameters, or an unknown kdf_alg, are refused.
TEST(VaultHeader, RecoverySlotFieldsAreChecked) {
  Fixture f(1);
  SecretBytes secret = SecretBytes::Random(header_format::kRecoverySecretBytes);
  f.header.slots.push_back(Must(MakeRecoveryKeyslot(f.header, 2, f.master, secret, 1700000001)));
  auto with = [&](std::size_t offset, uint8_t value) {
    std::vector<uint8_t> body = SerializeHeaderBody(f.header);
    body[offset] = value;
    body.insert(body.end(), f.header.header_mac.begin(), f.header.header_mac.end());
    crypto::Sha256Digest sum = crypto::Sha256(body);
    body.insert(body.end(), sum.begin(), sum.end());
    return ParseHeader(body);
  };
  const std::size_t slot2 = header_format::kFixedBytes + header_format::kSlotBytes;
  auto memory = with(slot2 + 5, 1);  // kdf_memory_kib's low byte
  ASSERT_FALSE(memory.ok());
  EXPECT_EQ(memory.error().code, ErrorCode::kIntegrity);
  auto passes = with(slot2 + 9, 1);
  ASSERT_FALSE(passes.ok());
  EXPECT_EQ(passes.error().code, ErrorCode::kIntegrity);
  auto unknown = with(slot2 + 1, 3);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  EXPECT_TRUE(with(slot2 + 1, header_format::kKdfRecovery).ok());
}

}  // namespace
}  // namespace tvault::testing
