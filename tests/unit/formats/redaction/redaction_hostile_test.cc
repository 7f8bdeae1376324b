// Hostile redaction proofs: tampered, moved, swapped, truncated and
// non-canonical ones are refused; a proof never carries what it hides.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit/merkle.h"
#include "crypto/hash.h"
#include "redaction/commitment.h"
#include "redaction/redaction_proof.h"
#include "redaction_test_support.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

using namespace redaction;

const std::string kText =
    "On 3 May the police took Ahmet Yilmaz from his home in Qaraqash.\n"
    "His wife Leyla saw it from the window.\n";
// 21 tokens: 6-7 are "Ahmet Yilmaz", 15 is "Leyla".
const std::vector<TokenRange> kHidden = {{6, 8}, {15, 16}};

struct Fixture {
  SecretBytes secret = SecretBytes::Random(kSecretBytes);
  Hash commitment = Commit(kText, secret).value();
  RedactionProof proof = MakeProof(kText, secret, kHidden).value();
  PlainBytes bytes = SerializeProof(proof);
};

ErrorCode VerifyCode(std::span<const uint8_t> bytes, const Hash& commitment) {
  auto proof = ParseProof(bytes);
  if (!proof.ok()) return proof.error().code;
  auto shown = VerifyProof(*proof, commitment);
  return shown.ok() ? static_cast<ErrorCode>(-1) : shown.error().code;
}
constexpr auto kAccepted = static_cast<ErrorCode>(-1);

TEST(RedactionHostile, TheFixtureVerifies) {
  Fixture f;
  ASSERT_EQ(VerifyCode(f.bytes, f.commitment), kAccepted);
  auto shown = VerifyProof(f.proof, f.commitment).value();
  EXPECT_EQ(std::string(shown.text.data(), shown.text.size()),
            "On 3 May the police took \u2588\u2588\u2588\u2588\u2588 from his home in Qaraqash.\n"
            "His wife \u2588\u2588\u2588\u2588\u2588 saw it from the window.\n");
}

TEST(RedactionHostile, FlippingAnyRevealedCharacterFails) {
  Fixture f;
  // Every letter of every revealed token, changed to another letter.
  int tried = 0;
  for (const ProofRun& run : f.proof.runs) {
    for (uint32_t t = 0; t < run.tokens.size(); ++t) {
      for (std::size_t c = 0; c < run.tokens[t].bytes.size(); ++c) {
        RedactionProof p = f.proof;
        char& ch = p.runs[&run - f.proof.runs.data()].tokens[t].bytes[c];
        if (ch == ' ' || ch == '\n') continue;
        ch = ch == 'x' ? 'y' : 'x';
        EXPECT_EQ(VerifyCode(SerializeProof(p), f.commitment), ErrorCode::kIntegrity);
        ++tried;
      }
    }
  }
  EXPECT_GT(tried, 60);
}

