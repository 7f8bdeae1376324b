// Interoperability with the real tools (Debian 12: age 1.1.1, minisign 0.11,
// GNU tar 1.34, coreutils sha256sum), both ways: a tvault bundle opens and
// verifies with HOW_TO_VERIFY.txt's commands run as written, and a bundle
// assembled by hand from docs/bundle-format.md with those tools is accepted
// by BundleReader. Skipped only when a tool is absent.
#include <gtest/gtest.h>

#include <algorithm>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "formats/bundle/bundle_test_support.h"
#include "support/cli_runner.h"
#include "util/byte_io.h"
#include "vault/text.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

bool HaveTools() {
  for (const char* tool : {"/usr/bin/age", "/usr/bin/age-keygen", "/usr/bin/minisign", "/usr/bin/tar",
                           "/usr/bin/sha256sum"}) {
    if (!fs::exists(tool)) return false;
  }
  return true;
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

RunResult Shell(const std::string& script) { return RunProgram({"/bin/sh", "-c", "set -e; " + script}); }

std::string AsText(const std::vector<uint8_t>& b) { return std::string(b.begin(), b.end()); }

// The indented command lines of HOW_TO_VERIFY.txt.
std::vector<std::string> Commands(const std::string& how_to) {
  std::vector<std::string> commands;
  for (std::size_t start = 0, end; (end = how_to.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = how_to.substr(start, end - start);
    if (line.rfind("     ", 0) == 0) commands.push_back(line.substr(5));
  }
  return commands;
}

class BundleInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTools()) GTEST_SKIP() << "age, age-keygen, minisign, tar or sha256sum is not installed";
  }
  ScratchDir dir_;
};

TEST_F(BundleInterop, OurBundleOpensAndVerifiesWithHowToVerifysCommands) {
  Party sender, b;
  const BundleContent content = MakeContent(sender, {&b}, 3, /*with_contacts=*/true);
  WriteBytes(dir_.path() / "bundle.tvb", WriteBundle(content, sender, {&b}));
  WriteIdentityFile(dir_.path(), "key.txt", b.age_identity);

  const std::string how_to = AsText(content.members[1].data);
  const std::vector<std::string> commands = Commands(how_to);
  ASSERT_EQ(commands.size(), 5u) << how_to;
  EXPECT_EQ(commands[2], "age -d -i ../key.txt ../bundle.tvb | tar x");
  EXPECT_EQ(commands[3], "minisign -Vm SHA256SUMS -P " + minisign::EncodePublicKey(sender.minisign_key));
  EXPECT_EQ(commands[4], "sha256sum -c SHA256SUMS");
  std::string script = "cd " + Quote(dir_.path());
  for (const std::string& c : commands) script += " && " + c;
  RunResult r = Shell(script);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Signature and comment signature verified"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Trusted comment: " + CommentText(content.comment) + "\n"), std::string::npos) << r.out;
  for (const Member& m : content.members) EXPECT_NE(r.out.find(m.name + ": OK\n"), std::string::npos) << m.name;

  // Byte-identical files, and nothing else (directories are implicit).
  const fs::path out = dir_.path() / content.manifest.bundle_id;
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (entry.is_regular_file()) found.push_back(fs::relative(entry.path(), out).string());
    else EXPECT_TRUE(entry.is_directory()) << entry.path();
  }
  std::vector<std::string> expected = {"SHA256SUMS", "SHA256SUMS.minisig"};
  for (const Member& m : content.members) {
    expected.push_back(m.name);
    EXPECT_EQ(ReadBytes(out / m.name), m.data) << m.name;
  }
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
  EXPECT_EQ(AsText(ReadBytes(out / "SHA256SUMS")), SumsOf(content.members));

  // minisign insisting on a prehashed signature agrees, and the archive
  // holds nothing but 0644 regular files owned by 0/0 at the bundle's time.
  r = Shell("cd " + Quote(out) + " && minisign -V -H -m SHA256SUMS -P " +
            minisign::EncodePublicKey(sender.minisign_key));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Shell("cd " + Quote(dir_.path()) + " && age -d -i key.txt bundle.tvb | tar --numeric-owner --utc -tv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t lines = 0;
  for (std::size_t start = 0, end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1, ++lines) {
    const std::string line = r.out.substr(start, end - start);
    EXPECT_EQ(line.rfind("-rw-r--r-- 0/0 ", 0), 0u) << line;
    EXPECT_NE(line.find(" 2026-11-26 15:37 "), std::string::npos) << line;
  }
  EXPECT_EQ(lines, content.members.size() + 2);
}

