// SHA256SUMS, the trusted comment (docs/bundle-format.md, sections 2 and 4),
// member names and the terminal escaping of untrusted text.
#include <gtest/gtest.h>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_sums.h"
#include "formats/bundle/bundle_test_support.h"
#include "crypto/encoding.h"
#include "support/cli_runner.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

using bundle::MemberKind;
using bundle::SumsEntry;
using bundle::TrustedComment;

const std::string kHexA = std::string(64, 'a');

template <typename R>
void ExpectIntegrity(const R& r, const std::string& fragment) {
  ASSERT_FALSE(r.ok()) << "accepted; expected: " << fragment;
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << r.error().message;
  EXPECT_NE(r.error().message.find(fragment), std::string::npos)
      << "message \"" << r.error().message << "\" lacks \"" << fragment << "\"";
}

// ------------------------------------------------------------------ names

TEST(BundleFormat, MemberNameGrammar) {
  for (const char* good : {"manifest.json", "a", "a/b", "statements/T-000001.v1", "x.y-z_w", "...", "..a",
                           "a/.b/c"}) {
    EXPECT_TRUE(bundle::IsValidMemberName(good)) << good;
  }
  EXPECT_TRUE(bundle::IsValidMemberName(std::string(100, 'x')));
  for (const char* bad : {"", ".", "..", "./a", "a/.", "../x", "a/../b", "/etc/x", "a//b", "a/", "a b",
                          "a\\b", "a\nb", "caf\xc3\xa9", "a:b", "~x", "a*"}) {
    EXPECT_FALSE(bundle::IsValidMemberName(bad)) << bundle::EscapeForTerminal(bad);
  }
  EXPECT_FALSE(bundle::IsValidMemberName(std::string(101, 'x')));
  EXPECT_FALSE(bundle::IsValidMemberName(std::string("a\0b", 3)));
}

TEST(BundleFormat, MemberKindsFollowSectionTwosTable) {
  EXPECT_EQ(bundle::KindOfMember("manifest.json"), MemberKind::kManifest);
  EXPECT_EQ(bundle::KindOfMember("HOW_TO_VERIFY.txt"), MemberKind::kHowToVerify);
  EXPECT_EQ(bundle::KindOfMember("SHA256SUMS"), MemberKind::kSums);
  EXPECT_EQ(bundle::KindOfMember("SHA256SUMS.minisig"), MemberKind::kSumsSignature);
  EXPECT_EQ(bundle::KindOfMember("statements/T-4K2M9P.v1"), MemberKind::kStatement);
  EXPECT_EQ(bundle::KindOfMember("statements/T-4K2M9P.v4294967295"), MemberKind::kStatement);
  EXPECT_EQ(bundle::KindOfMember("contacts/W-7Q3KX.json"), MemberKind::kContacts);
  EXPECT_EQ(bundle::KindOfMember("custody/T-4K2M9P.json"), MemberKind::kCustody);
  EXPECT_EQ(bundle::KindOfMember("evidence/E-4K2M9P"), MemberKind::kEvidence);
  // Version 2 (section 7.1).
  EXPECT_EQ(bundle::KindOfMember("statements/T-4K2M9P.v1.txt"), MemberKind::kStatement);
  EXPECT_EQ(bundle::KindOfMember("custody.json"), MemberKind::kCustodyFile);
  EXPECT_EQ(bundle::KindOfMember("evidence/E-4K2M9P.jpg"), MemberKind::kEvidence);
  EXPECT_EQ(bundle::KindOfMember("evidence/E-4K2M9P.bin"), MemberKind::kEvidence);
  for (const char* other : {"statements/T-4K2M9P.v0", "statements/T-4K2M9P.v01", "statements/T-4K2M9P.v4294967296",
                            "statements/T-4K2M9P", "statements/T-4K2M9I.v1", "statements/t-4k2m9p.v1",
                            "contacts/W-7Q3KX", "contacts/T-4K2M9P.json", "custody/T-4K2M9P", "evidence/E-4K2M9P.exe",
                            "evidence/E-4K2M9P.JPG", "evidence/E-4K2M9P.", "evidence/E-4K2M9P.jpg.txt",
                            "statements/T-4K2M9P.v1.md", "statements/T-4K2M9P.v1.txt.txt", "custody.JSON",
                            "evidence/E-4K2M9", "notes.txt", "SHA256SUMS.sig", "manifest.JSON"}) {
    EXPECT_EQ(bundle::KindOfMember(other), MemberKind::kUnknown) << other;
  }
}

