// manifest.json and the member order of a backup (docs/format.md, 9.2-9.3).
#include <gtest/gtest.h>

#include "backup/backup_format.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

backup::Manifest Sample() {
  backup::Manifest m;
  m.vault_id.fill(0xAB);
  m.fingerprint = {1, 2, 3, 4, 5, 6, 7, 8};
  m.signer = Must(minisign::ParsePublicKey("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"));
  m.created_at_unix_s = 1767225600;
  m.tvault_version = "0.1.0";
  m.checkpoint_size = 12;
  for (const char* name : {"vault/vault.header", "vault/vault.db", "vault/evidence/E-7Q3KX2.tve",
                           "checkpoint"}) {
    backup::ManifestFile f;
    f.name = name;
    f.size = 100;
    f.sha256.fill(0x11);
    m.files.push_back(f);
  }
  return m;
}

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(BackupManifest, RoundTripsAndIsStrict) {
  const std::string text = backup::SerializeManifest(Sample());
  backup::Manifest back = Must(backup::ParseManifest(Bytes(text)));
  EXPECT_EQ(backup::SerializeManifest(back), text);
  EXPECT_EQ(back.files, Sample().files);
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return backup::ParseManifest(Bytes(t));
  };
  EXPECT_EQ(replace("\"version\": 1", "\"version\": 2").error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(replace("\"format\"", "\"extra\": 1,\n  \"format\"").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(replace("vault/vault.db", "../vault.db").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(replace("E-7Q3KX2.tve", "E-7Q3KX2.tve.pending").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(replace("\"checkpoint\"", "\"manifest.json\"").error().code, ErrorCode::kIntegrity);
}

TEST(BackupManifest, FilesMustBeTheMembersInOrder) {
  backup::Manifest m = Sample();
  std::swap(m.files[0], m.files[1]);
  EXPECT_FALSE(backup::ParseManifest(Bytes(backup::SerializeManifest(m))).ok());
  m = Sample();
  m.files.pop_back();
  EXPECT_FALSE(backup::ParseManifest(Bytes(backup::SerializeManifest(m))).ok());
}

TEST(BackupMemberOrder, AcceptsOnlySectionNinePointTwo) {
  backup::MemberOrder ok;
  for (const char* n : {"vault/vault.header", "vault/vault.db", "vault/evidence/E-A.tve",
                        "vault/evidence/E-B.tve", "checkpoint", "manifest.json",
                        "manifest.json.minisig"})
    EXPECT_TRUE(ok.Next(n).ok()) << n;
  EXPECT_TRUE(ok.End().ok());
  EXPECT_FALSE(ok.Next("extra").ok());

  backup::MemberOrder reversed;
  ASSERT_TRUE(reversed.Next("vault/vault.header").ok());
  ASSERT_TRUE(reversed.Next("vault/vault.db").ok());
  ASSERT_TRUE(reversed.Next("vault/evidence/E-B.tve").ok());
  EXPECT_FALSE(reversed.Next("vault/evidence/E-A.tve").ok());

  backup::MemberOrder early;
  ASSERT_TRUE(early.Next("vault/vault.header").ok());
  EXPECT_FALSE(early.End().ok());
  EXPECT_EQ(backup::VaultPathOf("vault/evidence/E-A.tve"), "evidence/E-A.tve");
  EXPECT_EQ(backup::VaultPathOf("checkpoint"), "");
  EXPECT_EQ(backup::VaultPathOf("vault/unlock-failures"), "");
}

}  // namespace
}  // namespace tvault::testing
