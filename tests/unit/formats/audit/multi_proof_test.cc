// Multi-leaf inclusion proofs (docs/bundle-format.md section 7.4): the tree's
// proof equals the definition P(lo, hi) computed here from RootOf over
// sub-ranges, verifies, and every alteration of proof, leaves or indices is
// refused.
#include <gtest/gtest.h>

#include <bit>
#include <random>

#include "audit/merkle_tree.h"
#include "support/sweep.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

std::vector<audit::Hash> Leaves(std::size_t n) {
  std::vector<audit::Hash> leaves;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string s = "leaf " + std::to_string(i);
    leaves.push_back(audit::LeafHash({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
  }
  return leaves;
}

// P(lo, hi), written from the spec's text.
void Definition(const std::vector<audit::Hash>& d, uint64_t lo, uint64_t hi,
                const std::vector<uint64_t>& s, std::vector<audit::Hash>& out) {
  bool any = false;
  for (uint64_t i : s) any = any || (lo <= i && i < hi);
  if (!any) {
    out.push_back(audit::RootOf(std::span(d).subspan(lo, hi - lo)));
    return;
  }
  if (hi - lo == 1) return;
  uint64_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  Definition(d, lo, lo + k, s, out);
  Definition(d, lo + k, hi, s, out);
}

std::vector<audit::Hash> LeavesAt(const std::vector<audit::Hash>& d, const std::vector<uint64_t>& s) {
  std::vector<audit::Hash> out;
  for (uint64_t i : s) out.push_back(d[i]);
  return out;
}

TEST(MultiProof, EqualsTheDefinitionAndVerifies) {
  std::mt19937_64 rng(7);
  for (std::size_t n = 1; n <= 70; ++n) {
    if (!InSweep(n, 71)) continue;
    const std::vector<audit::Hash> d = Leaves(n);
    audit::MerkleTree tree(d);
    for (int trial = 0; trial < 12; ++trial) {
      std::vector<uint64_t> s;
      for (uint64_t i = 0; i < n; ++i)
        if (rng() % 4 == 0 || (trial == 0 && i == n - 1)) s.push_back(i);
      if (s.empty()) s.push_back(rng() % n);
      std::vector<audit::Hash> expected;
      Definition(d, 0, n, s, expected);
      std::vector<audit::Hash> proof = Must(tree.MultiInclusionProof(s));
      ASSERT_EQ(proof.size(), expected.size()) << n;
      for (std::size_t i = 0; i < proof.size(); ++i) ASSERT_EQ(Hex(proof[i]), Hex(expected[i]));
      EXPECT_LE(proof.size(), s.size() * static_cast<std::size_t>(std::bit_width(n - 1)));
      MustOk(audit::VerifyMultiInclusion(n, s, LeavesAt(d, s), proof, tree.Root()));
    }
  }
}

TEST(MultiProof, OneLeafHoldsTheAuditPathsHashesInTreeOrder) {
  const std::vector<audit::Hash> d = Leaves(23);
  audit::MerkleTree tree(d);
  for (uint64_t i = 0; i < 23; ++i) {
    std::vector<audit::Hash> path = Must(tree.InclusionProof(i));
    std::vector<audit::Hash> multi = Must(tree.MultiInclusionProof(std::vector<uint64_t>{i}));
    ASSERT_EQ(path.size(), multi.size());
    std::vector<std::string> a, b;
    for (const auto& h : path) a.push_back(Hex(h));
    for (const auto& h : multi) b.push_back(Hex(h));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << i;
  }
}

TEST(MultiProof, AClusterSharesItsNodes) {
  // 1,000 consecutive leaves of a 40,000-leaf log: a handful of hashes, not
  // 1,000 audit paths of 16.
  const std::vector<audit::Hash> d = Leaves(40000);
  audit::MerkleTree tree(d);
  std::vector<uint64_t> s;
  for (uint64_t i = 12345; i < 13345; ++i) s.push_back(i);
  std::vector<audit::Hash> proof = Must(tree.MultiInclusionProof(s));
  EXPECT_LE(proof.size(), 2u * 16u);
  MustOk(audit::VerifyMultiInclusion(40000, s, LeavesAt(d, s), proof, tree.Root()));
}

TEST(MultiProof, EveryAlterationIsRefused) {
  const std::vector<audit::Hash> d = Leaves(37);
  audit::MerkleTree tree(d);
  const std::vector<uint64_t> s = {2, 3, 17, 30};
  const std::vector<audit::Hash> leaves = LeavesAt(d, s);
  const std::vector<audit::Hash> proof = Must(tree.MultiInclusionProof(s));
  const audit::Hash root = tree.Root();
  MustOk(audit::VerifyMultiInclusion(37, s, leaves, proof, root));
  for (std::size_t i = 0; i < proof.size(); ++i) {
    auto bad = proof;
    bad[i][5] ^= 1;
    EXPECT_EQ(audit::VerifyMultiInclusion(37, s, leaves, bad, root).error().code, ErrorCode::kIntegrity);
  }
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    auto bad = leaves;
    bad[i][0] ^= 1;
    EXPECT_EQ(audit::VerifyMultiInclusion(37, s, bad, proof, root).error().code, ErrorCode::kIntegrity);
  }
  auto shorter = proof;
  shorter.pop_back();
  EXPECT_EQ(audit::VerifyMultiInclusion(37, s, leaves, shorter, root).error().code, ErrorCode::kIntegrity);
  auto longer = proof;
  longer.push_back(root);
  EXPECT_EQ(audit::VerifyMultiInclusion(37, s, leaves, longer, root).error().code, ErrorCode::kIntegrity);
  // The same leaves claimed at other places, or in another tree size.
  EXPECT_FALSE(audit::VerifyMultiInclusion(37, std::vector<uint64_t>{2, 3, 17, 31}, leaves, proof, root).ok());
  // A size that changes the tree's shape around the proven leaves. (A size
  // that only changes a subtree holding none of them leaves the computation
  // as it is, as for RFC 9162's single proofs: the size is the signed
  // checkpoint's, never the proof's.)
  EXPECT_FALSE(audit::VerifyMultiInclusion(31, s, leaves, proof, root).ok());
  // Two leaves swapped.
  auto swapped = leaves;
  std::swap(swapped[0], swapped[1]);
  EXPECT_FALSE(audit::VerifyMultiInclusion(37, s, swapped, proof, root).ok());
  // Malformed index lists.
  EXPECT_EQ(audit::VerifyMultiInclusion(37, std::vector<uint64_t>{3, 2, 17, 30}, leaves, proof, root).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(audit::VerifyMultiInclusion(37, std::vector<uint64_t>{2, 2, 17, 30}, leaves, proof, root).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(audit::VerifyMultiInclusion(37, std::vector<uint64_t>{2, 3, 17, 37}, leaves, proof, root).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(audit::VerifyMultiInclusion(37, {}, {}, proof, root).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(tree.MultiInclusionProof(std::vector<uint64_t>{}).ok());
  EXPECT_FALSE(tree.MultiInclusionProof(std::vector<uint64_t>{5, 5}).ok());
  EXPECT_FALSE(tree.MultiInclusionProof(std::vector<uint64_t>{37}).ok());
}

}  // namespace
}  // namespace tvault::testing