TEST(BundleFormat, EvidenceExtensionsFollowSectionSevenTwo) {
  EXPECT_EQ(bundle::EvidenceExtension("image/jpeg"), "jpg");
  EXPECT_EQ(bundle::EvidenceExtension(" Image/JPEG ; q=1"), "jpg");
  EXPECT_EQ(bundle::EvidenceExtension("audio/x-wav"), "wav");
  EXPECT_EQ(bundle::EvidenceExtension("application/pdf"), "pdf");
  EXPECT_EQ(bundle::EvidenceExtension("text/plain; charset=utf-8"), "txt");
  for (const char* other : {"", "image/jpeg2", "image /jpeg", "application/x-msdownload",
                            "text/html", "image/jpe\xc3\xa9g"}) {
    EXPECT_EQ(bundle::EvidenceExtension(other), "bin") << other;
  }
  EXPECT_EQ(bundle::EvidenceMemberName("E-4K2M9P", 2, "video/mp4"), "evidence/E-4K2M9P.mp4");
  EXPECT_EQ(bundle::EvidenceMemberName("E-4K2M9P", 1, "video/mp4"), "evidence/E-4K2M9P");
  EXPECT_EQ(bundle::StatementMemberName("T-4K2M9P", 3, true), "statements/T-4K2M9P.v3.txt");
}

TEST(BundleFormat, IdGrammar) {
  EXPECT_TRUE(bundle::IsTestimonyId("T-4K2M9P"));
  EXPECT_TRUE(bundle::IsWitnessId("W-7Q3KX"));
  EXPECT_TRUE(bundle::IsEvidenceId("E-0000ZZ"));
  EXPECT_TRUE(bundle::IsBundleId("B-8K3Q9ZT2MX4D"));
  for (const char* bad : {"T-4K2M9", "T-4K2M9PP", "t-4K2M9P", "T-4k2m9p", "T_4K2M9P", "T-4K2M9I", "T-4K2M9L",
                          "T-4K2M9O", "T-4K2M9U", "W-4K2M9P", ""}) {
    EXPECT_FALSE(bundle::IsTestimonyId(bad)) << bad;
  }
  EXPECT_FALSE(bundle::IsWitnessId("W-7Q3K"));
  EXPECT_FALSE(bundle::IsEvidenceId("T-000000"));
  EXPECT_FALSE(bundle::IsBundleId("B-8K3Q9ZT2MX4"));
}

TEST(BundleFormat, FingerprintsParseOnlyInTheirCanonicalForm) {
  const Fingerprint fp = {0x4F, 0x2A, 0x9C, 0x1B, 0x77, 0xE0, 0x13, 0xD5};
  EXPECT_EQ(bundle::ParseFingerprint("4F2A-9C1B-77E0-13D5"), fp);
  EXPECT_EQ(FormatFingerprint(fp), "4F2A-9C1B-77E0-13D5");
  for (const char* bad : {"4f2a-9c1b-77e0-13d5", "4F2A9C1B77E013D5", "4F2A-9C1B-77E0-13D", "4F2A-9C1B-77E0-13D5 ",
                          "4F2A:9C1B:77E0:13D5", "4F2A-9C1B-77E0-13G5", ""}) {
    EXPECT_FALSE(bundle::ParseFingerprint(bad).has_value()) << bad;
  }
}

