// Every text field the library stores is valid UTF-8 without NUL (issue #15,
// item 2): a desktop client calls the same functions as the CLI, so the
// library refuses, naming the field in its own words and the first bad byte.
// Statement and evidence bytes are not text and stay byte-exact.
#include <gtest/gtest.h>

#include <functional>

#include "binding/text_intake.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

const std::string kBad = std::string("bad") + "\xff";           // offset 3
const std::string kNul = std::string("a\0b", 3);                 // offset 1
const std::string kOverlong = std::string("x") + "\xc0\xaf";    // offset 1

void ExpectRefused(const Status& s, const std::string& message) {
  ASSERT_FALSE(s.ok()) << message;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().detail, ErrorDetail::kTextNotUtf8);
  EXPECT_EQ(s.error().message, message);
}

template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.ok() ? OkStatus() : Status(r.error());
}

class TextIntake : public ::testing::Test {
 protected:
  void SetUp() override {
    WitnessDetails d;
    d.name = Text("Witness");
    w_ = Must(v_.AddWitness(d));
    const auto file = scratch_.path() / "s.txt";
    WriteBytes(file, std::vector<uint8_t>{'s', 0xff, '\n'});  // a statement is bytes
    file_ = file;
    t_ = Must(v_.AddTestimonies(w_, TestimonyMetadata{}, std::vector<StatementSource>{StatementFromFile(file_)}))[0].id;
  }

  TempVault tv_;
  Vault v_ = tv_.Open();
  ScratchDir scratch_;
  std::filesystem::path file_;
  std::string w_, t_;
};

TEST_F(TextIntake, WitnessFieldsAreRefused) {
  using Field = std::function<void(WitnessDetails&, const PlainString&)>;
  const std::vector<std::pair<std::string, Field>> fields = {
      {"the witness name", [](WitnessDetails& d, const PlainString& s) { d.name = s; }},
      {"an alias", [](WitnessDetails& d, const PlainString& s) { d.aliases = {Text("ok"), s}; }},
      {"the phone number", [](WitnessDetails& d, const PlainString& s) { d.phone = s; }},
      {"the email address", [](WitnessDetails& d, const PlainString& s) { d.email = s; }},
      {"the postal address", [](WitnessDetails& d, const PlainString& s) { d.address = s; }},
      {"the relatives", [](WitnessDetails& d, const PlainString& s) { d.relatives = s; }},
      {"the witness notes", [](WitnessDetails& d, const PlainString& s) { d.notes = s; }}};
  for (const auto& [words, set] : fields) {
    WitnessDetails d;
    d.name = Text("W");
    set(d, Text(kBad));
    ExpectRefused(StatusOf(v_.AddWitness(d)), words + " is not valid UTF-8 (byte 0xFF at offset 3)");
    d.name = Text("W");
    set(d, Text(kNul));
    ExpectRefused(StatusOf(v_.AddWitness(d)), words + " holds a NUL byte (byte 0x00 at offset 1)");
  }
  EXPECT_EQ(Must(v_.ListWitnesses()).size(), 1u);  // nothing stored
}