TEST_F(BundleInterop, ABundleMadeByHandWithTheRealToolsIsAccepted) {
  const fs::path d = dir_.path();
  // Keys, as a sender without tvault would make them.
  ASSERT_EQ(RunProgram({"/usr/bin/age-keygen", "-o", (d / "sender.txt").string()}).exit_code, 0);
  ASSERT_EQ(RunProgram({"/usr/bin/age-keygen", "-o", (d / "recipient.txt").string()}).exit_code, 0);
  RunResult keygen = RunProgram({"/usr/bin/minisign", "-G", "-W", "-p", (d / "sender.pub").string(), "-s",
                                 (d / "sender.key").string()});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  const minisign::PublicKey signer = Must(minisign::ParsePublicKey(AsText(ReadBytes(d / "sender.pub"))));
  auto identity_of = [&](const char* file) {
    std::vector<SecretBytes> ids = Must(age::ParseIdentityFile(ReadBytes(d / file)));
    EXPECT_EQ(ids.size(), 1u);
    return std::move(ids[0]);
  };
  const SecretBytes sender_identity = identity_of("sender.txt");
  const SecretBytes recipient_identity = identity_of("recipient.txt");
  const age::X25519Public sender_x = age::RecipientOf(sender_identity);
  const age::X25519Public recipient_x = age::RecipientOf(recipient_identity);
  const std::string recipient_age = age::EncodeRecipient(recipient_x);
  const std::string recipient_fp = FormatFingerprint(RecipientFingerprint(recipient_x));

  // The files of section 2, the manifest of section 3 written by hand.
  const fs::path files = d / "files";
  for (const char* sub : {"statements", "custody", "evidence"}) fs::create_directories(files / sub);
  const std::vector<uint8_t> statement = Bytes("I saw the soldiers arrive at dawn.\n");
  const std::vector<uint8_t> evidence = TestPlaintext(70000, 8);
  WriteBytes(files / "statements/T-4K2M9P.v1", statement);
  WriteBytes(files / "custody/T-4K2M9P.json", Bytes("{\"testimony\": \"T-4K2M9P\", \"events\": []}\n"));
  WriteBytes(files / "evidence/E-7Q3KX0", evidence);
  WriteBytes(files / "HOW_TO_VERIFY.txt", Bytes("Check with age, tar, minisign and sha256sum.\n"));
  const std::string manifest = R"({"format":"tvault-bundle","version":1,"bundle_id":"B-8K3Q9ZT2MX4D",
"created_at":"2026-11-26T15:37:47Z","reason":"made by hand",
"exporter":{"name":"Hand","fingerprint":")" +
                               FormatFingerprint(IdentityFingerprint(signer.ed25519, sender_x)) +
                               R"(","minisign_public_key":")" + minisign::EncodePublicKey(signer) +
                               R"(","age_recipient":")" + age::EncodeRecipient(sender_x) + R"("},
"recipients":[{"name":"Journalist","fingerprint":")" + recipient_fp + R"(","age_recipient":")" +
                               recipient_age + R"("}],
"with_contacts":false,
"records":[{"id":"T-4K2M9P","witness":"W-7Q3KX",
  "metadata":{"title":"Dawn","language":"en","taken_at":"2024-05-02","place":"","interviewer":"","interpreter":"","notes":""},
  "versions":[{"version":1,"file":"statements/T-4K2M9P.v1","size_bytes":)" +
                               std::to_string(statement.size()) + R"(,"sha256":")" + Hex(crypto::Sha256(statement)) +
                               R"(","created_at":"2026-11-20T09:00:00Z","reason":"intake"}],
  "custody":"custody/T-4K2M9P.json"}],