TEST(BundleFormat, EscapeForTerminalNeutralisesControlsAndKeepsText) {
  using bundle::EscapeForTerminal;
  EXPECT_EQ(EscapeForTerminal("manifest.json"), "manifest.json");
  EXPECT_EQ(EscapeForTerminal("t\xc3\xa9moin \xd8\xb4\xd8\xa7\xd9\x87\xd8\xaf"), "t\xc3\xa9moin \xd8\xb4\xd8\xa7\xd9\x87\xd8\xaf");
  EXPECT_EQ(EscapeForTerminal("\x1b[2J"), "\\u{001B}[2J");
  EXPECT_EQ(EscapeForTerminal("a\nb\rc\td"), "a\\u{000A}b\\u{000D}c\\u{0009}d");
  EXPECT_EQ(EscapeForTerminal(std::string("a\0b", 3)), "a\\u{0000}b");
  EXPECT_EQ(EscapeForTerminal("\x7f"), "\\u{007F}");
  EXPECT_EQ(EscapeForTerminal("\xc2\x9b" "31m"), "\\u{009B}31m");           // C1 CSI
  EXPECT_EQ(EscapeForTerminal("abc\xe2\x80\xaeRTL"), "abc\\u{202E}RTL");   // right-to-left override
  EXPECT_EQ(EscapeForTerminal("\xe2\x81\xa6x"), "\\u{2066}x");             // bidi isolate
  EXPECT_EQ(EscapeForTerminal("\xe2\x80\xa8"), "\\u{2028}");
  EXPECT_EQ(EscapeForTerminal("a\xe2\x80\x8f" "b"), "a\\u{200F}b");           // right-to-left mark
  EXPECT_EQ(EscapeForTerminal("a\xd8\x9c" "b"), "a\\u{061C}b");            // Arabic letter mark
  EXPECT_EQ(EscapeForTerminal("\xff\xc3"), "\\xFF\\xC3");                  // not UTF-8
  EXPECT_EQ(EscapeForTerminal("\xc0\xaf"), "\\xC0\\xAF");                  // overlong
  EXPECT_EQ(EscapeForTerminal("\xed\xa0\x80"), "\\xED\\xA0\\x80");         // surrogate
  // Injective: an escape sequence typed literally does not read as one.
  EXPECT_EQ(EscapeForTerminal("\\x41"), "\\\\x41");
  EXPECT_NE(EscapeForTerminal("\\u{001B}"), EscapeForTerminal("\x1b"));
  for (int c = 0; c < 256; ++c) {
    const std::string out = EscapeForTerminal(std::string(1, static_cast<char>(c)));
    for (unsigned char o : out) EXPECT_TRUE(o >= 0x20 && o < 0x7F) << c;
  }
}

// ------------------------------------------------------------------ SHA256SUMS

TEST(BundleSums, FormatSortsByByteOrderAndParsesBack) {
  std::vector<SumsEntry> entries = {{crypto::Sha256(AsSpan("b")), "b"},
                                    {crypto::Sha256(AsSpan("B")), "B"},
                                    {crypto::Sha256(AsSpan("a/z")), "a/z"},
                                    {crypto::Sha256(AsSpan("a.z")), "a.z"},
                                    {crypto::Sha256(AsSpan("")), "HOW_TO_VERIFY.txt"}};
  const std::string text = Must(bundle::FormatSums(entries));
  const std::vector<SumsEntry> parsed = Must(bundle::ParseSums(AsSpan(text)));
  std::vector<std::string> names;
  for (const SumsEntry& e : parsed) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"B", "HOW_TO_VERIFY.txt", "a.z", "a/z", "b"}));
  EXPECT_EQ(Must(bundle::FormatSums(parsed)), text);
  EXPECT_EQ(text.substr(0, 66), Hex(crypto::Sha256(AsSpan("B"))) + "  ");
  EXPECT_EQ(Must(bundle::FormatSums({})), "");
}

