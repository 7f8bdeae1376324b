// Redacted records of format-2 bundles (docs/bundle-format.md section 7.7)
// through the public API: what `export` with redactions writes (and what it
// must never write), what verification checks and reports, for a commitment
// made at intake and one made later, and each refusal of the request.
// The hostile side (proofs swapped, altered or missing) is checked against
// the verified manifest and custody of real exports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "age/age.h"
#include "binding/testimony_rows.h"
#include "bundle/bundle_format.h"
#include "bundle/custody_file.h"
#include "bundle/redacted_record.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "formats/bundle/bundle_test_support.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;

StatementSource Source(std::string text) {
  return [text]() -> Result<PlainBytes> { return PlainBytes(text.begin(), text.end()); };
}
std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

const std::string kFirst = "The officer Dupont took me to the station.\nI saw Karimova there.\n";
const std::string kSecond =
    "The officer Dupont took me to the police station.\nI saw Karimova there.\n";
const std::string kMark = "\u2588\u2588\u2588\u2588\u2588";

class RedactedExport : public ::testing::Test {
 protected:
  void SetUp() override {
    Vault v = tv_.Open();
    MustOk(v.AddPeer(Text("r"), age::EncodeRecipient(party_.age_recipient), ""));
    WitnessDetails w;
    w.name = Text("Amal Tursun");
    const std::string witness = Must(v.AddWitness(w));
    TestimonyMetadata m;
    m.title = Text("Statement of Amal Tursun");
    m.place = Text("Urumqi");
    m.interviewer = Text("Interviewer Halmurat");
    m.interpreter = Text("Interpreter Gulnar");
    m.notes = Text("Notes: met in Almaty");
    m.language = Text("en");
    m.taken_at = Text("2026-03-01");
    t_ = Must(v.AddTestimonies(witness, m, std::vector<StatementSource>{Source(kFirst)}))[0].id;
    Must(v.AmendTestimony(t_, Source(kSecond), Text("Dupont's rank corrected"), {}));
    const fs::path photo = tv_.dir().parent_path() / "photo.jpg";
    std::ofstream(photo) << "a photograph of Dupont";
    EvidenceMeta meta;
    meta.media_type = Text("image/jpeg");
    meta.description = Text("Dupont at the station");
    Must(v.AddEvidence(t_, photo, meta));
    // Of another witness: a testimony of the same one may not go out whole
    // beside a redacted one (their pseudonym would tie them).
    WitnessDetails other;
    other.name = Text("Someone Else");
    const std::string other_witness = Must(v.AddWitness(other));
    u_ = Must(v.AddTestimonies(other_witness, {},
                               std::vector<StatementSource>{Source("Plain words.")}))[0]
             .id;
    TestimonyMetadata m2;
    m2.title = Text("Second statement of Amal Tursun");
    same_witness_ = Must(v.AddTestimonies(witness, m2,
                                          std::vector<StatementSource>{Source("More words.")}))[0]
                        .id;
    signer_ = Must(minisign::ParsePublicKey(Must(v.Identity()).minisign_public_key));
    identity_file_ = tv_.dir().parent_path() / "key.txt";
    std::ofstream(identity_file_) << Str(age::EncodeIdentity(party_.age_identity)) << "\n";
  }

  // Hides "Dupont" and "Karimova" in `version` of t_.
  std::string Redact(Vault& v, uint32_t version, const std::string& text) {
    NewRedaction r;
    r.testimony_id = t_;
    r.version = version;
    for (const std::string word : {"Dupont", "Karimova"}) {
      const std::size_t at = text.find(word);
      r.ranges.push_back({RedactionRange::Unit::kBytes, at, at + word.size()});
    }
    r.reason = Text("for the press");
    return Must(v.CreateRedaction(r)).id;
  }

  ExportRequest Request(const std::string& name) {
    ExportRequest req;
    req.to.push_back(Text("r"));
    req.purpose = ConsentScope::kPress;
    req.override_consent = true;
    req.reason = Text("publication");
    req.out = tv_.dir().parent_path() / name;
    return req;
  }

