// The in-memory tree gives the same roots and proofs as the RFC 9162
// recursive definitions in merkle.h, at every size and index up to 200
// (sampled sizes under the sanitizers, support/sweep.h).
#include <gtest/gtest.h>

#include "audit/merkle_tree.h"
#include "support/sweep.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

TEST(MerkleTree, AgreesWithRecursiveDefinitions) {
  std::vector<audit::Hash> leaves;
  for (int n = 0; n <= 200; ++n) {
    if (!InSweep(static_cast<std::size_t>(n), 201)) {
      const std::string s = std::to_string(n);
      leaves.push_back(audit::LeafHash({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
      continue;
    }
    audit::MerkleTree tree(leaves);
    ASSERT_EQ(Hex(tree.Root()), Hex(audit::RootOf(leaves))) << n;
    for (int i = 0; i < n; ++i) {
      auto mine = Must(tree.InclusionProof(static_cast<uint64_t>(i)));
      auto reference = Must(audit::InclusionProof(leaves, static_cast<uint64_t>(i)));
      ASSERT_EQ(mine.size(), reference.size()) << n << "/" << i;
      for (std::size_t k = 0; k < mine.size(); ++k) ASSERT_EQ(Hex(mine[k]), Hex(reference[k]));
      MustOk(audit::VerifyInclusion(static_cast<uint64_t>(i), static_cast<uint64_t>(n),
                                    leaves[static_cast<std::size_t>(i)], mine, tree.Root()));
    }
    EXPECT_FALSE(tree.InclusionProof(static_cast<uint64_t>(n)).ok());
    const std::string s = std::to_string(n);
    leaves.push_back(audit::LeafHash({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
  }
}

// Consistency proofs from every old size to every size up to 100 (sampled
// under the sanitizers): the same hashes as merkle.h's recursive
// ConsistencyProof, and each verifies against the two roots.
TEST(MerkleTree, ConsistencyAgreesWithRecursiveDefinition) {
  std::vector<audit::Hash> leaves;
  for (int n = 1; n <= 100; ++n) {
    const std::string s = std::to_string(n);
    leaves.push_back(audit::LeafHash({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
    if (!InSweep(static_cast<std::size_t>(n), 101)) continue;
    audit::MerkleTree tree(leaves);
    for (int m = 1; m <= n; ++m) {
      auto mine = Must(tree.ConsistencyProof(static_cast<uint64_t>(m)));
      auto reference = Must(audit::ConsistencyProof(leaves, static_cast<uint64_t>(m)));
      ASSERT_EQ(mine.size(), reference.size()) << m << " to " << n;
      for (std::size_t k = 0; k < mine.size(); ++k) ASSERT_EQ(Hex(mine[k]), Hex(reference[k]));
      const std::span<const audit::Hash> old_leaves(leaves.data(), static_cast<std::size_t>(m));
      MustOk(audit::VerifyConsistency(static_cast<uint64_t>(m), static_cast<uint64_t>(n),
                                      audit::RootOf(old_leaves), tree.Root(), mine));
    }
    EXPECT_FALSE(tree.ConsistencyProof(0).ok());
    EXPECT_FALSE(tree.ConsistencyProof(static_cast<uint64_t>(n) + 1).ok());
  }
}

}  // namespace
}  // namespace tvault::testing