"contacts":[],
"evidence":[{"id":"E-7Q3KX0","testimony":"T-4K2M9P","file":"evidence/E-7Q3KX0","size_bytes":)" +
                               std::to_string(evidence.size()) + R"(,"sha256":")" + Hex(crypto::Sha256(evidence)) +
                               R"(","media_type":"application/octet-stream","description":"random"}]}
)";
  WriteBytes(files / "manifest.json", Bytes(manifest));

  const std::vector<std::string> listed = {"HOW_TO_VERIFY.txt", "custody/T-4K2M9P.json", "evidence/E-7Q3KX0",
                                           "manifest.json", "statements/T-4K2M9P.v1"};  // byte order
  const std::string comment =
      "tvault-bundle:1 id:B-8K3Q9ZT2MX4D recipients:" + recipient_fp + " created:" + std::to_string(kTestCreatedAt);
  std::string names;
  for (const std::string& n : listed) names += " " + n;
  const std::string order = "manifest.json HOW_TO_VERIFY.txt statements/T-4K2M9P.v1 custody/T-4K2M9P.json "
                            "evidence/E-7Q3KX0 SHA256SUMS SHA256SUMS.minisig";
  auto build = [&](const std::string& minisign_flags, const std::string& tar_format) {
    RunResult r = Shell("cd " + Quote(files) + " && rm -f SHA256SUMS SHA256SUMS.minisig && sha256sum" + names +
                        " > SHA256SUMS && minisign -S " + minisign_flags + " -s " + Quote(d / "sender.key") +
                        " -m SHA256SUMS -t '" + comment + "' && printf '%s\\n' " + order + " > " +
                        Quote(d / "list") + " && tar --format=" + tar_format +
                        " --owner=0 --group=0 --numeric-owner --mode=0644 --mtime=@" +
                        std::to_string(kTestCreatedAt) + " --no-recursion -cf " + Quote(d / "payload.tar") +
                        " -T " + Quote(d / "list") + " && age -r " + recipient_age + " -o " +
                        Quote(d / "bundle.tvb") + " " + Quote(d / "payload.tar"));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    std::vector<SecretBytes> ids;
    ids.push_back(SecretBytes::CopyOf(recipient_identity.reveal()));
    return ReadBundle(ReadBytes(d / "bundle.tvb"), ids, {signer});
  };

  BundleOutcome out = build("", "ustar");
  ASSERT_TRUE(out.ok) << out.stage << ": " << out.message;
  const bundle::VerifiedBundle& v = *out.verified;
  EXPECT_EQ(v.manifest.bundle_id, "B-8K3Q9ZT2MX4D");
  EXPECT_EQ(v.manifest.records[0].versions[0].sha256, crypto::Sha256(statement));
  EXPECT_EQ(v.decrypted_by, RecipientFingerprint(recipient_x));
  EXPECT_EQ(Must(bundle::FormatTrustedComment(v.trusted_comment)), comment);
  ASSERT_EQ(v.members.size(), 7u);
  EXPECT_EQ(v.members[4].name, "evidence/E-7Q3KX0");
  EXPECT_EQ(v.members[4].sha256, crypto::Sha256(evidence));
  EXPECT_EQ(out.streamed[4].data, evidence);

  // Pinned to someone else's key, the same bundle is refused.
  Party stranger;
  std::vector<SecretBytes> ids;
  ids.push_back(SecretBytes::CopyOf(recipient_identity.reveal()));
  ExpectRefused(ReadBundle(ReadBytes(d / "bundle.tvb"), ids, {stranger.minisign_key}), ErrorCode::kIntegrity,
                "which is not an accepted signer");

  // The same by hand, but with a legacy signature, or GNU tar's own format.
  ExpectRefused(build("-l", "ustar"), ErrorCode::kIntegrity, "legacy (non-prehashed, \"Ed\") signature refused");
  ExpectRefused(build("", "gnu"), ErrorCode::kIntegrity, "member 1: a GNU tar header");
}

TEST_F(BundleInterop, ABundleForwardedWithTheRealAgeIsRefused) {
  Party sender, b, c;
  const BundleContent content = MakeContent(sender, {&b}, 2);
  const fs::path d = dir_.path();
  WriteBytes(d / "bundle.tvb", WriteBundle(content, sender, {&b}));
  WriteIdentityFile(d, "b.txt", b.age_identity);
  // B opens the bundle and sends the same archive on to C.
  RunResult r = Shell("cd " + Quote(d) + " && age -d -i b.txt -o payload.tar bundle.tvb && age -r " +
                      age::EncodeRecipient(c.age_recipient) + " -o forwarded.tvb payload.tar && age -r " +
                      age::EncodeRecipient(b.age_recipient) + " -o again.tvb payload.tar");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  BundleOutcome out = ReadBundle(ReadBytes(d / "forwarded.tvb"), c.identities(), {sender.minisign_key});
  ExpectRefused(out, ErrorCode::kIntegrity, "the bundle was forwarded by one of its recipients");
  EXPECT_EQ(out.stage, "finish");
  // The archive itself was intact: to B it still verifies.
  BundleOutcome again = ReadBundle(ReadBytes(d / "again.tvb"), b.identities(), {sender.minisign_key});
  EXPECT_TRUE(again.ok) << again.message;
}

}  // namespace
}  // namespace tvault::testing