  BundleOutcome Read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    return ReadBundle(bytes, party_.identities(), {signer_});
  }
  static const Member* Find(const BundleOutcome& out, const std::string& name) {
    for (const Member& m : out.streamed)
      if (m.name == name) return &m;
    return nullptr;
  }
  Result<BundleSummary> Verify(const fs::path& file) {
    return VerifyBundleWithIdentityFile(file, identity_file_,
                                        minisign::EncodePublicKey(signer_));
  }

  TempVault tv_;
  Party party_;
  minisign::PublicKey signer_;
  fs::path identity_file_;
  std::string t_, u_, same_witness_;
};

TEST_F(RedactedExport, CarriesOnlyTheRedactedVersionItsProofAndNothingThatNamesWhatItHides) {
  std::string r;
  ExportRequest req = Request("Tursun-for-the-press.tvb");
  {
    Vault v = tv_.Open();
    r = Redact(v, 2, kSecond);
    req.redactions = {r};
    req.testimonies = {t_, u_};
    const ExportResult res = Must(v.Export(req));
    EXPECT_EQ(res.records, 2u);
    EXPECT_EQ(res.versions, 2u);  // the redacted one, and u_'s
    EXPECT_EQ(res.redacted, 1u);
    EXPECT_EQ(res.evidence, 0u);  // the photograph stays home
  }
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  const bundle::BundleManifest& m = out.verified->manifest;
  ASSERT_EQ(m.records.size(), 2u);
  const bundle::ManifestRecord& red = m.records[0];
  ASSERT_TRUE(red.redaction.has_value());
  EXPECT_EQ(red.redaction->id, r);
  ASSERT_EQ(red.versions.size(), 1u);
  EXPECT_EQ(red.versions[0].version, 2u);
  EXPECT_EQ(red.versions[0].reason, "");
  EXPECT_EQ(red.metadata.title, "");
  EXPECT_EQ(red.metadata.place, "");
  EXPECT_EQ(red.metadata.language, "en");
  EXPECT_EQ(red.metadata.taken_at, "2026-03-01");
  EXPECT_FALSE(m.records[1].redaction.has_value());
  EXPECT_TRUE(m.evidence.empty());

  const Member* text = Find(out, "statements/" + t_ + ".v2.redacted.txt");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(std::string(text->data.begin(), text->data.end()),
            "The officer " + kMark + " took me to the police station.\nI saw " + kMark +
                " there.\n");
  EXPECT_NE(Find(out, "redactions/" + r + ".proof"), nullptr);
  for (const Member& mem : out.streamed) {
    EXPECT_FALSE(mem.name.starts_with("statements/" + t_ + ".v1")) << mem.name;
    EXPECT_FALSE(mem.name.starts_with("evidence/")) << mem.name;
  }

  // Searched in every member, decrypted: the hidden words, their SHA-256
  // (raw, hex, base64), the SHA-256 of each unredacted version, the title,
  // the place, the amend reason and the evidence's description.
  std::string all;
  for (const Member& mem : out.streamed) all.append(mem.data.begin(), mem.data.end());
  auto bytes = [](const std::string& s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  std::vector<std::string> secrets = {"Dupont",     "Karimova",    "Amal",   "Tursun",
                                      "Urumqi",     "rank",        "Halmurat", "Gulnar",
                                      "Almaty",     "for the press"};
  for (const std::string& s : std::vector<std::string>{"Dupont", "Karimova", "Dupont ",
                                                       "Karimova ", kFirst, kSecond}) {
    const crypto::Sha256Digest h = crypto::Sha256(bytes(s));
    secrets.emplace_back(h.begin(), h.end());
    secrets.push_back(crypto::HexEncode(h));
    secrets.push_back(crypto::Base64Encode(h, crypto::Base64Variant::kPadded));
  }
  for (const std::string& s : secrets) EXPECT_EQ(all.find(s), std::string::npos) << s;

  const BundleSummary s = Must(Verify(req.out));
  ASSERT_EQ(s.redactions.size(), 1u);
  const BundleRedaction& b = s.redactions[0];
  EXPECT_EQ(b.testimony_id, t_);
  EXPECT_EQ(b.version, 2u);
  EXPECT_EQ(b.redaction_id, r);
  EXPECT_EQ(b.hidden_tokens, 2u);
  EXPECT_EQ(b.token_count, 13u);
  EXPECT_TRUE(b.logged);
  EXPECT_TRUE(b.commitment_at_intake);
  EXPECT_EQ(s.records_without_custody, 0u);
  EXPECT_EQ(s.custody_events_verified, 2u);  // t_'s amend and u_'s add

  // The export's event names the redaction.
  Vault v = tv_.Open();
  std::vector<AuditEvent> ev;
  for (const AuditEvent& e : Must(v.AuditLog({})))
    if (e.action == "export") ev.push_back(e);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NE(std::find(ev[0].refs.begin(), ev[0].refs.end(), r), ev[0].refs.end());
  EXPECT_NE(std::find(ev[0].refs.begin(), ev[0].refs.end(), t_ + "@2"), ev[0].refs.end());
  EXPECT_EQ(std::find(ev[0].refs.begin(), ev[0].refs.end(), t_ + "@1"), ev[0].refs.end());
}

TEST_F(RedactedExport, ACommitmentMadeAfterIntakeTravelsWithItsOwnEventAndIsSaidToBeLater) {
  std::string old_id, r;
  ExportRequest req = Request("late.tvb");
  {
    Vault v = tv_.Open();
    OmitRedactionCommitmentForTestsOnly(true);
    const std::string text = "Karimova met Dupont.";
    old_id = Must(v.AddTestimonies(Must(v.AddWitness(WitnessDetails{Text("X"), {}, {}, {}, {},
                                                                    {}, {}})),
                                   {}, std::vector<StatementSource>{Source(text)}))[0]
                 .id;
    OmitRedactionCommitmentForTestsOnly(false);
    NewRedaction n;
    n.testimony_id = old_id;
    n.ranges = {{RedactionRange::Unit::kTokens, 0, 1}};
    n.reason = Text("press");
    const RedactionSummary made = Must(v.CreateRedaction(n));
    EXPECT_FALSE(made.commitment_at_intake);
    r = made.id;
    req.redactions = {r};  // chooses the record on its own
    Must(v.Export(req));
  }
  const BundleSummary s = Must(Verify(req.out));
  ASSERT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.records[0], old_id);
  ASSERT_EQ(s.redactions.size(), 1u);
  EXPECT_TRUE(s.redactions[0].logged);
  EXPECT_FALSE(s.redactions[0].commitment_at_intake);
  EXPECT_EQ(s.custody_events_verified, 2u);  // testimony.add and the later commitment

  Vault v = tv_.Open();
  AuditFilter f;
  f.record = old_id;
  uint64_t late_seq = 0;
  for (const AuditEvent& e : Must(v.AuditLog(f)))
    if (e.action == "testimony.redaction_commitment") late_seq = e.seq;
  EXPECT_NE(late_seq, 0u);
  EXPECT_EQ(s.redactions[0].commitment_seq, late_seq);
}

