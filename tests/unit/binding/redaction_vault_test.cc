// Provable redaction through the public API (docs/redaction-format.md,
// docs/format.md section 4.11): the commitment logged at intake and amend,
// a version without one, redactions created, listed, shown and proved,
// checked by the pure verifier against the logged digest, and removed by
// shred.
#include <gtest/gtest.h>

#include <algorithm>

#include "binding/testimony_rows.h"
#include "crypto/hash.h"
#include "redaction/redaction_proof.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

PlainBytes Bytes(std::string_view s) { return PlainBytes(s.begin(), s.end()); }

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

StatementSource Source(std::string text) {
  return [text]() -> Result<PlainBytes> { return Bytes(text); };
}

const std::string kStatement = "The officer Dupont took me to the station.\nI saw Karimova there.";

class RedactionVault : public ::testing::Test {
 protected:
  void SetUp() override {
    Vault v = tv_.Open();
    WitnessDetails w;
    w.name = Text("Amal");
    witness_ = Must(v.AddWitness(w));
  }
  std::string Add(Vault& v, const std::string& text) {
    TestimonyMetadata m;
    m.title = Text("t");
    const std::vector<StatementSource> src{Source(text)};
    return Must(v.AddTestimonies(witness_, m, src))[0].id;
  }
  // The digests of the event that created version `version` of `id`.
  std::vector<std::string> CreatingDigests(Vault& v, const std::string& id, uint32_t version) {
    AuditFilter f;
    f.record = id;
    for (const AuditEvent& e : Must(v.AuditLog(f))) {
      if ((e.action == "testimony.add" || e.action == "testimony.amend") &&
          e.object_version == version)
        return e.digests;
    }
    ADD_FAILURE() << "no creating event";
    return {};
  }
  static NewRedaction Hide(const std::string& id, std::vector<RedactionRange> ranges) {
    NewRedaction r;
    r.testimony_id = id;
    r.ranges = std::move(ranges);
    r.reason = Text("publication in the press");
    return r;
  }
  static RedactionRange Bytes(uint64_t b, uint64_t e) {
    return {RedactionRange::Unit::kBytes, b, e};
  }
  static RedactionRange Tokens(uint64_t b, uint64_t e) {
    return {RedactionRange::Unit::kTokens, b, e};
  }
  TempVault tv_;
  std::string witness_;
};

// The proof, parsed and verified by the pure code against the digest the
// log holds: the text it shows.
std::string VerifiedText(const RedactionProofBundle& p, const std::string& digest_hex) {
  const auto proof = Must(redaction::ParseProof(p.proof));
  redaction::Hash expected{};
  const std::vector<uint8_t> raw = Unhex(digest_hex);
  EXPECT_EQ(raw.size(), expected.size());
  std::copy(raw.begin(), raw.end(), expected.begin());
  return Str(Must(redaction::VerifyProof(proof, expected)).text);
}

TEST_F(RedactionVault, IntakeAndAmendLogTheRedactionCommitmentSecond) {
  Vault v = tv_.Open();
  const std::string id = Add(v, kStatement);
  ASSERT_EQ(CreatingDigests(v, id, 1).size(), 2u);
  ASSERT_EQ(Must(v.AmendTestimony(id, Source(kStatement + " More."), Text("typo"), {})), 2u);
  const std::vector<std::string> d2 = CreatingDigests(v, id, 2);
  ASSERT_EQ(d2.size(), 2u);
  EXPECT_NE(d2[1], CreatingDigests(v, id, 1)[1]);  // a fresh secret per version

  const RedactionSummary s = Must(v.CreateRedaction(Hide(id, {Tokens(1, 2)})));
  EXPECT_EQ(s.version, 2u);
  EXPECT_TRUE(s.commitment_at_intake);
  EXPECT_EQ(Hex(s.commitment), d2[1]);
  const RedactionProofBundle p = Must(v.RedactionProof(s.id));
  EXPECT_EQ(VerifiedText(p, d2[1]), Str(p.redacted_text));
  // The event that holds the commitment is the amend.
  AuditFilter f;
  f.record = id;
  bool found = false;
  for (const AuditEvent& e : Must(v.AuditLog(f)))
    if (e.seq == s.commitment_seq) found = e.action == "testimony.amend";
  EXPECT_TRUE(found);
  EXPECT_TRUE(v.AuditVerify({}).ok());
}