TEST(BundleSums, FormatIsWhatSha256sumPrints) {
  if (!HaveProgram("sha256sum")) GTEST_SKIP() << "sha256sum is not installed";
  ScratchDir dir;
  std::filesystem::create_directories(dir.path() / "statements");
  std::vector<SumsEntry> entries;
  std::vector<std::string> names = {"manifest.json", "HOW_TO_VERIFY.txt", "statements/T-000001.v1", "Z", "a-b"};
  for (const std::string& name : names) {
    std::vector<uint8_t> data = TestPlaintext(100 + name.size(), static_cast<uint32_t>(name.size()));
    WriteBytes(dir.path() / name, data);
    entries.push_back({crypto::Sha256(data), name});
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> argv = {"/bin/sh", "-c", "cd \"$0\" && exec sha256sum \"$@\"", dir.path().string()};
  argv.insert(argv.end(), names.begin(), names.end());
  RunResult r = RunProgram(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Must(bundle::FormatSums(entries)));
}

TEST(BundleSums, FormatRefusesWhatTheParserRefuses) {
  const crypto::Sha256Digest d{};
  EXPECT_EQ(bundle::FormatSums({{d, "a"}, {d, "a"}}).error().code, ErrorCode::kInvalidArgument);
  for (const char* bad : {"SHA256SUMS", "SHA256SUMS.minisig", "../x", "a b", ""}) {
    EXPECT_EQ(bundle::FormatSums({{d, bad}}).error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(BundleSums, ParserIsStrict) {
  struct Case {
    std::string text;
    const char* fragment;
  };
  const std::string upper = std::string(64, 'A');
  const Case cases[] = {
      {upper + "  a\n", "is not \"<64 lowercase hex>  <name>\""},
      {std::string(63, 'a') + "  a\n", "is not \"<64 lowercase hex>  <name>\""},
      {kHexA + " a\n", "is not \"<64 lowercase hex>  <name>\""},
      {kHexA + " *a\n", "is not \"<64 lowercase hex>  <name>\""},  // sha256sum's binary mode
      {kHexA + "  a\r\n", "names \"a\\u{000D}\""},
      {kHexA + "  a", "the last line does not end with a newline"},
      {kHexA + "  a\n\n", "line 2 is not"},
      {kHexA + "  a \n", "names \"a \""},
      {kHexA + "   a\n", "names \" a\""},
      {kHexA + "  ../a\n", "names \"../a\""},
      {kHexA + "  \n", "names \"\""},
      {kHexA + "  SHA256SUMS\n", "names \"SHA256SUMS\""},
      {kHexA + "  SHA256SUMS.minisig\n", "names \"SHA256SUMS.minisig\""},
      {kHexA + "  b\n" + kHexA + "  a\n", "line 2 is out of order"},
      {kHexA + "  a\n" + kHexA + "  a\n", "line 2 repeats \"a\""},
      {kHexA + "  " + std::string(101, 'x') + "\n", "line 1 is too long"},
      {"\\" + kHexA + "  a\n", "is not"},  // sha256sum's escaped-name form
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(bundle::EscapeForTerminal(c.text));
    ExpectIntegrity(bundle::ParseSums(AsSpan(c.text)), c.fragment);
  }
  EXPECT_TRUE(bundle::ParseSums(AsSpan(kHexA + "  " + std::string(100, 'x') + "\n")).ok());
  EXPECT_TRUE(Must(bundle::ParseSums({})).empty());
}

TEST(BundleSums, StreamingParserGivesTheSameVerdictWhateverTheSplit) {
  std::vector<SumsEntry> entries;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "statements/T-0000" + std::string(1, static_cast<char>('A' + i)) + "0.v1";
    entries.push_back({crypto::Sha256(AsSpan(name)), name});
  }
  const std::string good = Must(bundle::FormatSums(entries));
  const std::string bad = good.substr(0, 500) + "X" + good.substr(501);
  for (const std::string* text : {&good, &bad}) {
    const auto whole = bundle::ParseSums(AsSpan(*text));
    for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{66}, std::size_t{167}}) {
      std::vector<SumsEntry> got;
      bundle::SumsParser parser([&got](const SumsEntry& e) {
        got.push_back(e);
        return OkStatus();
      });
      Status s = OkStatus();
      for (std::size_t i = 0; i < text->size() && s.ok(); i += piece) {
        s = parser.Feed(AsSpan(std::string_view(*text).substr(i, piece)));
      }
      if (s.ok()) s = parser.Finish();
      EXPECT_EQ(s.ok(), whole.ok()) << piece;
      if (whole.ok()) {
        EXPECT_EQ(got, whole.value());
      }
      if (!s.ok()) {
        EXPECT_EQ(s.error().message, whole.error().message);
      }
    }
  }
}

TEST(BundleSums, AnEntryHandlerErrorStopsTheParse) {
  int calls = 0;
  bundle::SumsParser parser([&calls](const SumsEntry&) -> Status {
    ++calls;
    return MakeError(ErrorCode::kIntegrity, "no such member");
  });
  const std::string text = kHexA + "  a\n" + kHexA + "  b\n";
  EXPECT_EQ(parser.Feed(AsSpan(text)).error().message, "no such member");
  EXPECT_EQ(parser.Finish().error().message, "no such member");
  EXPECT_EQ(calls, 1);
}

// ------------------------------------------------------------------ trusted comment

TrustedComment SampleComment() {
  return {"B-8K3Q9ZT2MX4D",
          {{0x4F, 0x2A, 0x9C, 0x1B, 0x77, 0xE0, 0x13, 0xD5}, {0, 1, 2, 3, 4, 5, 6, 7}},
          1795707467};
}

TEST(BundleTrustedComment, FormatIsSectionFours) {
  const std::string text = Must(bundle::FormatTrustedComment(SampleComment()));
  EXPECT_EQ(text,
            "tvault-bundle:1 id:B-8K3Q9ZT2MX4D recipients:4F2A-9C1B-77E0-13D5,0001-0203-0405-0607 "
            "created:1795707467");
  EXPECT_EQ(Must(bundle::ParseTrustedComment(text)), SampleComment());
  TrustedComment zero = SampleComment();
  zero.recipients.resize(1);
  zero.created_at_unix_s = 0;
  EXPECT_EQ(Must(bundle::ParseTrustedComment(Must(bundle::FormatTrustedComment(zero)))), zero);
  EXPECT_EQ(bundle::UntrustedCommentFor("B-8K3Q9ZT2MX4D"), "tvault bundle B-8K3Q9ZT2MX4D");
}

TEST(BundleTrustedComment, ParserIsStrict) {
  const std::string id = "B-8K3Q9ZT2MX4D";
  const std::string fp = "4F2A-9C1B-77E0-13D5";
  const std::string good = "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:5";
  ASSERT_TRUE(bundle::ParseTrustedComment(good).ok());
  const std::string bad[] = {
      "",
      "tvault-bundle:1",
      "tvault-bundle:1  id:" + id + " recipients:" + fp + " created:5",
      "tvault-bundle:1 id:" + id + "  recipients:" + fp + " created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + "  created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:5 ",
      " tvault-bundle:1 id:" + id + " recipients:" + fp + " created:5",
      "tvault-bundle:1 id:b-8k3q9zt2mx4d recipients:" + fp + " created:5",
      "tvault-bundle:1 id:" + id + " recipients:4f2a-9c1b-77e0-13d5 created:5",
      "tvault-bundle:1 id:" + id + " recipients: created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + ", created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + "," + fp + " created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:05",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:-5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:99999999999",
      "tvault-bundle:1 id:" + id + " recipients:" + fp,
      "tvault-bundle:1 recipients:" + fp + " id:" + id + " created:5",
      "tvault-bundle:1 id:" + id + " recipients:" + fp + " created:5 extra:1",
      "tvault-bundle:1\tid:" + id + " recipients:" + fp + " created:5",
      "tvault-bundle: id:" + id + " recipients:" + fp + " created:5",
      "tvault bundle B-8K3Q9ZT2MX4D",
  };
  for (const std::string& text : bad) {
    SCOPED_TRACE(bundle::EscapeForTerminal(text));
    auto r = bundle::ParseTrustedComment(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << r.error().message;
  }
  std::string many = "tvault-bundle:1 id:" + id + " recipients:";
  for (int i = 0; i < 257; ++i) many += (i ? "," : "") + FormatFingerprint({0, 0, 0, 0, 0, 0, uint8_t(i >> 8), uint8_t(i)});
  ExpectIntegrity(bundle::ParseTrustedComment(many + " created:5"), "too many recipients");
}

TEST(BundleTrustedComment, VersionTwoWritesTheTimeForPeople) {
  TrustedComment c = SampleComment();
  c.format_version = 2;
  const std::string text = Must(bundle::FormatTrustedComment(c));
  EXPECT_EQ(text,
            "tvault-bundle:2 id:B-8K3Q9ZT2MX4D recipients:4F2A-9C1B-77E0-13D5,0001-0203-0405-0607 "
            "created:2026-11-26T15:37:47Z");
  EXPECT_EQ(Must(bundle::ParseTrustedComment(text)), c);
  const std::string head = "tvault-bundle:2 id:B-8K3Q9ZT2MX4D recipients:4F2A-9C1B-77E0-13D5 created:";
  EXPECT_EQ(Must(bundle::ParseTrustedComment(head + "1970-01-01T00:00:00Z")).created_at_unix_s, 0);
  for (const char* bad : {"1795707467", "2026-11-25T09:37:47", "2026-11-25 09:37:47Z",
                          "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T09:37:60Z",
                          "1969-12-31T23:59:59Z", "2026-11-25T09:37:47+00:00", "2026-11-25",
                          "2026-11-25T09:37:47Z ", "+2026-11-25T09:37:47Z"}) {
    SCOPED_TRACE(bad);
    ExpectIntegrity(bundle::ParseTrustedComment(head + bad), "YYYY-MM-DDTHH:MM:SSZ");
  }
  // Version 1's decimal seconds stay version 1's.
  ExpectIntegrity(bundle::ParseTrustedComment(
                      "tvault-bundle:1 id:B-8K3Q9ZT2MX4D recipients:4F2A-9C1B-77E0-13D5 "
                      "created:2026-11-25T09:37:47Z"),
                  "not decimal seconds");
}

TEST(BundleTrustedComment, AnotherFormatVersionIsUnsupported) {
  auto r = bundle::ParseTrustedComment("tvault-bundle:4 id:B-8K3Q9ZT2MX4D recipients:4F2A-9C1B-77E0-13D5 created:5");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("unknown bundle format version 4"), std::string::npos);
}

TEST(BundleTrustedComment, FormatRefusesWhatTheParserRefuses) {
  auto refused = [](TrustedComment c) {
    auto r = bundle::FormatTrustedComment(c);
    return !r.ok() && r.error().code == ErrorCode::kInvalidArgument;
  };
  TrustedComment c = SampleComment();
  c.bundle_id = "B-1";
  EXPECT_TRUE(refused(c));
  c = SampleComment();
  c.recipients.clear();
  EXPECT_TRUE(refused(c));
  c = SampleComment();
  c.recipients.push_back(c.recipients[0]);
  EXPECT_TRUE(refused(c));
  c = SampleComment();
  c.created_at_unix_s = -1;
  EXPECT_TRUE(refused(c));
  c.created_at_unix_s = bundle::kMaxCreatedUnixS + 1;
  EXPECT_TRUE(refused(c));
  c = SampleComment();
  c.recipients.assign(257, Fingerprint{});
  for (std::size_t i = 0; i < c.recipients.size(); ++i) c.recipients[i][7] = uint8_t(i), c.recipients[i][6] = uint8_t(i >> 8);
  EXPECT_TRUE(refused(c));
}

}  // namespace
}  // namespace tvault::testing
