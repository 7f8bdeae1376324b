// tlog-checkpoint bodies, and the signed checkpoint fixtures of
// tests/data/audit (valid, cosigned, and every Broken*.checkpoint).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "formats/audit/audit_test_support.h"
#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "crypto/encoding.h"

namespace tvault::testing {
namespace {

using audit::Checkpoint;

const std::string kRootB64 = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

Checkpoint Sample() {
  Checkpoint cp;
  cp.origin = "tvault.example/vault/3f2a";
  cp.size = 1234;
  cp.root = audit::RootOf(std::vector<audit::Hash>{audit::LeafHash(AsSpan("entry"))});
  return cp;
}

// --- body ---------------------------------------------------------------------

TEST(CheckpointBody, FormatThenParseIsIdentity) {
  Checkpoint cp = Sample();
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{10}, UINT64_MAX}) {
    cp.size = size;
    for (const auto& ext : std::vector<std::vector<std::string>>{{}, {"x"}, {"a b", "c+d"}}) {
      cp.extension_lines = ext;
      const std::string text = Must(audit::FormatCheckpointBody(cp));
      EXPECT_EQ(Must(audit::ParseCheckpointBody(text)), cp) << text;
      EXPECT_EQ(Must(audit::FormatCheckpointBody(Must(audit::ParseCheckpointBody(text)))), text);
    }
  }
  cp.size = 0;
  cp.extension_lines = {};
  EXPECT_EQ(Must(audit::FormatCheckpointBody(cp)),
            cp.origin + "\n0\n" + crypto::Base64Encode(cp.root, crypto::Base64Variant::kPadded) +
                "\n");
}

TEST(CheckpointBody, C2spExampleBody) {
  const std::string note = ReadDataText("audit/C2spExample.checkpoint");
  const auto parsed = Must(audit::ParseSignedNote(note));
  EXPECT_EQ(Must(audit::FormatSignedNote(parsed)), note);
  const Checkpoint cp = Must(audit::ParseCheckpointBody(parsed.text));
  EXPECT_EQ(cp.origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp.size, 20852163u);
  EXPECT_EQ(crypto::Base64Encode(cp.root, crypto::Base64Variant::kPadded), kRootB64);
  EXPECT_TRUE(cp.extension_lines.empty());
  ASSERT_EQ(parsed.signatures.size(), 1u);
  EXPECT_EQ(parsed.signatures[0].key_name, cp.origin);
}

