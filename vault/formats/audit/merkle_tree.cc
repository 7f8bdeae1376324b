#include "audit/merkle_tree.h"

#include <algorithm>
#include <bit>

namespace tvault::audit {

MerkleTree::MerkleTree(std::vector<Hash> leaves) {
  if (leaves.empty()) return;
  levels_.push_back(std::move(leaves));
  while (levels_.back().size() > 1) {
    const std::vector<Hash>& below = levels_.back();
    std::vector<Hash> up;
    up.reserve((below.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < below.size(); i += 2) up.push_back(NodeHash(below[i], below[i + 1]));
    if (below.size() % 2 == 1) up.push_back(below.back());
    levels_.push_back(std::move(up));
  }
}

Hash MerkleTree::Root() const { return levels_.empty() ? EmptyRoot() : levels_.back()[0]; }

Result<std::vector<Hash>> MerkleTree::InclusionProof(uint64_t index) const {
  if (index >= size()) {
    return MakeError(ErrorCode::kInvalidArgument, "leaf index beyond the tree");
  }
  std::vector<Hash> proof;
  uint64_t i = index;
  for (std::size_t level = 0; level + 1 < levels_.size(); ++level) {
    const uint64_t sibling = i ^ 1;
    // An unpaired last node has no sibling at this level: nothing to add.
    if (sibling < levels_[level].size()) proof.push_back(levels_[level][sibling]);
    i /= 2;
  }
  return proof;
}

const Hash& MerkleTree::Node(uint64_t lo, uint64_t hi) const {
  // A range of the recursion is node lo >> level of its level, the level
  // being ceil(log2(hi - lo)) (see levels_).
  const int level = std::bit_width(hi - lo - 1);
  return levels_[static_cast<std::size_t>(level)][lo >> level];
}

void MerkleTree::Collect(uint64_t lo, uint64_t hi, std::span<const uint64_t> indices,
                         std::vector<Hash>& out) const {
  // `indices` are those inside [lo, hi).
  if (indices.empty()) {
    out.push_back(Node(lo, hi));
    return;
  }
  if (hi - lo == 1) return;
  const uint64_t k = std::bit_floor(hi - lo - 1);
  const auto split = std::lower_bound(indices.begin(), indices.end(), lo + k);
  const std::size_t left = static_cast<std::size_t>(split - indices.begin());
  Collect(lo, lo + k, indices.first(left), out);
  Collect(lo + k, hi, indices.subspan(left), out);
}

Result<std::vector<Hash>> MerkleTree::MultiInclusionProof(std::span<const uint64_t> indices) const {
  if (indices.empty()) return MakeError(ErrorCode::kInvalidArgument, "no leaf to prove");
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= size() || (i > 0 && indices[i] <= indices[i - 1])) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "leaf indices must increase and lie inside the tree");
    }
  }
  std::vector<Hash> proof;
  Collect(0, size(), indices, proof);
  return proof;
}

void MerkleTree::SubProof(uint64_t m, uint64_t lo, uint64_t hi, bool b,
                          std::vector<Hash>& out) const {
  const uint64_t n = hi - lo;
  if (m == n) {
    if (!b) out.push_back(Node(lo, hi));
    return;
  }
  const uint64_t k = std::bit_floor(n - 1);
  if (m <= k) {
    SubProof(m, lo, lo + k, b, out);
    out.push_back(Node(lo + k, hi));
  } else {
    SubProof(m - k, lo + k, hi, false, out);
    out.push_back(Node(lo, lo + k));
  }
}

Result<std::vector<Hash>> MerkleTree::ConsistencyProof(uint64_t old_size) const {
  if (old_size == 0 || old_size > size()) {
    return MakeError(ErrorCode::kInvalidArgument, "a consistency proof needs 0 < old size <= size");
  }
  std::vector<Hash> proof;
  SubProof(old_size, 0, size(), true, proof);
  return proof;
}

}  // namespace tvault::audit
