// Witnesses, testimonies, versions, shred and keyslots through the public
// API, on vaults with cheap test-only KDF parameters.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "crypto/hash.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

StatementSource Bytes(std::vector<uint8_t> b) {
  return [b = std::move(b)]() -> Result<PlainBytes> { return PlainBytes(b.begin(), b.end()); };
}
StatementSource Utf8(const std::string& s) {
  return Bytes(std::vector<uint8_t>(s.begin(), s.end()));
}

std::string AddWitness(Vault& v, const std::string& name = "Witness") {
  WitnessDetails d;
  d.name = Text(name);
  return Must(v.AddWitness(d));
}

TEST(Witnesses, AddShowList) {
  TempVault tv;
  Vault v = tv.Open();
  WitnessDetails d;
  d.name = Text("Ablimit Tursun");
  d.aliases = {Text("Abu"), Text("A.T.")};
  d.phone = Text("+90 555 123 4567");
  d.email = Text("a@example.org");
  d.address = Text("Istanbul");
  d.relatives = Text("mother and sister in Kashgar");
  d.notes = Text("prefers Signal");
  std::string id = Must(v.AddWitness(d));
  EXPECT_EQ(id.size(), 7u);
  EXPECT_EQ(id.substr(0, 2), "W-");

  Witness w = Must(v.GetWitness(id));
  EXPECT_EQ(w.details.name, d.name);
  EXPECT_EQ(w.details.aliases, d.aliases);
  EXPECT_EQ(w.details.phone, d.phone);
  EXPECT_EQ(w.details.relatives, d.relatives);
  EXPECT_EQ(w.details.notes, d.notes);

  // Ids are matched case-insensitively.
  std::string lower = id;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_EQ(Must(v.GetWitness(lower)).id, id);

  auto list = Must(v.ListWitnesses());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, d.name);
  EXPECT_EQ(list[0].testimony_count, 0);
}

TEST(Witnesses, NameIsRequiredAndUnknownIdsAreNotFound) {
  TempVault tv;
  Vault v = tv.Open();
  auto r = v.AddWitness(WitnessDetails{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(v.GetWitness("W-00000").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(v.GetWitness("X-1").error().code, ErrorCode::kInvalidArgument);
}

class StatementRoundTrip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(StatementRoundTrip, BytesAndHashSurviveExactly) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::vector<uint8_t> data(GetParam());
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  TestimonyMetadata m;
  m.title = Text("T");
  auto added = Must(v.AddTestimonies(w, m, std::vector<StatementSource>{Bytes(data)}));
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(Hex(added[0].sha256), Hex(crypto::Sha256(data)));
  Testimony t = Must(v.GetTestimony(added[0].id, std::nullopt));
  EXPECT_TRUE(std::equal(t.statement.begin(), t.statement.end(), data.begin(), data.end()));
  EXPECT_EQ(t.version.size_bytes, data.size());
  EXPECT_EQ(Hex(t.version.sha256), Hex(crypto::Sha256(data)));
}

INSTANTIATE_TEST_SUITE_P(Sizes, StatementRoundTrip,
                         ::testing::Values(0, 1, 2048, 65536 + 1, 64u << 20));

TEST(Testimonies, Utf8AndBinaryInOneBatchInOrder) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::vector<StatementSource> sources = {
      Utf8("Ich wurde festgenommen. 我被拘留了。 Мене затримали."),
      Bytes({0x00, 0xff, 0xfe, 0x80, 0x00}),
      Utf8("")};
  TestimonyMetadata m;
  m.title = Text("Batch");
  m.taken_at = Text("2024-02-29");
  auto added = Must(v.AddTestimonies(w, m, sources));
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(Must(v.GetTestimony(added[1].id, std::nullopt)).statement,
            PlainBytes({0x00, 0xff, 0xfe, 0x80, 0x00}));
  auto list = Must(v.ListTestimonies());
  ASSERT_EQ(list.size(), 3u);
  for (const auto& t : list) {
    EXPECT_EQ(t.witness_id, w);
    EXPECT_EQ(t.title, Text("Batch"));
    EXPECT_EQ(t.version_count, 1u);
  }
}

TEST(Testimonies, BatchIsAllOrNothing) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::vector<StatementSource> sources = {
      Utf8("first"),
      []() -> Result<PlainBytes> { return MakeError(ErrorCode::kIo, "disk went away"); }};
  auto r = v.AddTestimonies(w, TestimonyMetadata{}, sources);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_TRUE(Must(v.ListTestimonies()).empty());
}