TEST(CheckpointBody, ParserIsStrict) {
  const std::string o = "example.com/log\n";
  const std::string bad[] = {
      "",
      o,
      o + "12\n",                                          // two lines
      o + "12\n" + kRootB64,                               // no final newline
      "\n12\n" + kRootB64 + "\n",                          // empty origin
      o + "012\n" + kRootB64 + "\n",                       // leading zero
      o + "00\n" + kRootB64 + "\n",
      o + "+12\n" + kRootB64 + "\n",
      o + "-1\n" + kRootB64 + "\n",
      o + " 12\n" + kRootB64 + "\n",
      o + "12 \n" + kRootB64 + "\n",
      o + "1e3\n" + kRootB64 + "\n",
      o + "0x10\n" + kRootB64 + "\n",
      o + "\n" + kRootB64 + "\n",                          // empty size
      o + "18446744073709551616\n" + kRootB64 + "\n",      // 2^64
      o + "99999999999999999999\n" + kRootB64 + "\n",
      o + "12\n" + kRootB64.substr(0, 43) + "\n",          // padding removed
      o + "12\nCsUYapGGPo4dkMgIAUqom-Xajj7h2fB2MPA3j2jxq2I=\n",  // URL alphabet
      o + "12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",  // non-canonical bits
      o + "12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n",  // 31 bytes
      o + "12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA\n",  // 33 bytes
      o + "12\n" + kRootB64 + "\n\n",                     // empty extension line
      o + "12\n" + kRootB64 + "\nx\n\n",
      "example.com/log\r\n12\n" + kRootB64 + "\n",         // CR
      "example.com/\xC3\n12\n" + kRootB64 + "\n",          // invalid UTF-8
      "ex\tample\n12\n" + kRootB64 + "\n",                 // control character
  };
  for (const std::string& text : bad) {
    auto r = audit::ParseCheckpointBody(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << text;
  }
  // Zero, UINT64_MAX and an origin with spaces and '+' (only a SHOULD) pass.
  EXPECT_EQ(Must(audit::ParseCheckpointBody(o + "0\n" + kRootB64 + "\n")).size, 0u);
  EXPECT_EQ(Must(audit::ParseCheckpointBody(o + "18446744073709551615\n" + kRootB64 + "\n")).size,
            UINT64_MAX);
  EXPECT_EQ(Must(audit::ParseCheckpointBody("a b+c\n1\n" + kRootB64 + "\n")).origin, "a b+c");
}

TEST(CheckpointBody, FormatRefusesUnwritableFields) {
  for (const char* origin : {"", "two\nlines", "ctrl\x01", "bad\xC3"}) {
    Checkpoint cp = Sample();
    cp.origin = origin;
    auto r = audit::FormatCheckpointBody(cp);
    ASSERT_FALSE(r.ok()) << origin;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  for (const char* ext : {"", "a\nb"}) {
    Checkpoint cp = Sample();
    cp.extension_lines = {"fine", ext};
    auto r = audit::FormatCheckpointBody(cp);
    ASSERT_FALSE(r.ok()) << ext;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

// --- fixtures ---------------------------------------------------------------

enum class Stage { kParseSignedNote, kVerifyNote, kParseCheckpointBody };

// Every Broken*.checkpoint and the first step that must refuse it.
const std::map<std::string, Stage> kBrokenFixtures = {
    {"BrokenNoBlankLine", Stage::kParseSignedNote},
    {"BrokenHyphen", Stage::kParseSignedNote},
    {"BrokenSignatureBase64", Stage::kParseSignedNote},
    {"BrokenNoFinalNewline", Stage::kParseSignedNote},
    {"BrokenTruncatedSignature", Stage::kVerifyNote},
    {"BrokenOtherKey", Stage::kVerifyNote},
    {"BrokenForgedKeyId", Stage::kVerifyNote},
    {"BrokenTamperedSize", Stage::kVerifyNote},
    {"BrokenLeadingZero", Stage::kParseCheckpointBody},
    {"BrokenRootBase64", Stage::kParseCheckpointBody},
    {"BrokenEmptyOrigin", Stage::kParseCheckpointBody},
};
const char kFixtureOrigin[] = "tvault.example/audit-fixture";

audit::NoteVerifierKey FixtureKey(const std::string& file) {
  return Must(audit::ParseVerifierKey(FirstLine(ReadDataText("audit/" + file))));
}

TEST(CheckpointFixtures, ValidCheckpointsOpen) {
  const auto key = FixtureKey("fixture.vkey");
  for (const char* name : {"Valid", "ValidCosigned"}) {
    SCOPED_TRACE(name);
    const std::string note = ReadDataText(std::string("audit/") + name + ".checkpoint");
    const Checkpoint cp = Must(audit::OpenCheckpoint(note, key, kFixtureOrigin));
    EXPECT_EQ(cp.size, 12u);
    EXPECT_EQ(Hex(cp.root), Hex(crypto::Sha256(AsSpan("tvault audit fixture root"))));
    EXPECT_EQ(Must(audit::FormatSignedNote(Must(audit::ParseSignedNote(note)))), note);
    // The right key for another log is still refused.
    auto wrong_origin = audit::OpenCheckpoint(note, key, "tvault.example/another-log");
    ASSERT_FALSE(wrong_origin.ok());
    EXPECT_EQ(wrong_origin.error().code, ErrorCode::kIntegrity);
  }
  // The cosigned one verifies under each of its three keys, in any order of
  // lines, and the plain one under none but the log's.
  const auto cosigned = Must(audit::ParseSignedNote(ReadDataText("audit/ValidCosigned.checkpoint")));
  const auto plain = Must(audit::ParseSignedNote(ReadDataText("audit/Valid.checkpoint")));
  EXPECT_EQ(cosigned.signatures.size(), 3u);
  for (const char* vkey : {"other.vkey", "witness.vkey"}) {
    MustOk(audit::VerifyNote(cosigned, FixtureKey(vkey)));
    EXPECT_FALSE(audit::VerifyNote(plain, FixtureKey(vkey)).ok()) << vkey;
  }
}

TEST(CheckpointFixtures, EveryBrokenFixtureIsRefusedWhereItBreaks) {
  const auto key = FixtureKey("fixture.vkey");
  std::size_t seen = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(TVAULT_TEST_DATA_DIR) / "audit")) {
    const std::string stem = entry.path().stem().string();
    if (!stem.starts_with("Broken") || entry.path().extension() != ".checkpoint") continue;
    ++seen;
    SCOPED_TRACE(stem);
    auto it = kBrokenFixtures.find(stem);
    ASSERT_NE(it, kBrokenFixtures.end()) << "fixture without an expected stage";
    const std::string note = ReadDataText("audit/" + stem + ".checkpoint");

    // Whatever the stage, the auditor's one call refuses it as tampering.
    auto opened = audit::OpenCheckpoint(note, key, kFixtureOrigin);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kIntegrity) << opened.error().message;

    // And it is refused exactly at its stage, not before.
    auto parsed = audit::ParseSignedNote(note);
    ASSERT_EQ(parsed.ok(), it->second != Stage::kParseSignedNote);
    if (!parsed.ok()) continue;
    const Status verified = audit::VerifyNote(*parsed, key);
    ASSERT_EQ(verified.ok(), it->second != Stage::kVerifyNote);
    if (!verified.ok()) continue;
    EXPECT_FALSE(audit::ParseCheckpointBody(parsed->text).ok());
  }
  EXPECT_EQ(seen, kBrokenFixtures.size());
}

}  // namespace
}  // namespace tvault::testing
