#include "audit/merkle.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

namespace tvault::audit {
namespace {

Status ProofFails(const char* what) { return MakeError(ErrorCode::kIntegrity, what); }

// k of MTH: the largest power of two strictly smaller than n (n >= 2).
std::size_t SplitPoint(std::size_t n) { return std::bit_floor(n - 1); }

// MTH of a non-empty range. Recursion depth is log2(n); each node is hashed
// once, so the cost is n - 1 NodeHash calls.
Hash SubtreeRoot(std::span<const Hash> d) {
  if (d.size() == 1) return d[0];
  std::size_t k = SplitPoint(d.size());
  return NodeHash(SubtreeRoot(d.first(k)), SubtreeRoot(d.subspan(k)));
}

// PATH(m, D[n]) of RFC 9162 2.1.3.1.
void AppendPath(uint64_t m, std::span<const Hash> d, std::vector<Hash>& out) {
  if (d.size() <= 1) return;
  std::size_t k = SplitPoint(d.size());
  if (m < k) {
    AppendPath(m, d.first(k), out);
    out.push_back(SubtreeRoot(d.subspan(k)));
  } else {
    AppendPath(m - k, d.subspan(k), out);
    out.push_back(SubtreeRoot(d.first(k)));
  }
}

// SUBPROOF(m, D[n], b) of RFC 9162 2.1.4.1, for 0 < m <= n.
void AppendSubproof(uint64_t m, std::span<const Hash> d, bool b, std::vector<Hash>& out) {
  if (m == d.size()) {
    if (!b) out.push_back(SubtreeRoot(d));
    return;
  }
  std::size_t k = SplitPoint(d.size());
  if (m <= k) {
    AppendSubproof(m, d.first(k), b, out);
    out.push_back(SubtreeRoot(d.subspan(k)));
  } else {
    AppendSubproof(m - k, d.subspan(k), false, out);
    out.push_back(SubtreeRoot(d.first(k)));
  }
}

bool Lsb(uint64_t x) { return (x & 1) != 0; }

// The shared step of both verifiers: right-shift fn and sn until fn's low
// bit is set or fn reaches 0.
void ShiftToRightEdge(uint64_t& fn, uint64_t& sn) {
  while (!Lsb(fn) && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash LeafHash(std::span<const uint8_t> entry) {
  // Entries are small: hash them one-shot from a stack buffer when they fit
  // (the streaming hasher has a per-call setup cost that dominates here).
  uint8_t buf[512];
  if (entry.size() < sizeof buf) {
    buf[0] = kLeafHashPrefix;
    if (!entry.empty()) std::memcpy(buf + 1, entry.data(), entry.size());
    return crypto::Sha256({buf, entry.size() + 1});
  }
  crypto::Sha256Hasher h;
  const uint8_t prefix = kLeafHashPrefix;
  h.Update({&prefix, 1});
  h.Update(entry);
  return h.Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  // One contiguous buffer: a single one-shot SHA-256 call is the hot path of
  // the accumulator.
  uint8_t buf[1 + 2 * crypto::kSha256Bytes];
  buf[0] = kNodeHashPrefix;
  std::memcpy(buf + 1, left.data(), left.size());
  std::memcpy(buf + 1 + left.size(), right.data(), right.size());
  return crypto::Sha256(buf);
}

Hash EmptyRoot() {
  // The incremental hasher, because crypto::Sha256 hands an empty span's null
  // pointer to a libsodium function declared nonnull.
  return crypto::Sha256({});
}

Hash RootOf(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return EmptyRoot();
  return SubtreeRoot(leaf_hashes);
}

void MerkleAccumulator::Append(const Hash& leaf_hash) {
  if (size_ == UINT64_MAX) std::abort();  // 2^64 leaves: unreachable in practice
  // Each trailing one bit of size_ is a perfect subtree of the same height as
  // the new node: merge them, exactly like a binary increment's carries.
  Hash node = leaf_hash;
  for (uint64_t s = size_; Lsb(s); s >>= 1) node = NodeHash(subtrees_[--count_], node);
  subtrees_[count_++] = node;
  ++size_;
}

Hash MerkleAccumulator::Root() const {
  if (count_ == 0) return EmptyRoot();
  Hash root = subtrees_[count_ - 1];
  for (int i = count_ - 2; i >= 0; --i) root = NodeHash(subtrees_[i], root);
  return root;
}

Result<std::vector<Hash>> InclusionProof(std::span<const Hash> leaf_hashes, uint64_t index) {
  if (index >= leaf_hashes.size())
    return MakeError(ErrorCode::kInvalidArgument, "inclusion proof: leaf index out of range");
  std::vector<Hash> proof;
  AppendPath(index, leaf_hashes, proof);
  return proof;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root) {
  if (index >= size)
    return MakeError(ErrorCode::kInvalidArgument, "inclusion proof: leaf index out of range");
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return ProofFails("inclusion proof is too long");
    if (Lsb(fn) || fn == sn) {
      r = NodeHash(p, r);
      ShiftToRightEdge(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFails("inclusion proof is too short");
  if (r != root) return ProofFails("inclusion proof does not match the root");
  return OkStatus();
}

Result<std::vector<Hash>> ConsistencyProof(std::span<const Hash> leaf_hashes, uint64_t old_size) {
  if (old_size > leaf_hashes.size())
    return MakeError(ErrorCode::kInvalidArgument, "consistency proof: old size exceeds tree size");
  std::vector<Hash> proof;
  if (old_size > 0 && old_size < leaf_hashes.size())
    AppendSubproof(old_size, leaf_hashes, true, proof);
  return proof;
}

Status VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                         std::span<const Hash> proof) {
  if (size1 > size2)
    return MakeError(ErrorCode::kInvalidArgument, "consistency proof: size1 exceeds size2");
  if (size1 == 0 || size1 == size2) {
    if (!proof.empty()) return ProofFails("consistency proof must be empty for these sizes");
    if (size1 == 0 && root1 != EmptyRoot()) return ProofFails("root of an empty tree is wrong");
    if (size1 == size2 && root1 != root2) return ProofFails("equal sizes with different roots");
    return OkStatus();
  }
  if (proof.empty()) return ProofFails("consistency proof is empty");

  // When size1 is a power of two the old root is itself a node of the new
  // tree and the proof omits it (RFC 9162 2.1.4.2 step 2).
  const bool old_is_subtree = std::has_single_bit(size1);
  const Hash& seed = old_is_subtree ? root1 : proof[0];
  std::span<const Hash> rest = old_is_subtree ? proof : proof.subspan(1);

  uint64_t fn = size1 - 1, sn = size2 - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = seed, sr = seed;
  for (const Hash& c : rest) {
    if (sn == 0) return ProofFails("consistency proof is too long");
    if (Lsb(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftToRightEdge(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofFails("consistency proof is too short");
  if (fr != root1 || sr != root2) return ProofFails("consistency proof does not match the roots");
  return OkStatus();
}

std::vector<Hash> MerkleAccumulator::Frontier() const {
  return std::vector<Hash>(subtrees_.begin(), subtrees_.begin() + count_);
}

Result<MerkleAccumulator> MerkleAccumulator::FromFrontier(uint64_t size,
                                                          std::span<const Hash> frontier) {
  if (static_cast<std::size_t>(std::popcount(size)) != frontier.size()) {
    return MakeError(ErrorCode::kIntegrity, "audit tree state does not match its size");
  }
  MerkleAccumulator acc;
  std::copy(frontier.begin(), frontier.end(), acc.subtrees_.begin());
  acc.count_ = static_cast<int>(frontier.size());
  acc.size_ = size;
  return acc;
}

}  // namespace tvault::audit

namespace tvault::audit {
namespace {

// The indices of `indices` that lie in [lo, hi), which is a sub-span since
// they are sorted.
std::span<const uint64_t> Within(std::span<const uint64_t> indices, uint64_t lo, uint64_t hi) {
  auto first = std::lower_bound(indices.begin(), indices.end(), lo);
  auto last = std::lower_bound(first, indices.end(), hi);
  return indices.subspan(static_cast<std::size_t>(first - indices.begin()),
                         static_cast<std::size_t>(last - first));
}

// R(lo, hi) of section 7.4; `first` is the position in `indices` (and in
// `leaves`) of the first index inside [lo, hi), `next` the next unused
// proof hash. False if the proof runs out.
bool Rebuild(uint64_t lo, uint64_t hi, std::span<const uint64_t> indices, std::size_t first,
             std::span<const Hash> leaves, std::span<const Hash> proof, std::size_t& next,
             Hash& out) {
  std::span<const uint64_t> inside = Within(indices.subspan(first), lo, hi);
  if (inside.empty()) {
    if (next >= proof.size()) return false;
    out = proof[next++];
    return true;
  }
  if (hi - lo == 1) {
    out = leaves[first];
    return true;
  }
  const uint64_t k = SplitPoint(static_cast<std::size_t>(hi - lo));
  const std::size_t right_first =
      first + Within(indices.subspan(first), lo, lo + k).size();
  Hash left, right;
  if (!Rebuild(lo, lo + k, indices, first, leaves, proof, next, left)) return false;
  if (!Rebuild(lo + k, hi, indices, right_first, leaves, proof, next, right)) return false;
  out = NodeHash(left, right);
  return true;
}

}  // namespace

Status VerifyMultiInclusion(uint64_t size, std::span<const uint64_t> indices,
                            std::span<const Hash> leaf_hashes, std::span<const Hash> proof,
                            const Hash& root) {
  if (indices.empty() || indices.size() != leaf_hashes.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "a multi-leaf proof needs one hash per index");
  }
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= size || (i > 0 && indices[i] <= indices[i - 1])) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "multi-leaf proof indices must increase and lie inside the tree");
    }
  }
  std::size_t next = 0;
  Hash rebuilt{};
  if (!Rebuild(0, size, indices, 0, leaf_hashes, proof, next, rebuilt)) {
    return MakeError(ErrorCode::kIntegrity, "the multi-leaf proof is too short");
  }
  if (next != proof.size()) {
    return MakeError(ErrorCode::kIntegrity, "the multi-leaf proof has hashes left over");
  }
  if (rebuilt != root) {
    return MakeError(ErrorCode::kIntegrity, "the multi-leaf proof does not lead to the root");
  }
  return OkStatus();
}

}  // namespace tvault::audit