TEST_F(RedactedExport, RedactedPicksEachTestimonysNewestRedactionAndRefusesOneWithout) {
  Vault v = tv_.Open();
  const std::string older = Redact(v, 1, kFirst);
  ExportRequest req = Request("all.tvb");
  req.testimonies = {t_, u_};
  req.redacted = true;
  auto refused = v.Export(req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find(u_), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(req.out));
  const std::string newer = Redact(v, 2, kSecond);

  req.testimonies = {t_};
  const std::vector<RedactionSummary> made = Must(v.ListRedactions(t_));
  ASSERT_EQ(made.size(), 2u);
  if (made[0].created_at_unix_s == made[1].created_at_unix_s) {
    // Made in the same second: "newest" would be a guess, so it is refused,
    // naming both.
    auto same = v.Export(req);
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(same.error().message.find(older), std::string::npos) << same.error().message;
    EXPECT_NE(same.error().message.find(newer), std::string::npos) << same.error().message;
    EXPECT_FALSE(fs::exists(req.out));
    // Named, it goes.
    req.redactions = {newer};
  }
  const ExportResult res = Must(v.Export(req));
  EXPECT_EQ(res.redacted, 1u);
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  const bundle::ManifestRecord& rec = out.verified->manifest.records[0];
  ASSERT_TRUE(rec.redaction.has_value());
  EXPECT_EQ(rec.redaction->id, newer);
  EXPECT_EQ(rec.versions[0].version, 2u);
}