TEST(Testimonies, ValidatesWitnessAndDate) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::vector<StatementSource> one = {Utf8("x")};
  EXPECT_EQ(v.AddTestimonies("W-00000", {}, one).error().code, ErrorCode::kNotFound);
  TestimonyMetadata bad;
  bad.taken_at = Text("2023-02-29");
  EXPECT_EQ(v.AddTestimonies(w, bad, one).error().code, ErrorCode::kInvalidArgument);
  bad.taken_at = Text("2024-13-01");
  EXPECT_EQ(v.AddTestimonies(w, bad, one).error().code, ErrorCode::kInvalidArgument);
}

TEST(Testimonies, AmendAppendsVersionsAndKeepsEveryOne) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  TestimonyMetadata m;
  m.title = Text("Original title");
  m.place = Text("Almaty");
  std::string id = Must(v.AddTestimonies(w, m, std::vector<StatementSource>{Utf8("v1 text")}))[0].id;

  TestimonyMetadata change;
  change.title = Text("Corrected title");
  EXPECT_EQ(Must(v.AmendTestimony(id, Utf8("v2 text"), Text("typo"), change)), 2u);
  EXPECT_EQ(Must(v.AmendTestimony(id, Utf8("v3 text"), Text("dates"), {})), 3u);
  EXPECT_EQ(v.AmendTestimony(id, Utf8("x"), Text(""), {}).error().code,
            ErrorCode::kInvalidArgument);

  auto history = Must(v.TestimonyHistory(id));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].reason, Text("intake"));
  EXPECT_EQ(history[1].reason, Text("typo"));
  EXPECT_EQ(history[2].reason, Text("dates"));
  for (uint32_t n = 1; n <= 3; ++n) {
    Testimony t = Must(v.GetTestimony(id, n));
    std::string want = "v" + std::to_string(n) + " text";
    EXPECT_EQ(t.statement, PlainBytes(want.begin(), want.end()));
    EXPECT_EQ(Hex(t.version.sha256), Hex(history[n - 1].sha256));
    EXPECT_EQ(t.metadata.place, Text("Almaty"));  // carried over
  }
  EXPECT_EQ(Must(v.GetTestimony(id, 1)).metadata.title, Text("Original title"));
  EXPECT_EQ(Must(v.GetTestimony(id, 3)).metadata.title, Text("Corrected title"));
  EXPECT_EQ(Must(v.ListTestimonies())[0].title, Text("Corrected title"));
  EXPECT_EQ(v.GetTestimony(id, 4).error().code, ErrorCode::kNotFound);
}

TEST(Shred, TestimonyLeavesTombstoneWithHashes) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::string id = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one")}))[0].id;
  Must(v.AmendTestimony(id, Utf8("two"), Text("r"), {}));
  auto report = Must(v.Shred(id, Text("witness withdrew consent"), false));
  EXPECT_EQ(report.shredded_ids, std::vector<std::string>{id});

  auto shown = v.GetTestimony(id, std::nullopt);
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(shown.error().message.find("shredded"), std::string::npos);

  auto tombs = Must(v.ListTombstones());
  ASSERT_EQ(tombs.size(), 1u);
  EXPECT_EQ(tombs[0].id, id);
  EXPECT_EQ(tombs[0].reason, Text("witness withdrew consent"));
  ASSERT_EQ(tombs[0].version_hashes.size(), 2u);
  const std::string one = "one", two = "two";
  EXPECT_EQ(Hex(tombs[0].version_hashes[0].second),
            Hex(crypto::Sha256({reinterpret_cast<const uint8_t*>(one.data()), one.size()})));
  EXPECT_EQ(Hex(tombs[0].version_hashes[1].second),
            Hex(crypto::Sha256({reinterpret_cast<const uint8_t*>(two.data()), two.size()})));
  EXPECT_TRUE(Must(v.Check()).unknown_evidence_files.empty());
}

