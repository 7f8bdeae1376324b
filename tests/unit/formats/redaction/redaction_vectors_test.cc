// Known answers (tests/data/redaction/vectors.txt) and round trips of
// docs/redaction-format.md: salts, leaves, the commitment, the exact proof
// bytes, and the redacted text.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "audit/merkle.h"
#include "redaction/commitment.h"
#include "redaction/redaction_proof.h"
#include "redaction_test_support.h"

namespace tvault::testing {
namespace {

using namespace redaction;

TEST(RedactionVectors, CommitMatchesTheKnownAnswers) {
  for (const auto& v : RedactionVectors()) {
    SCOPED_TRACE(v.name);
    auto c = Commit(v.text, v.Secret());
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(Hex(*c), v.commitment);
    EXPECT_EQ(Hex(CommitmentOf(v.tokens, ToRedactionHash(v.root))), v.commitment);
    EXPECT_EQ(Tokenize(v.text)->size(), v.tokens);
  }
}

TEST(RedactionVectors, SaltsAndLeavesMatchTheKnownAnswers) {
  for (const auto& v : RedactionVectors()) {
    if (v.tokens == 0) continue;
    SCOPED_TRACE(v.name);
    auto salts = DeriveSalts(v.Secret(), 0, 1);
    ASSERT_TRUE(salts.ok());
    EXPECT_EQ(Hex(salts->reveal()), v.salt0);
    if (v.tokens > 1) {
      // The second half of pair 0, alone and after the first.
      EXPECT_EQ(Hex(DeriveSalts(v.Secret(), 1, 1)->reveal()), v.salt1);
      EXPECT_EQ(Hex(DeriveSalts(v.Secret(), 0, 2)->reveal()), v.salt0 + v.salt1);
    }
    const TokenSpan first = Tokenize(v.text)->front();
    EXPECT_EQ(Hex(TokenLeafHash(0, salts->reveal(), v.text.substr(first.offset, first.length))),
              v.leaf0);
  }
}

TEST(RedactionVectors, SaltsOfARangeAreTheSaltsAtThoseIndices) {
  const auto secret = SecretBytes::CopyOf(Unhex(std::string(64, '5')));
  auto all = DeriveSalts(secret, 0, 10).value();
  auto some = DeriveSalts(secret, 7, 3).value();
  EXPECT_EQ(Hex(some.reveal()), Hex(all.reveal().subspan(7 * 32)));
  EXPECT_FALSE(DeriveSalts(SecretBytes::Random(16), 0, 1).ok());
  EXPECT_FALSE(Commit("text", SecretBytes::Random(31)).ok());
}

TEST(RedactionVectors, MakeProofWritesTheKnownBytes) {
  for (const auto& v : RedactionVectors()) {
    SCOPED_TRACE(v.name);
    auto proof = MakeProof(v.text, v.Secret(), v.hidden);
    ASSERT_TRUE(proof.ok()) << proof.error().message;
    const PlainBytes bytes = SerializeProof(*proof);
    EXPECT_EQ(Hex(bytes), Hex(v.proof));
  }
}

TEST(RedactionVectors, VerifyShowsTheKnownRedactedText) {
  for (const auto& v : RedactionVectors()) {
    SCOPED_TRACE(v.name);
    auto proof = ParseProof(v.proof);
    ASSERT_TRUE(proof.ok()) << proof.error().message;
    auto shown = VerifyProof(*proof, ToRedactionHash(v.commitment));
    ASSERT_TRUE(shown.ok()) << shown.error().message;
    EXPECT_EQ(AsString(AsBytes(shown->text)), v.redacted);
    EXPECT_EQ(shown->token_count, v.tokens);
    EXPECT_EQ(shown->hidden, v.hidden);
  }
}

TEST(RedactionVectors, SerializeOfParseIsTheInput) {
  for (const auto& v : RedactionVectors()) {
    auto proof = ParseProof(v.proof);
    ASSERT_TRUE(proof.ok()) << v.name;
    const PlainBytes again = SerializeProof(*proof);
    EXPECT_EQ(Hex(again), Hex(v.proof)) << v.name;
  }
}

TEST(RedactionVectors, NothingHiddenShowsTheWholeText) {
  for (const auto& v : RedactionVectors()) {
    SCOPED_TRACE(v.name);
    auto proof = MakeProof(v.text, v.Secret(), {});
    ASSERT_TRUE(proof.ok());
    auto shown =
        VerifyProof(ParseProof(SerializeProof(*proof)).value(), ToRedactionHash(v.commitment));
    ASSERT_TRUE(shown.ok());
    EXPECT_EQ(AsString(AsBytes(shown->text)), v.text);
    EXPECT_TRUE(shown->hidden.empty());
  }
}

TEST(RedactionVectors, EmptyTextCommitsToTheEmptyTree) {
  const auto empty = CommitmentOf(0, audit::EmptyRoot());
  EXPECT_EQ(Commit("", SecretBytes::Random(32)).value(), empty);
  EXPECT_EQ(Hex(empty), VectorNamed(RedactionVectors(), "empty").commitment);
}

TEST(RedactionVectors, CoverIsTheMaximalSubtreesInsideTheRun) {
  // Tree of 7 leaves: [0,4) [4,6) [6,7); a run of all of them is the root.
  EXPECT_EQ(CoverOf(7, {0, 7}), (std::vector<TokenRange>{{0, 7}}));
  EXPECT_EQ(CoverOf(7, {0, 6}), (std::vector<TokenRange>{{0, 4}, {4, 6}}));
  EXPECT_EQ(CoverOf(7, {1, 6}), (std::vector<TokenRange>{{1, 2}, {2, 4}, {4, 6}}));
  EXPECT_EQ(CoverOf(7, {3, 4}), (std::vector<TokenRange>{{3, 4}}));
  EXPECT_EQ(CoverOf(8, {0, 8}), (std::vector<TokenRange>{{0, 8}}));
  // A run of 2^20 tokens inside 2^23 costs a handful of hashes, not 2^20.
  EXPECT_LE(CoverOf(1u << 23, {12345, 12345 + (1u << 20)}).size(), 46u);
}

TEST(RedactionVectors, ByteRangesThroughToAProof) {
  const auto all = RedactionVectors();
  const auto& v = VectorNamed(all, "french_nbsp");
  const auto tokens = Tokenize(v.text).value();
  const std::size_t at = v.text.find("Dupont");
  const std::vector<ByteRange> ranges = {{at, at + 6}};
  auto hidden = TokenRangesForBytes(tokens, v.text.size(), ranges);
  ASSERT_TRUE(hidden.ok()) << hidden.error().message;
  EXPECT_EQ(*hidden, v.hidden);
  auto proof = MakeProof(v.text, v.Secret(), *hidden);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(Hex(SerializeProof(*proof)), Hex(v.proof));
}

}  // namespace
}  // namespace tvault::testing