// The witness's pseudonym would tie a whole testimony's metadata to a
// redacted one of the same witness: such a bundle is refused.
TEST_F(RedactedExport, AWholeTestimonyOfTheSameWitnessMayNotTravelBesideARedactedOne) {
  Vault v = tv_.Open();
  ExportRequest req = Request("linked.tvb");
  req.redactions = {Redact(v, 2, kSecond)};
  req.testimonies = {t_, same_witness_};
  auto refused = v.Export(req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find(same_witness_), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("same witness"), std::string::npos);
  EXPECT_FALSE(fs::exists(req.out));
  // Another witness's testimony may go whole beside it.
  req.testimonies = {t_, u_};
  Must(v.Export(req));
}

TEST_F(RedactedExport, RefusesRequestsThatWouldLeakOrCannotBeCarried) {
  Vault v = tv_.Open();
  const std::string r = Redact(v, 2, kSecond);
  const std::string r1 = Redact(v, 1, kFirst);
  auto expect = [&](ExportRequest req, ErrorCode code, const std::string& fragment) {
    auto res = v.Export(req);
    ASSERT_FALSE(res.ok()) << fragment;
    EXPECT_EQ(res.error().code, code) << res.error().message;
    EXPECT_NE(res.error().message.find(fragment), std::string::npos) << res.error().message;
    EXPECT_FALSE(fs::exists(req.out));
  };
  ExportRequest req = Request("x.tvb");
  req.redactions = {r};
  req.with_contacts = true;
  expect(req, ErrorCode::kInvalidArgument, "contact details");
  req.with_contacts = false;
  req.bundle_format = 1;
  expect(req, ErrorCode::kInvalidArgument, "format 2");
  req.bundle_format = 2;
  req.redactions = {r, r1};
  expect(req, ErrorCode::kInvalidArgument, "one per testimony");
  req.redactions = {r};
  req.testimonies = {u_};
  expect(req, ErrorCode::kInvalidArgument, "does not include");
  req.testimonies = {};
  req.redactions = {"R-ZZZZZZ"};
  expect(req, ErrorCode::kNotFound, "R-ZZZZZZ");
  req.redactions = {t_};
  expect(req, ErrorCode::kInvalidArgument, "not a redaction id");
}

// The checks of section 7.7 against real exports: each proof of one bundle
// offered in place of another's is refused, as are broken and missing ones.
TEST_F(RedactedExport, AProofIsCheckedAgainstTheManifestAndTheLoggedCommitment) {
  ExportRequest a = Request("a.tvb"), b = Request("b.tvb"), c = Request("c.tvb");
  {
    Vault v = tv_.Open();
    a.redactions = {Redact(v, 2, kSecond)};
    // The same words hidden in version 1: the same look, another commitment.
    b.redactions = {Redact(v, 1, kFirst)};
    // Another redaction of version 2 (one word only): same commitment,
    // another text.
    NewRedaction one;
    one.testimony_id = t_;
    one.ranges = {{RedactionRange::Unit::kTokens, 0, 1}};
    one.reason = Text("x");
    c.redactions = {Must(v.CreateRedaction(one)).id};
    for (ExportRequest* r : {&a, &b, &c}) Must(v.Export(*r));
  }
  struct Read {
    bundle::BundleManifest manifest;
    bundle::CustodyFileCheck custody;
    std::string proof_name;
    std::vector<uint8_t> proof;
  };
  auto read = [&](const fs::path& file) {
    const BundleOutcome out = this->Read(file);
    EXPECT_TRUE(out.ok) << out.message;
    Read r;
    r.manifest = out.verified->manifest;
    r.proof_name = bundle::RedactionProofMemberName(r.manifest.records[0].redaction->id);
    for (const Member& m : out.streamed) {
      if (m.name == bundle::kCustodyFileName) {
        r.custody = Must(bundle::VerifyCustodyFile(m.data, signer_, r.manifest));
      }
      if (m.name == r.proof_name) r.proof = m.data;
    }
    return r;
  };
  const Read ra = read(a.out), rb = read(b.out), rc = read(c.out);
  auto check = [&](const Read& bundle, const std::vector<uint8_t>& proof) {
    std::map<std::string, bundle::CheckedProof> proofs;
    proofs[bundle.proof_name] = bundle::CheckProofMember(bundle.proof_name, proof);
    return bundle::CheckRedactedRecords(bundle.manifest, bundle.custody, proofs);
  };
  auto refused = [&](const Result<std::vector<bundle::RedactedRecordCheck>>& r,
                     const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  };

  ASSERT_TRUE(check(ra, ra.proof).ok());
  ASSERT_TRUE(check(rb, rb.proof).ok());
  // b's proof renders the same text as a's ("The officer █████ took me to
  // the station" differs: "police"), so a's manifest refuses it by hash.
  refused(check(ra, rb.proof), "the text it proves is not");
  // c's proof has a's commitment (same version) but shows other words.
  refused(check(ra, rc.proof), "the text it proves is not");
  // With a's text hash forced onto b's manifest, only the commitment is
  // left to tell them apart: version 1's is not version 2's.
  Read forged = rb;
  forged.manifest.records[0].versions[0].sha256 = ra.manifest.records[0].versions[0].sha256;
  refused(check(forged, ra.proof), "its commitment is not the one the sender's log recorded");

  std::vector<uint8_t> broken = ra.proof;
  broken[broken.size() / 2] ^= 1;
  refused(check(ra, broken), ra.proof_name + ": ");
  std::vector<uint8_t> cut(ra.proof.begin(), ra.proof.end() - 1);
  refused(check(ra, cut), ra.proof_name + ": ");
  refused(bundle::CheckRedactedRecords(ra.manifest, ra.custody, {}), "is missing");

  // Without a custody claim the proof still has to hold, and is reported
  // as tied to no log.
  const auto unlogged = bundle::CheckRedactedRecords(
      ra.manifest, bundle::CustodyFileCheck{false, 0, {}},
      {{ra.proof_name, bundle::CheckProofMember(ra.proof_name, ra.proof)}});
  ASSERT_TRUE(unlogged.ok());
  EXPECT_FALSE(unlogged->at(0).logged);
}