TEST_F(TextIntake, TestimonyMetadataAndReasonsAreRefused) {
  using Field = std::function<void(TestimonyMetadata&, const PlainString&)>;
  const std::vector<std::pair<std::string, Field>> fields = {
      {"the title", [](TestimonyMetadata& m, const PlainString& s) { m.title = s; }},
      {"the language", [](TestimonyMetadata& m, const PlainString& s) { m.language = s; }},
      {"the date taken", [](TestimonyMetadata& m, const PlainString& s) { m.taken_at = s; }},
      {"the place", [](TestimonyMetadata& m, const PlainString& s) { m.place = s; }},
      {"the interviewer", [](TestimonyMetadata& m, const PlainString& s) { m.interviewer = s; }},
      {"the interpreter", [](TestimonyMetadata& m, const PlainString& s) { m.interpreter = s; }},
      {"the notes", [](TestimonyMetadata& m, const PlainString& s) { m.notes = s; }}};
  for (const auto& [words, set] : fields) {
    TestimonyMetadata m;
    set(m, Text(kOverlong));
    const std::string message = words + " is not valid UTF-8 (byte 0xC0 at offset 1)";
    ExpectRefused(StatusOf(v_.AddTestimonies(w_, m, std::vector<StatementSource>{StatementFromFile(file_)})), message);
    ExpectRefused(StatusOf(v_.AmendTestimony(t_, StatementFromFile(file_), Text("why"), m)),
                  message);
  }
  ExpectRefused(StatusOf(v_.AmendTestimony(t_, StatementFromFile(file_), Text(kBad), {})),
                "the amendment reason is not valid UTF-8 (byte 0xFF at offset 3)");
  EXPECT_EQ(Must(v_.TestimonyHistory(t_)).size(), 1u);
  ExpectRefused(StatusOf(v_.Shred(t_, Text(kBad), false)),
                "the shred reason is not valid UTF-8 (byte 0xFF at offset 3)");
  EXPECT_EQ(Must(v_.ListTestimonies()).size(), 1u);
}

TEST_F(TextIntake, EvidencePeersExportAndInitAreRefused) {
  EvidenceMeta meta;
  meta.description = Text(kBad);
  ExpectRefused(StatusOf(v_.AddEvidence(t_, file_, meta, {})),
                "the description is not valid UTF-8 (byte 0xFF at offset 3)");
  meta.description = Text("ok");
  meta.media_type = Text(kNul);
  ExpectRefused(StatusOf(v_.AddEvidence(t_, file_, meta, {})),
                "the media type holds a NUL byte (byte 0x00 at offset 1)");

  const IdentityInfo me = Must(v_.Identity());
  ExpectRefused(v_.AddPeer(Text(kBad), me.age_recipient, ""),
                "the peer name is not valid UTF-8 (byte 0xFF at offset 3)");
  MustOk(v_.AddPeer(Text("self"), me.age_recipient, ""));
  ExportRequest req;
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;  // consent is not what this test is about
  req.to = {Text("self")};
  req.all = true;
  req.reason = Text(kBad);
  req.out = scratch_.path() / "b.tvb";
  ExpectRefused(StatusOf(v_.Export(req)), "the export reason is not valid UTF-8 (byte 0xFF at offset 3)");
  req.reason = Text("ok");
  req.to = {Text(kBad)};
  ExpectRefused(StatusOf(v_.Export(req)), "a recipient name is not valid UTF-8 (byte 0xFF at offset 3)");

  InitOptions init;
  init.custodian_name = Text(kBad);
  init.kdf = InsecureKdfParamsForTestsOnly(8, 1);
  ExpectRefused(Vault::Init(scratch_.path() / "v2", Pass("p"), init),
                "the custodian name is not valid UTF-8 (byte 0xFF at offset 3)");
  EXPECT_FALSE(std::filesystem::exists(scratch_.path() / "v2"));
}

TEST_F(TextIntake, StatementsAreBytesAndValidTextPasses) {
  const Testimony t = Must(v_.GetTestimony(t_, std::nullopt));
  EXPECT_EQ(t.statement, (PlainBytes{'s', 0xff, '\n'}));
  TestimonyMetadata m;
  m.title = Text("t\xc3\xa9moin \xd8\xb4\xd8\xa7\xd9\x87\xd8\xaf \xf0\x9f\x93\x9c \x1b[2J");
  // New bytes (a statement identical to the latest version is refused).
  const StatementSource next = [] { return Result<PlainBytes>(PlainBytes{'s', 0xff, '2', '\n'}); };
  EXPECT_TRUE(v_.AmendTestimony(t_, next, Text("\xe2\x80\xae ok"), m).ok());
}

}  // namespace
}  // namespace tvault::testing

