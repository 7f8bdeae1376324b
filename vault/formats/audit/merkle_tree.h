// A whole RFC 9162 Merkle tree kept in memory (about 2n hashes), for
// producing many inclusion proofs at once (custody excerpts of every record
// of a large export). Each proof is O(log n). Equivalent to RootOf and
// InclusionProof of merkle.h, which the tests check.
#ifndef TVAULT_AUDIT_MERKLE_TREE_H_
#define TVAULT_AUDIT_MERKLE_TREE_H_

#include <span>
#include <vector>

#include "audit/merkle.h"

namespace tvault::audit {

class MerkleTree {
 public:
  explicit MerkleTree(std::vector<Hash> leaf_hashes);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  Hash Root() const;
  // kInvalidArgument unless index < size().
  Result<std::vector<Hash>> InclusionProof(uint64_t index) const;
  // The multi-leaf proof of merkle.h's VerifyMultiInclusion for strictly
  // increasing `indices` (non-empty, each < size()); kInvalidArgument otherwise.
  Result<std::vector<Hash>> MultiInclusionProof(std::span<const uint64_t> indices) const;
  // The RFC 9162 consistency proof from the first `old_size` leaves to the
  // whole tree, as merkle.h's ConsistencyProof gives it (empty when
  // old_size == size()); kInvalidArgument unless 0 < old_size <= size().
  Result<std::vector<Hash>> ConsistencyProof(uint64_t old_size) const;

 private:
  // levels_[0] are the leaves; levels_[k+1][i] = NodeHash(levels_[k][2i],
  // levels_[k][2i+1]), and an unpaired last node moves up unchanged, which
  // is exactly RFC 9162's split at the largest power of two.
  std::vector<std::vector<Hash>> levels_;
  // MTH(D[lo:hi]) for a range of RFC 9162's recursion.
  const Hash& Node(uint64_t lo, uint64_t hi) const;
  void Collect(uint64_t lo, uint64_t hi, std::span<const uint64_t> indices,
               std::vector<Hash>& out) const;
  // RFC 9162 section 2.1.4.1's SUBPROOF(m, D[lo:hi], b).
  void SubProof(uint64_t m, uint64_t lo, uint64_t hi, bool b, std::vector<Hash>& out) const;
};

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_MERKLE_TREE_H_