// manifest.json and custody.json of a real redacted export, each lie about
// the redacted record refused by the strict parsers.
TEST_F(RedactedExport, TheManifestAndCustodyOfARedactedRecordAreStrict) {
  ExportRequest req = Request("strict.tvb");
  {
    Vault v = tv_.Open();
    req.redactions = {Redact(v, 2, kSecond)};
    Must(v.Export(req));
  }
  const BundleOutcome out = Read(req.out);
  ASSERT_TRUE(out.ok) << out.message;
  nlohmann::json manifest, custody;
  for (const Member& m : out.streamed) {
    if (m.name == bundle::kManifestName) manifest = nlohmann::json::parse(m.data);
    if (m.name == bundle::kCustodyFileName) custody = nlohmann::json::parse(m.data);
  }
  auto parse = [](const nlohmann::json& j) {
    const std::string text = j.dump(2);
    return bundle::ParseManifest(
        {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  };
  auto refused = [](const auto& r, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  };
  ASSERT_TRUE(parse(manifest).ok());
  nlohmann::json j = manifest;
  j["records"][0].erase("redaction");  // the name still says redacted
  refused(parse(j), "should be");
  j = manifest;
  j["records"][0]["versions"].push_back(j["records"][0]["versions"][0]);
  j["records"][0]["versions"][1]["version"] = 3;
  j["records"][0]["versions"][1]["file"] = "statements/" + t_ + ".v3.redacted.txt";
  refused(parse(j), "exactly one version");
  j = manifest;
  j["records"][0]["redaction"]["file"] = "redactions/R-AAAAAA.proof";
  refused(parse(j), "should be");
  j = manifest;
  j["records"][0]["redaction"]["extra"] = 1;
  refused(parse(j), "unknown field");
  j = manifest;
  j["version"] = 1;
  refused(parse(j), "redaction");

  const bundle::BundleManifest m = out.verified->manifest;
  auto check = [&](const nlohmann::json& c, const bundle::BundleManifest& against) {
    const std::string text = c.dump(1);
    return bundle::VerifyCustodyFile({reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                                     signer_, against);
  };
  ASSERT_TRUE(check(custody, m).ok());
  EXPECT_TRUE(custody["commitment_salts"].empty());  // no salt for a redacted version
  nlohmann::json c = custody;
  c["commitment_salts"][t_ + ".v2"] = crypto::Base64Encode(
      std::vector<uint8_t>(32, 7), crypto::Base64Variant::kPadded);
  refused(check(c, m), "one salt per version");
  bundle::BundleManifest plain = m;  // the same record claimed unredacted
  plain.records[0].redaction.reset();
  refused(check(custody, plain), "one salt per version");
}

// Import gives each text version it stores its own redaction commitment,
// as intake does, so the importer can redact it with a commitment logged
// at once; a redacted record arrives as its one redacted version.
TEST_F(RedactedExport, ImportCommitsEachTextVersionAndStoresARedactedRecordAsItsText) {
  ExportRequest plain = Request("plain.tvb"), red = Request("red.tvb");
  {
    Vault v = tv_.Open();
    plain.testimonies = {t_};
    Must(v.Export(plain));
    red.redactions = {Redact(v, 2, kSecond)};
    Must(v.Export(red));
  }
  TempVault other;
  Vault v2 = other.Open();
  const std::string key = minisign::EncodePublicKey(signer_);
  const ImportResult got = Must(v2.ImportBundle(plain.out, key, {}, identity_file_));
  ASSERT_EQ(got.testimonies.size(), 1u);
  const std::string local = got.testimonies[0].second;
  AuditFilter f;
  f.record = local;
  std::size_t creating = 0;
  for (const AuditEvent& e : Must(v2.AuditLog(f))) {
    if (e.action != "testimony.add" && e.action != "testimony.amend") continue;
    ++creating;
    EXPECT_EQ(e.digests.size(), 2u) << e.action;
  }
  EXPECT_EQ(creating, 2u);
  NewRedaction n;
  n.testimony_id = local;
  n.ranges = {{RedactionRange::Unit::kTokens, 2, 3}};
  n.reason = Text("again");
  EXPECT_TRUE(Must(v2.CreateRedaction(n)).commitment_at_intake);

  const ImportResult got_red = Must(v2.ImportBundle(red.out, key, {}, identity_file_));
  ASSERT_EQ(got_red.testimonies.size(), 1u);
  const PlainBytes stored =
      Must(v2.GetTestimony(got_red.testimonies[0].second, std::nullopt)).statement;
  const std::string shown(stored.begin(), stored.end());
  EXPECT_EQ(shown, "The officer " + kMark + " took me to the police station.\nI saw " + kMark +
                       " there.\n");

  // Redacted and sent on from the second vault, the imported testimony
  // carries no provenance: neither the first sender's key nor its ids.
  MustOk(v2.AddPeer(Text("r"), age::EncodeRecipient(party_.age_recipient), ""));
  const std::string again = Must(v2.CreateRedaction(n)).id;
  ExportRequest on = Request("onward.tvb");
  on.redactions = {again};
  Must(v2.Export(on));
  const minisign::PublicKey second =
      Must(minisign::ParsePublicKey(Must(v2.Identity()).minisign_public_key));
  std::ifstream in(on.out, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  const BundleOutcome out = ReadBundle(bytes, party_.identities(), {second});
  ASSERT_TRUE(out.ok) << out.message;
  ASSERT_EQ(out.verified->manifest.records.size(), 1u);
  EXPECT_FALSE(out.verified->manifest.records[0].provenance.has_value());
  std::string all;
  for (const Member& mem : out.streamed) all.append(mem.data.begin(), mem.data.end());
  EXPECT_EQ(all.find(key), std::string::npos);  // the first sender's key
  EXPECT_EQ(all.find(t_), std::string::npos);   // the first sender's record id
}


// A redaction whose proof would exceed what a bundle may carry (32 MiB) is
// refused when it is made, not at the export: a million one-letter words
// make a proof of about 38 MB whatever is hidden.
TEST_F(RedactedExport, ARedactionWhoseProofNoBundleMayCarryIsRefusedWhenMade) {
  Vault v = tv_.Open();
  std::string many;
  many.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) many += "a ";
  const std::string w = Must(v.AddWitness(WitnessDetails{Text("Y"), {}, {}, {}, {}, {}, {}}));
  const std::string id =
      Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Source(many)}))[0].id;
  NewRedaction r;
  r.testimony_id = id;
  r.ranges = {{RedactionRange::Unit::kTokens, 0, 1}};
  r.reason = Text("x");
  auto refused = v.CreateRedaction(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("more than a bundle may carry"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(Must(v.ListRedactions(id)).empty());
}

}  // namespace
}  // namespace tvault::testing