TEST(Shred, WitnessNeedsCascadeWhileTestimoniesRemain) {
  TempVault tv;
  Vault v = tv.Open();
  std::string w = AddWitness(v);
  std::string keep = AddWitness(v, "Other");
  auto ids = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("a"), Utf8("b")}));
  Must(v.AddTestimonies(keep, {}, std::vector<StatementSource>{Utf8("c")}));
  auto refused = v.Shred(w, Text("r"), false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Must(v.GetWitness(w)).id == w);  // nothing changed

  auto report = Must(v.Shred(w, Text("threat"), true));
  EXPECT_EQ(report.shredded_ids.size(), 3u);
  EXPECT_EQ(report.shredded_ids.back(), w);
  EXPECT_EQ(v.GetWitness(w).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Must(v.ListTestimonies()).size(), 1u);
  EXPECT_EQ(Must(v.ListWitnesses()).size(), 1u);
  EXPECT_EQ(Must(v.ListTombstones()).size(), 3u);
  EXPECT_TRUE(Must(v.Check()).unknown_evidence_files.empty());
}

TEST(Keyslots, AddChangeRemove) {
  TempVault tv("first");
  {
    Vault v = tv.Open();
    EXPECT_EQ(Must(v.AddKeyslot(Pass("second"), InsecureKdfParamsForTestsOnly(8, 1))), 2);
    auto slots = Must(v.ListKeyslots());
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_TRUE(slots[0].used_for_this_unlock);
  }
  {
    Vault v = Must(tv.TryOpen("second"));
    MustOk(v.ChangePassphrase(Pass("third"), InsecureKdfParamsForTestsOnly(8, 1)));
  }
  EXPECT_EQ(tv.TryOpen("second").error().code, ErrorCode::kWrongPassphrase);
  {
    Vault v = Must(tv.TryOpen("third"));
    MustOk(v.RemoveKeyslot(1));
    EXPECT_EQ(v.RemoveKeyslot(2).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(v.RemoveKeyslot(7).error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(tv.TryOpen("first").error().code, ErrorCode::kWrongPassphrase);
  EXPECT_TRUE(tv.TryOpen("third").ok());
}

TEST(Vault, InitRefusesExistingVaultAndKdfBelowFloor) {
  TempVault tv;
  InitOptions o;
  o.kdf = InsecureKdfParamsForTestsOnly(8, 1);
  EXPECT_EQ(Vault::Init(tv.dir(), Pass("x"), o).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(KdfParams::Create(63, 3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(KdfParams::Create(256, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(KdfParams::Create(64, 1).ok());
  EXPECT_EQ(KdfParams::Default().memory_kib(), 256u * 1024);
  EXPECT_EQ(KdfParams::Default().passes(), 3u);
}

TEST(Vault, PermissionsAreOwnerOnly) {
  TempVault tv;
  { Vault v = tv.Open(); Must(v.AddWitness(WitnessDetails{Text("n"), {}, {}, {}, {}, {}, {}})); }
  struct stat st{};
  ASSERT_EQ(::stat(tv.dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& e : std::filesystem::directory_iterator(tv.dir())) {
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << e.path();
  }
}

TEST(Vault, SecondOpenWaitsThenReportsBusy) {
  TempVault tv;
  Vault holder = tv.Open();
  OpenOptions quick;
  quick.wait = std::chrono::milliseconds(200);
  auto r = Vault::Open(tv.dir(), Pass(tv.passphrase()), quick);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBusy);
  EXPECT_NE(r.error().message.find("vault is busy"), std::string::npos);
}

}  // namespace
}  // namespace tvault::testing