namespace tvault::testing {
namespace {

using namespace redaction;

// Random texts over words, ASCII and Unicode whitespace, with random hidden
// ranges: the proof round-trips, verifies against Commit, and shows each
// revealed token verbatim and each hidden run as one mark.
TEST(RedactionRoundTrip, RandomTextsAndRanges) {
  std::mt19937 rng(20261207);
  const std::vector<std::string> pieces = {
      "a",  "word", "\u00e9t\u00e9", "\u738b", "x.y",    " ",      "  ",
      "\n", "\t",   "\r\n",          "\u00a0", "\u3000", "\u2028", "\u202f"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n_pieces = static_cast<int>(rng() % 40);
    for (int i = 0; i < n_pieces; ++i) text += pieces[rng() % pieces.size()];
    const auto tokens = Tokenize(text).value();
    const auto n = static_cast<uint32_t>(tokens.size());
    std::vector<TokenRange> hidden;
    for (uint32_t i = 0; i < n;) {
      const uint32_t len = 1 + rng() % 4;
      if (rng() % 2 == 0) hidden.push_back({i, std::min(n, i + len)});
      i += len + 1;
    }
    const auto secret = SecretBytes::Random(kSecretBytes);
    const Hash commitment = Commit(text, secret).value();
    const PlainBytes bytes = SerializeProof(MakeProof(text, secret, hidden).value());
    auto parsed = ParseProof(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(Hex(SerializeProof(*parsed)), Hex(bytes));
    auto shown = VerifyProof(*parsed, commitment);
    ASSERT_TRUE(shown.ok()) << shown.error().message;

    std::string expected;
    std::size_t next = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const bool is_hidden = next < hidden.size() && i >= hidden[next].first;
      if (!is_hidden) {
        expected += text.substr(tokens[i].offset, tokens[i].length);
        continue;
      }
      if (i + 1 == hidden[next].end) {
        expected += std::string(kMark) + (i + 1 < n ? " " : "");
        ++next;
      }
    }
    EXPECT_EQ(std::string(shown->text.data(), shown->text.size()), expected) << round;
    EXPECT_EQ(shown->hidden, hidden);
  }
}

}  // namespace
}  // namespace tvault::testing