TEST(RedactionHostile, FlippingAnyBitOfTheProofFails) {
  Fixture f;
  for (std::size_t i = 0; i < f.bytes.size(); ++i) {
    for (int bit : {0, 5}) {
      PlainBytes b = f.bytes;
      b[i] ^= static_cast<uint8_t>(1 << bit);
      const ErrorCode code = VerifyCode(b, f.commitment);
      ASSERT_NE(code, kAccepted) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(RedactionHostile, MovingAMarkFails) {
  Fixture f;
  // The mark moved one token to the left, the revealed "took " (token 5,
  // with its salt) moved behind it: "police █████ took from". The forger
  // has every revealed byte and salt; the leaf's index stops it.
  RedactionProof p = f.proof;
  ASSERT_EQ(p.runs[1].kind, RunKind::kHidden);
  ProofRun& before = p.runs[0];
  ProofRun& hidden = p.runs[1];
  RevealedToken moved = before.tokens.back();  // "took ", token 5
  before.tokens.pop_back();
  --before.count;
  hidden.first = 5;
  p.runs[2].tokens.insert(p.runs[2].tokens.begin(), moved);
  p.runs[2].first = 7;
  ++p.runs[2].count;
  hidden.cover.assign(CoverOf(p.token_count, {5, 7}).size(), Hash{});
  // Reuse the real cover hashes as far as the shape takes them.
  std::copy_n(f.proof.runs[1].cover.begin(),
              std::min(hidden.cover.size(), f.proof.runs[1].cover.size()), hidden.cover.begin());
  EXPECT_EQ(VerifyCode(SerializeProof(p), f.commitment), ErrorCode::kIntegrity);
}

TEST(RedactionHostile, SwappingTwoRevealedTokensFails) {
  Fixture f;
  RedactionProof p = f.proof;
  std::swap(p.runs[0].tokens[1], p.runs[0].tokens[2]);  // "3 " and "May "
  EXPECT_EQ(VerifyCode(SerializeProof(p), f.commitment), ErrorCode::kIntegrity);
  // Even with the salts left in place (only the words swapped).
  RedactionProof q = f.proof;
  std::swap(q.runs[0].tokens[1].bytes, q.runs[0].tokens[2].bytes);
  EXPECT_EQ(VerifyCode(SerializeProof(q), f.commitment), ErrorCode::kIntegrity);
}

TEST(RedactionHostile, ReorderedRunsFail) {
  Fixture f;
  RedactionProof p = f.proof;
  std::swap(p.runs[1], p.runs[3]);  // the two hidden runs trade places
  PlainBytes b = SerializeProof(p);
  EXPECT_EQ(VerifyCode(b, f.commitment), ErrorCode::kIntegrity);
}

TEST(RedactionHostile, AnotherVersionsProofOrCommitmentFails) {
  Fixture v1;
  // Version 2: the same text (an amendment that changed nothing would be
  // refused, but a second vault could hold it) under its own secret, and an
  // amended text.
  Fixture v2;
  ASSERT_NE(v1.commitment, v2.commitment);
  EXPECT_EQ(VerifyCode(v2.bytes, v1.commitment), ErrorCode::kIntegrity);
  EXPECT_EQ(VerifyCode(v1.bytes, v2.commitment), ErrorCode::kIntegrity);
  const std::string amended = kText + "She was also taken.\n";
  auto amended_proof = MakeProof(amended, v1.secret, kHidden).value();
  EXPECT_EQ(VerifyCode(SerializeProof(amended_proof), v1.commitment), ErrorCode::kIntegrity);
  // The stated commitment rewritten to the expected one changes nothing.
  amended_proof.commitment = v1.commitment;
  EXPECT_EQ(VerifyCode(SerializeProof(amended_proof), v1.commitment), ErrorCode::kIntegrity);
}

TEST(RedactionHostile, ChangingTheTokenCountFails) {
  // Four tokens, the last two hidden: their cover is the one node [2,4). A
  // forger claims three tokens, the node passed off as one hidden leaf. The
  // tree's root is the same (RFC 9162 shapes), so only the token count bound
  // into the commitment stops it.
  const std::string text = "Seen by Ahmet Yilmaz";
  const auto secret = SecretBytes::Random(kSecretBytes);
  const Hash commitment = Commit(text, secret).value();
  RedactionProof p = MakeProof(text, secret, std::vector<TokenRange>{{2, 4}}).value();
  ASSERT_EQ(p.runs[1].cover.size(), 1u);
  p.token_count = 3;
  p.runs[1].count = 1;
  p.commitment = commitment;

  // The root the forged proof rebuilds: NodeHash(NodeHash(l0, l1), node[2,4)).
  auto salts = DeriveSalts(secret, 0, 2).value();
  const Hash l0 = TokenLeafHash(0, salts.reveal().subspan(0, 32), "Seen ");
  const Hash l1 = TokenLeafHash(1, salts.reveal().subspan(32, 32), "by ");
  const Hash forged_root = audit::NodeHash(audit::NodeHash(l0, l1), p.runs[1].cover[0]);
  ASSERT_EQ(CommitmentOf(4, forged_root), commitment);  // the trees agree...
  EXPECT_EQ(VerifyCode(SerializeProof(p), commitment), ErrorCode::kIntegrity);  // ...n does not
}

TEST(RedactionHostile, EveryTruncationIsRefused) {
  Fixture f;
  for (std::size_t n = 0; n < f.bytes.size(); ++n) {
    auto r = ParseProof(std::span<const uint8_t>(f.bytes.data(), n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  }
}

TEST(RedactionHostile, TrailingBytesAreRefused) {
  Fixture f;
  PlainBytes b = f.bytes;
  b.push_back(0);
  EXPECT_FALSE(ParseProof(b).ok());
}

// Rewrites the proof's u32 at `offset`.
void PutU32(PlainBytes& b, std::size_t offset, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[offset + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
constexpr std::size_t kTokenCountAt = 10, kRunCountAt = 46, kFirstRunAt = 50;

TEST(RedactionHostile, HeaderFieldsOutOfRangeAreRefused) {
  Fixture f;
  PlainBytes version = f.bytes;
  version[9] = 2;
  auto r = ParseProof(version);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  PlainBytes magic = f.bytes;
  magic[0] = 'X';
  EXPECT_FALSE(ParseProof(magic).ok());
  for (uint32_t n : {0u, 20u, 22u, (1u << 23) + 1, 0xFFFFFFFFu}) {
    PlainBytes b = f.bytes;
    PutU32(b, kTokenCountAt, n);
    EXPECT_FALSE(ParseProof(b).ok()) << n;
  }
  for (uint32_t runs : {0u, 4u, 6u, 1000u, 0xFFFFFFFFu}) {
    PlainBytes b = f.bytes;
    PutU32(b, kRunCountAt, runs);
    EXPECT_FALSE(ParseProof(b).ok()) << runs;
  }
}

TEST(RedactionHostile, NonCanonicalRunsAreRefused) {
  Fixture f;
  ASSERT_EQ(f.proof.runs.size(), 5u);
  // A revealed run split in two: the same tokens, a second encoding.
  RedactionProof split = f.proof;
  ProofRun tail = split.runs[0];
  tail.tokens.erase(tail.tokens.begin(), tail.tokens.begin() + 2);
  tail.first = 2;
  tail.count -= 2;
  split.runs[0].tokens.resize(2);
  split.runs[0].count = 2;
  split.runs.insert(split.runs.begin() + 1, tail);
  EXPECT_FALSE(ParseProof(SerializeProof(split)).ok());
  // A hidden run split in two (each with its own cover).
  RedactionProof hidden_split = f.proof;
  ProofRun second = hidden_split.runs[1];
  hidden_split.runs[1].count = 1;
  hidden_split.runs[1].cover = {Hash{}};
  second.first = 7;
  second.count = 1;
  second.cover = {Hash{}};
  hidden_split.runs.insert(hidden_split.runs.begin() + 2, second);
  EXPECT_FALSE(ParseProof(SerializeProof(hidden_split)).ok());
  // Unknown kind, zero count.
  PlainBytes kind = f.bytes;
  kind[kFirstRunAt] = 3;
  EXPECT_FALSE(ParseProof(kind).ok());
  PlainBytes zero = f.bytes;
  PutU32(zero, kFirstRunAt + 1, 0);
  EXPECT_FALSE(ParseProof(zero).ok());
}

TEST(RedactionHostile, RevealedTokensThatCannotBeThereAreRefused) {
  Fixture f;
  const auto with_token = [&](const std::string& bytes) {
    RedactionProof p = f.proof;
    p.runs[0].tokens[2].bytes = PlainString(bytes.data(), bytes.size());
    return ParseProof(SerializeProof(p)).ok();
  };
  EXPECT_TRUE(with_token("June "));     // parses (and then fails to verify)
  EXPECT_FALSE(with_token("June"));     // not last: must end with whitespace
  EXPECT_FALSE(with_token("June 4 "));  // two words in one token
  EXPECT_FALSE(with_token(" June "));   // whitespace before the word
  EXPECT_FALSE(with_token("   "));      // whitespace alone, not token 0
  EXPECT_FALSE(with_token(""));
  EXPECT_FALSE(with_token("Jun\xC3 "));          // not UTF-8
  EXPECT_FALSE(with_token("Jun\xED\xA0\x80 "));  // a surrogate
}

TEST(RedactionHostile, MakeProofRefusesBadRanges) {
  const auto secret = SecretBytes::Random(kSecretBytes);
  const std::vector<std::vector<TokenRange>> bad = {
      {{3, 3}}, {{5, 4}}, {{20, 30}}, {{4, 6}, {5, 7}}, {{8, 9}, {2, 3}}};
  for (const auto& ranges : bad) {
    auto r = MakeProof(kText, secret, ranges);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(MakeProof("bad \xFF", secret, {}).ok());
  // Touching ranges make one run.
  const std::vector<TokenRange> touching = {{2, 4}, {4, 5}};
  EXPECT_EQ(MakeProof(kText, secret, touching)->runs.size(), 3u);
}

bool Contains(std::span<const uint8_t> hay, std::span<const uint8_t> needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(RedactionHostile, AProofHoldsNothingOfWhatItHides) {
  Fixture f;
  const PlainBytes& b = f.bytes;
  const auto sha = [](std::string_view s) { return crypto::Sha256(AsSpan(s)); };
  // The hidden words in any case, the hidden tokens as stored, their hashes.
  for (std::string_view word :
       {"Ahmet", "Yilmaz", "Leyla", "ahmet", "AHMET", "Ahmet Yilmaz ", "Leyla "}) {
    EXPECT_FALSE(Contains(b, AsSpan(word))) << word;
    EXPECT_FALSE(Contains(b, sha(word))) << word;
  }
  EXPECT_FALSE(Contains(b, sha(kText)));
  EXPECT_FALSE(Contains(b, f.secret.reveal()));
  // Every hidden token's salt is absent; every revealed one's is present.
  const auto tokens = Tokenize(kText).value();
  auto salts = DeriveSalts(f.secret, 0, static_cast<uint32_t>(tokens.size())).value();
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    const bool hidden = (i >= 6 && i < 8) || i == 15;
    EXPECT_EQ(Contains(b, salts.reveal().subspan(std::size_t{i} * 32, 32)), !hidden) << i;
  }
  // The sanity of the search itself: a revealed word is found.
  EXPECT_TRUE(Contains(b, AsSpan(std::string_view("Qaraqash"))));
}

}  // namespace
}  // namespace tvault::testing
