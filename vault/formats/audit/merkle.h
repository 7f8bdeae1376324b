// The RFC 9162 (RFC 6962) Merkle tree over SHA-256, as used by the audit log.
//
//   LeafHash(e)    = SHA-256(0x00 || e)
//   NodeHash(l, r) = SHA-256(0x01 || l || r)
//   MTH({})        = SHA-256("")
//   MTH(D[n])      = NodeHash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of
//                    two smaller than n
//
// Proofs follow RFC 9162 section 2.1.3 (inclusion) and 2.1.4 (consistency);
// docs/audit-merkle-notes.md states the edge cases exactly. Every function
// here works on leaf *hashes*: hashing entries is the caller's LeafHash call.
//
// Errors: kInvalidArgument for sizes or indices that cannot describe a proof
// (index >= size, size1 > size2, old_size > leaves); kIntegrity for a proof
// that does not verify. Nothing here is secret; all functions are pure and
// thread-safe, and a MerkleAccumulator may be shared only by copying it.
#ifndef TVAULT_AUDIT_MERKLE_H_
#define TVAULT_AUDIT_MERKLE_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/hash.h"
#include "vault/result.h"

namespace tvault::audit {

using Hash = crypto::Sha256Digest;

// Domain-separation prefixes of RFC 6962 section 2.1.
inline constexpr uint8_t kLeafHashPrefix = 0x00;
inline constexpr uint8_t kNodeHashPrefix = 0x01;

Hash LeafHash(std::span<const uint8_t> entry);
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree, SHA-256 of the empty string.
Hash EmptyRoot();

// MTH over the given leaf hashes (EmptyRoot() for none).
Hash RootOf(std::span<const Hash> leaf_hashes);

// The compact range [0, Size()) of an append-only tree: one subtree root per
// set bit of Size(), at most 64 hashes, so memory is O(log n) and Append is
// amortised one NodeHash. Copyable value type.
class MerkleAccumulator {
 public:
  // Appends one leaf hash. Aborts if Size() would overflow 2^64 - 1, which
  // no real log can reach.
  void Append(const Hash& leaf_hash);
  // MTH of everything appended so far; EmptyRoot() when empty.
  Hash Root() const;
  uint64_t Size() const { return size_; }

  // The compact range itself, for storage: the subtree roots, largest first.
  std::vector<Hash> Frontier() const;
  // Rebuilds an accumulator from Size() and Frontier(). kIntegrity unless
  // frontier has exactly one hash per set bit of size.
  static Result<MerkleAccumulator> FromFrontier(uint64_t size, std::span<const Hash> frontier);

 private:
  // subtrees_[0..count) are the perfect subtrees from left (largest) to
  // right (smallest); their sizes are the set bits of size_.
  std::array<Hash, 64> subtrees_{};
  int count_ = 0;
  uint64_t size_ = 0;
};

// The audit path for leaf `index` (RFC 9162 2.1.3.1), leaf nearest first.
// kInvalidArgument unless index < leaf_hashes.size().
Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, uint64_t index);

// RFC 9162 2.1.3.2. kInvalidArgument if index >= size; kIntegrity if the
// proof does not lead from leaf_hash to root.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root);

// The consistency proof from the first old_size leaves to all of them (RFC
// 9162 2.1.4.1). Empty when old_size is 0 or equals the size.
// kInvalidArgument if old_size > leaf_hashes.size().
Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t old_size);

// RFC 9162 2.1.4.2, plus the cases the RFC leaves to the caller:
//   size1 > size2            kInvalidArgument
//   size1 == size2           proof must be empty and root1 == root2 (and,
//                            for size 0, both equal EmptyRoot())
//   size1 == 0 < size2       proof must be empty and root1 == EmptyRoot();
//                            the empty tree is a prefix of every tree
//   0 < size1 < size2        the RFC algorithm
// Anything that does not verify is kIntegrity.
Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                         std::span<const Hash> proof);

// Multi-leaf inclusion proofs (docs/bundle-format.md section 7.4): for the
// strictly increasing leaf indices `indices` (non-empty, each < size) with
// their leaf hashes, `proof` holds the roots of the maximal subtrees of RFC
// 9162's recursion that contain none of them, left to right. kInvalidArgument
// for indices that are empty, unsorted, repeated or beyond the tree, or
// hashes not one per index; kIntegrity if a proof hash is missing or left
// over, or the rebuilt root differs.
Status VerifyMultiInclusion(uint64_t size, std::span<const uint64_t> indices,
                            std::span<const Hash> leaf_hashes, std::span<const Hash> proof,
                            const Hash& root);

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_MERKLE_H_