namespace tvault::testing {
namespace {

// A vault written before intake refused text that is not UTF-8.
class LegacyText : public ::testing::Test {
 protected:
  void SetUp() override {
    WitnessDetails d;
    d.name = Text("Witness");
    w_ = Must(v_.AddWitness(d));
    const auto file = scratch_.path() / "s.txt";
    WriteBytes(file, std::vector<uint8_t>{'s', '\n'});
    file_ = file;
    t_ = Must(v_.AddTestimonies(w_, TestimonyMetadata{}, std::vector<StatementSource>{StatementFromFile(file_)}))[0].id;
    me_ = Must(v_.Identity());
    MustOk(v_.AddPeer(Text("self"), me_.age_recipient, ""));
  }
  void TearDown() override { AcceptAnyTextForTestsOnly(false); }

  Result<ExportResult> Export() {
    ExportRequest req;
    req.purpose = ConsentScope::kCourt;
    req.override_consent = true;  // consent is not what this test is about
    req.to = {Text("self")};
    req.all = true;
    req.reason = Text("to court");
    req.out = scratch_.path() / ("b" + std::to_string(++n_) + ".tvb");
    return v_.Export(req);
  }

  TempVault tv_;
  Vault v_ = tv_.Open();
  ScratchDir scratch_;
  std::filesystem::path file_;
  std::string w_, t_;
  IdentityInfo me_;
  int n_ = 0;
};

TEST_F(LegacyText, ExportNamesTheRecordTheFieldAndTheVersion) {
  AcceptAnyTextForTestsOnly(true);
  // New bytes: an amendment identical to the latest version is refused.
  const StatementSource next = [] { return Result<PlainBytes>(PlainBytes{'s', '2', '\n'}); };
  ASSERT_EQ(Must(v_.AmendTestimony(t_, next, Text("bad\xff"), {})), 2u);
  AcceptAnyTextForTestsOnly(false);
  auto r = Export();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().detail, ErrorDetail::kStoredTextNotUtf8);
  EXPECT_EQ(r.error().message, t_ + ": the reason of version 2 is not valid UTF-8 (byte 0xFF at offset 3)");
}

TEST_F(LegacyText, ExportNamesMetadataAndEvidenceAndPassesOnceAmended) {
  TestimonyMetadata m;
  m.title = Text("T\xc3");
  AcceptAnyTextForTestsOnly(true);
  ASSERT_EQ(Must(v_.AmendTestimony(t_, StatementFromFile(file_), Text("why"), m)), 2u);
  EvidenceMeta meta;
  meta.description = Text("scan \xfe");
  const EvidenceInfo e = Must(v_.AddEvidence(t_, file_, meta, {}));
  AcceptAnyTextForTestsOnly(false);
  auto r = Export();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, e.id + ": the description is not valid UTF-8 (byte 0xFE at offset 5)");
  MustOk(StatusOf(v_.Shred(t_, Text("gone"), false)));
  // With the evidence gone with its testimony, a new record with the title.
  const std::string t2 =
      Must(v_.AddTestimonies(w_, TestimonyMetadata{}, std::vector<StatementSource>{StatementFromFile(file_)}))[0].id;
  AcceptAnyTextForTestsOnly(true);
  ASSERT_EQ(Must(v_.AmendTestimony(t2, StatementFromFile(file_), Text("why"), m)), 2u);
  AcceptAnyTextForTestsOnly(false);
  r = Export();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, t2 + ": the title of version 2 is not valid UTF-8 (byte 0xC3 at offset 1)");
  // The way out for metadata: a new version with a new title.
  TestimonyMetadata fixed;
  fixed.title = Text("T");
  ASSERT_EQ(Must(v_.AmendTestimony(t2, StatementFromFile(file_), Text("fix title"), fixed)), 3u);
  EXPECT_TRUE(Export().ok());
}

}  // namespace
}  // namespace tvault::testing