TEST_F(RedactionVault, ByteRangesSnapToWholeTokensAndTheMarkHidesTheirLength) {
  Vault v = tv_.Open();
  const std::string id = Add(v, kStatement);
  const std::size_t dupont = kStatement.find("Dupont");
  const std::size_t karimova = kStatement.find("Karimova");
  // Two bytes inside each name: the whole word goes, with its space.
  const RedactionSummary s = Must(v.CreateRedaction(
      Hide(id, {Bytes(dupont + 2, dupont + 4), Bytes(karimova, karimova + 1)})));
  EXPECT_EQ(s.hidden, (std::vector<std::pair<uint32_t, uint32_t>>{{2, 3}, {10, 11}}));
  EXPECT_EQ(s.hidden_tokens, 2u);
  EXPECT_EQ(s.token_count, 12u);
  const Redaction r = Must(v.ShowRedaction(s.id));
  EXPECT_EQ(Str(r.redacted_text),
            "The officer \u2588\u2588\u2588\u2588\u2588 took me to the station.\nI saw "
            "\u2588\u2588\u2588\u2588\u2588 there.");
  EXPECT_EQ(Str(r.reason), "publication in the press");
  const RedactionProofBundle p = Must(v.RedactionProof(s.id));
  EXPECT_EQ(VerifiedText(p, CreatingDigests(v, id, 1)[1]), Str(r.redacted_text));

  // Neither hidden word nor its SHA-256 (raw or hex) is in the proof.
  const std::string proof(p.proof.begin(), p.proof.end());
  for (const std::string word : {"Dupont", "Karimova", "Dupont ", "Karimova "}) {
    EXPECT_EQ(proof.find(word), std::string::npos) << word;
    const auto h = crypto::Sha256({reinterpret_cast<const uint8_t*>(word.data()), word.size()});
    EXPECT_EQ(proof.find(std::string(h.begin(), h.end())), std::string::npos) << word;
    EXPECT_EQ(proof.find(Hex(h)), std::string::npos) << word;
  }
  const auto whole = crypto::Sha256(
      {reinterpret_cast<const uint8_t*>(kStatement.data()), kStatement.size()});
  EXPECT_EQ(proof.find(std::string(whole.begin(), whole.end())), std::string::npos);
  EXPECT_NE(proof.find("officer"), std::string::npos);  // revealed tokens are there

  const std::vector<RedactionSummary> all = Must(v.ListRedactions());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, s.id);
  EXPECT_EQ(Must(v.ListRedactions(id)).size(), 1u);
}

TEST_F(RedactionVault, AVersionWithoutCommitmentGetsOneLoggedAtItsFirstRedaction) {
  Vault v = tv_.Open();
  OmitRedactionCommitmentForTestsOnly(true);
  const std::string id = Add(v, kStatement);
  OmitRedactionCommitmentForTestsOnly(false);
  ASSERT_EQ(CreatingDigests(v, id, 1).size(), 1u);

  const RedactionSummary first = Must(v.CreateRedaction(Hide(id, {Tokens(0, 1)})));
  EXPECT_FALSE(first.commitment_at_intake);
  AuditFilter f;
  f.record = id;
  std::vector<AuditEvent> late;
  for (const AuditEvent& e : Must(v.AuditLog(f)))
    if (e.action == "testimony.redaction_commitment") late.push_back(e);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].seq, first.commitment_seq);
  EXPECT_EQ(late[0].object_id, id);
  EXPECT_EQ(late[0].object_version, 1u);
  ASSERT_EQ(late[0].digests.size(), 1u);
  EXPECT_EQ(late[0].digests[0], Hex(first.commitment));

  // A second redaction reuses the same commitment: no second late event.
  const RedactionSummary second = Must(v.CreateRedaction(Hide(id, {Tokens(3, 5)})));
  EXPECT_EQ(second.commitment_seq, first.commitment_seq);
  EXPECT_EQ(second.commitment, first.commitment);
  std::size_t count = 0;
  for (const AuditEvent& e : Must(v.AuditLog(f)))
    count += e.action == "testimony.redaction_commitment";
  EXPECT_EQ(count, 1u);
  const RedactionProofBundle p = Must(v.RedactionProof(second.id));
  EXPECT_EQ(VerifiedText(p, late[0].digests[0]), Str(p.redacted_text));
  // The version still opens and matches its statement commitment.
  const Testimony t = Must(v.GetTestimony(id, std::nullopt));
  EXPECT_EQ(std::string(t.statement.begin(), t.statement.end()), kStatement);
  EXPECT_TRUE(v.AuditVerify({}).ok());
}

