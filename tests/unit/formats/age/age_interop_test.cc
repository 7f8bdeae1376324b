// Interop with the real age 1.1.1 / age-keygen in /usr/bin (skipped only when
// they are absent; CI installs them through scripts/setup).
#include <gtest/gtest.h>

#include "age/age.h"
#include "formats/age/age_test_support.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

#define SKIP_WITHOUT_AGE() \
  if (!HaveAgeTools()) GTEST_SKIP() << "age/age-keygen not installed (apt-get install age)"

std::string Trim(const std::vector<uint8_t>& bytes) {
  std::string s(bytes.begin(), bytes.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

const std::vector<std::size_t> kSizes = {0, 1, 65535, 65536, 65537, 3 * 65536, 1 << 20};

TEST(AgeInterop, OurFilesDecryptWithAge) {
  SKIP_WITHOUT_AGE();
  ScratchDir dir;
  SecretBytes id = age::GenerateIdentity();
  fs::path key = WriteIdentityFile(dir.path(), "id.txt", id);
  std::vector<age::X25519Public> recipients = {age::RecipientOf(id)};
  for (std::size_t n : kSizes) {
    std::vector<uint8_t> plaintext = TestPlaintext(n, static_cast<uint32_t>(n + 3));
    WriteBytes(dir.path() / "f.age", AgeEncryptOurs(recipients, plaintext, 10000));
    ToolRun run = RunTool({kAgeBin, "-d", "-i", key.string(), (dir.path() / "f.age").string()}, dir.path());
    ASSERT_EQ(run.exit_code, 0) << n << ": " << run.err;
    EXPECT_EQ(run.out, plaintext) << n;
  }
}

TEST(AgeInterop, EveryRecipientOfOurFileDecryptsWithAge) {
  SKIP_WITHOUT_AGE();
  ScratchDir dir;
  std::vector<SecretBytes> ids;
  std::vector<age::X25519Public> recipients;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(age::GenerateIdentity());
    recipients.push_back(age::RecipientOf(ids.back()));
  }
  std::vector<uint8_t> plaintext = TestPlaintext(70000);
  WriteBytes(dir.path() / "f.age", AgeEncryptOurs(recipients, plaintext));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    fs::path key = WriteIdentityFile(dir.path(), "id" + std::to_string(i), ids[i]);
    ToolRun run = RunTool({kAgeBin, "-d", "-i", key.string(), (dir.path() / "f.age").string()}, dir.path());
    ASSERT_EQ(run.exit_code, 0) << i << ": " << run.err;
    EXPECT_EQ(run.out, plaintext) << i;
  }
  // And someone who is not a recipient cannot.
  fs::path stranger = WriteIdentityFile(dir.path(), "stranger", age::GenerateIdentity());
  ToolRun run = RunTool({kAgeBin, "-d", "-i", stranger.string(), (dir.path() / "f.age").string()}, dir.path());
  EXPECT_NE(run.exit_code, 0);
}

TEST(AgeInterop, AgeFilesDecryptWithOurs) {
  SKIP_WITHOUT_AGE();
  ScratchDir dir;
  const std::string key = (dir.path() / "key.txt").string();
  ASSERT_EQ(RunTool({kAgeKeygenBin, "-o", key}, dir.path()).exit_code, 0);
  ToolRun pub = RunTool({kAgeKeygenBin, "-y", key}, dir.path());
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  auto ids = age::ParseIdentityFile(ReadBytes(key));
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  // A second, unrelated recipient in the same files: our stanza need not be first.
  SecretBytes other = age::GenerateIdentity();
  const std::string other_recipient = age::EncodeRecipient(age::RecipientOf(other));
  for (std::size_t n : kSizes) {
    std::vector<uint8_t> plaintext = TestPlaintext(n, static_cast<uint32_t>(n + 11));
    const fs::path in = dir.path() / "p.bin", out = dir.path() / "p.age";
    WriteBytes(in, plaintext);
    ToolRun enc = RunTool({kAgeBin, "-r", other_recipient, "-r", Trim(pub.out), "-o", out.string(),
                           in.string()},
                          dir.path());
    ASSERT_EQ(enc.exit_code, 0) << enc.err;
    AgeOutcome got = AgeDecryptOurs(ReadBytes(out), *ids, 65536);
    ASSERT_TRUE(got.ok) << n << ": " << got.message;
    EXPECT_EQ(got.plaintext, plaintext) << n;
  }
}

TEST(AgeInterop, KeysAgreeWithAgeKeygen) {
  SKIP_WITHOUT_AGE();
  ScratchDir dir;
  // Ours -> age-keygen -y.
  for (int i = 0; i < 5; ++i) {
    SecretBytes id = age::GenerateIdentity();
    fs::path key = WriteIdentityFile(dir.path(), "ours.txt", id);
    ToolRun pub = RunTool({kAgeKeygenBin, "-y", key.string()}, dir.path());
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    EXPECT_EQ(Trim(pub.out), age::EncodeRecipient(age::RecipientOf(id)));
  }
  // age-keygen -> ours.
  for (int i = 0; i < 5; ++i) {
    const std::string key = (dir.path() / ("theirs" + std::to_string(i))).string();
    ASSERT_EQ(RunTool({kAgeKeygenBin, "-o", key}, dir.path()).exit_code, 0);
    std::vector<uint8_t> file = ReadBytes(key);
    auto ids = age::ParseIdentityFile(file);
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    ASSERT_EQ(ids->size(), 1u);
    const std::string ours = age::EncodeRecipient(age::RecipientOf((*ids)[0]));
    ToolRun pub = RunTool({kAgeKeygenBin, "-y", key}, dir.path());
    EXPECT_EQ(Trim(pub.out), ours);
    std::string text(file.begin(), file.end());
    EXPECT_NE(text.find("# public key: " + ours + "\n"), std::string::npos);
    ASSERT_TRUE(age::ParseRecipient(ours).ok());
    // Our encoding of the parsed identity is the very line age-keygen wrote.
    PlainString line = age::EncodeIdentity((*ids)[0]);
    EXPECT_NE(text.find(std::string(line.begin(), line.end()) + "\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace tvault::testing
