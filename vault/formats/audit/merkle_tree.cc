#include "audit/merkle_tree.h"

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

}  // namespace tvault::audit