TEST_F(RedactionVault, BadRequestsAreRefused) {
  Vault v = tv_.Open();
  const std::string id = Add(v, kStatement);
  auto code = [&](NewRedaction r) { return v.CreateRedaction(r).error().code; };
  EXPECT_EQ(code(Hide(id, {})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Hide(id, {Tokens(3, 3)})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Hide(id, {Tokens(11, 13)})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Hide(id, {Bytes(5, 5)})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Hide(id, {Bytes(0, kStatement.size() + 1)})), ErrorCode::kInvalidArgument);
  NewRedaction no_reason = Hide(id, {Tokens(0, 1)});
  no_reason.reason = Text("");
  EXPECT_EQ(code(no_reason), ErrorCode::kInvalidArgument);
  NewRedaction old = Hide(id, {Tokens(0, 1)});
  old.version = 2;
  EXPECT_EQ(code(old), ErrorCode::kNotFound);
  EXPECT_EQ(code(Hide(witness_, {Tokens(0, 1)})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(v.ShowRedaction("R-000000").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(v.ShowRedaction(id).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Must(v.ListRedactions()).empty());
}

TEST_F(RedactionVault, TextThatIsNotUtf8HasNoCommitmentAndCannotBeRedacted) {
  Vault v = tv_.Open();
  const std::string id = Add(v, std::string("caf\xE9 latin-1\n"));
  EXPECT_EQ(CreatingDigests(v, id, 1).size(), 1u);
  const auto r = v.CreateRedaction(Hide(id, {Bytes(0, 1)}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(r.error().message.find("caf"), std::string::npos);
  EXPECT_TRUE(v.AuditVerify({}).ok());
}

TEST_F(RedactionVault, ShredTakesTheRedactionsWithTheRecord) {
  std::string id;
  {
    Vault v = tv_.Open();
    id = Add(v, kStatement);
    const RedactionSummary s = Must(v.CreateRedaction(Hide(id, {Tokens(2, 3)})));
    Must(v.Shred(id, Text("witness asked"), false));
    EXPECT_TRUE(Must(v.ListRedactions()).empty());
    EXPECT_EQ(v.ShowRedaction(s.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(v.AuditVerify({}).ok());
  }
  RawVault raw = OpenRaw(tv_.dir(), tv_.passphrase());
  EXPECT_EQ(Must(raw.db.QueryInt("SELECT count(*) FROM redactions")), 0);
}

TEST_F(RedactionVault, ARedactionNamesItsTestimonyInTheLog) {
  Vault v = tv_.Open();
  const std::string id = Add(v, kStatement);
  const RedactionSummary s = Must(v.CreateRedaction(Hide(id, {Tokens(2, 3)})));
  AuditFilter f;
  f.record = id;
  bool add = false;
  for (const AuditEvent& e : Must(v.AuditLog(f))) {
    if (e.action != "redaction.add") continue;
    add = true;
    EXPECT_EQ(e.object_id, s.id);
    EXPECT_EQ(e.refs, (std::vector<std::string>{id, id + "@1"}));
    EXPECT_TRUE(e.reason.empty());  // sealed in the redaction, not in the log
  }
  EXPECT_TRUE(add);
}

}  // namespace
}  // namespace tvault::testing
