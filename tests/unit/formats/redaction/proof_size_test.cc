// ProofSize (vault/formats/redaction/redaction_proof.h), which
// CreateRedaction uses to refuse a redaction whose proof no bundle may carry:
// it equals the size of the serialised proof, for random texts and random
// sets of hidden runs, the empty set and the whole text included.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "redaction/commitment.h"
#include "redaction/redaction_proof.h"

namespace tvault::testing {
namespace {

using namespace redaction;

TEST(RedactionProofSize, EqualsTheSerialisedProofsSize) {
  std::mt19937 rng(20261207);
  const std::vector<std::string> words = {"a", "officer", "Dupont", "\u00e9t\u00e9", "\u0626\u06c7",
                                          "2018", "x\u200by"};
  const std::vector<std::string> gaps = {" ", "\n", "  ", "\u00a0", "\t\n"};
  const auto secret = NewRedactionSecret();
  for (int round = 0; round < 200; ++round) {
    std::string text = rng() % 4 == 0 ? " " : "";
    const int count = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < count; ++i) {
      text += words[rng() % words.size()];
      if (i + 1 < count || rng() % 2 == 0) text += gaps[rng() % gaps.size()];
    }
    const auto tokens = Tokenize(text).value();
    const auto n = static_cast<uint32_t>(tokens.size());
    std::vector<TokenRange> hidden;
    for (uint32_t i = 0; i < n;) {
      const uint32_t len = 1 + static_cast<uint32_t>(rng() % 4);
      const uint32_t end = std::min(n, i + len);
      if (rng() % 3 == 0) hidden.push_back({i, end});
      i = end + (rng() % 2);  // sometimes two hidden runs touch: MakeProof merges them
    }
    if (round == 0) hidden = {{0, n}};
    if (round == 1) hidden.clear();
    // Touching runs are one run in the proof: merge them as MakeProof does.
    std::vector<TokenRange> merged;
    for (const TokenRange& h : hidden) {
      if (!merged.empty() && merged.back().end == h.first) {
        merged.back().end = h.end;
      } else {
        merged.push_back(h);
      }
    }
    auto proof = MakeProof(text, secret, merged);
    ASSERT_TRUE(proof.ok()) << proof.error().message;
    EXPECT_EQ(ProofSize(tokens, merged), SerializeProof(*proof).size()) << "round " << round;
  }
}

}  // namespace
}  // namespace tvault::testing
