#include "redaction/redaction_proof.h"

#include <algorithm>
#include <bit>

#include "audit/merkle.h"
#include "redaction/commitment.h"

namespace tvault::redaction {
namespace {

// k of RFC 9162: the largest power of two smaller than size (size >= 2).
uint32_t SplitOf(uint32_t size) { return std::bit_floor(size - 1); }

void Cover(uint32_t lo, uint32_t hi, TokenRange h, std::vector<TokenRange>& out) {
  if (hi <= h.first || h.end <= lo) return;
  if (h.first <= lo && hi <= h.end) {
    out.push_back({lo, hi});
    return;
  }
  const uint32_t k = SplitOf(hi - lo);
  Cover(lo, lo + k, h, out);
  Cover(lo + k, hi, h, out);
}

Status CheckHidden(uint32_t token_count, std::span<const TokenRange> hidden) {
  uint32_t previous_end = 0;
  for (const TokenRange& r : hidden) {
    if (r.first >= r.end || r.end > token_count || r.first < previous_end)
      return MakeError(
          ErrorCode::kInvalidArgument,
          "hidden token ranges must be non-empty, in order, disjoint and within the text");
    previous_end = r.end;
  }
  return OkStatus();
}

// Runs of the proof: the hidden ranges (touching ones merged) and the gaps
// between them.
std::vector<ProofRun> RunSkeleton(uint32_t token_count, std::span<const TokenRange> hidden) {
  std::vector<ProofRun> runs;
  uint32_t pos = 0;
  auto add = [&](RunKind kind, uint32_t end) {
    if (!runs.empty() && runs.back().kind == kind) {
      runs.back().count = end - runs.back().first;
    } else {
      ProofRun run;
      run.kind = kind;
      run.first = pos;
      run.count = end - pos;
      runs.push_back(std::move(run));
    }
    pos = end;
  };
  for (const TokenRange& r : hidden) {
    if (r.first > pos) add(RunKind::kRevealed, r.first);
    add(RunKind::kHidden, r.end);
  }
  if (pos < token_count) add(RunKind::kRevealed, token_count);
  return runs;
}

// R(lo, hi) of section 4 over the runs of a parsed proof.
class RootBuilder {
 public:
  explicit RootBuilder(const RedactionProof& proof)
      : proof_(proof), next_cover_(proof.runs.size(), 0) {}

  Hash Build(uint32_t lo, uint32_t hi) {
    const std::size_t r = RunOf(lo);
    const ProofRun& run = proof_.runs[r];
    if (run.kind == RunKind::kHidden && hi <= run.first + run.count) {
      // ParseProof sized each cover by CoverOf, which this walk mirrors; a
      // hand-built proof may not have, hence the check.
      if (next_cover_[r] >= run.cover.size()) {
        short_cover_ = true;
        return Hash{};
      }
      return run.cover[next_cover_[r]++];
    }
    if (hi - lo == 1) {
      const RevealedToken& t = run.tokens[lo - run.first];
      return TokenLeafHash(lo, t.salt, {t.bytes.data(), t.bytes.size()});
    }
    const uint32_t k = SplitOf(hi - lo);
    const Hash left = Build(lo, lo + k);
    return audit::NodeHash(left, Build(lo + k, hi));
  }

  bool AllCoversUsed() const {
    if (short_cover_) return false;
    for (std::size_t r = 0; r < proof_.runs.size(); ++r)
      if (proof_.runs[r].kind == RunKind::kHidden && next_cover_[r] != proof_.runs[r].cover.size())
        return false;
    return true;
  }

 private:
  std::size_t RunOf(uint32_t token) const {
    auto it = std::upper_bound(proof_.runs.begin(), proof_.runs.end(), token,
                               [](uint32_t t, const ProofRun& run) { return t < run.first; });
    return static_cast<std::size_t>(it - proof_.runs.begin()) - 1;
  }

  const RedactionProof& proof_;
  std::vector<std::size_t> next_cover_;
  bool short_cover_ = false;
};

// The structure VerifyProof walks: runs that tile [0, n) with the sizes
// they claim. ParseProof guarantees it; a hand-built proof is checked.
bool RunsTile(const RedactionProof& proof) {
  uint32_t pos = 0;
  for (const ProofRun& run : proof.runs) {
    if (run.first != pos || run.count == 0 || run.count > proof.token_count - pos) return false;
    if (run.kind == RunKind::kRevealed && run.tokens.size() != run.count) return false;
    pos += run.count;
  }
  return pos == proof.token_count;
}

Error Mismatch() {
  return MakeError(ErrorCode::kIntegrity, "the redaction proof does not match the commitment");
}

}  // namespace

uint64_t ProofSize(std::span<const TokenSpan> tokens, std::span<const TokenRange> hidden) {
  // Section 4.1: the header; per run its kind and count; a salt, a length
  // and the bytes of each revealed token, or the cover's hashes.
  const auto n = static_cast<uint32_t>(tokens.size());
  uint64_t size = 8 + 2 + 4 + 32 + 4;
  uint32_t next = 0;  // the first token not yet counted
  auto revealed = [&](uint32_t end) {
    if (next >= end) return;
    size += 1 + 4;
    for (uint32_t i = next; i < end; ++i) size += 32 + 4 + tokens[i].length;
  };
  for (const TokenRange& h : hidden) {
    revealed(h.first);
    size += 1 + 4 + 32 * static_cast<uint64_t>(CoverOf(n, h).size());
    next = h.end;
  }
  revealed(n);
  return size;
}

std::vector<TokenRange> CoverOf(uint32_t token_count, TokenRange hidden) {
  std::vector<TokenRange> out;
  Cover(0, token_count, hidden, out);
  return out;
}

Result<RedactionProof> MakeProof(std::string_view text, const SecretBytes& secret,
                                 std::span<const TokenRange> hidden) {
  TVAULT_ASSIGN_OR_RETURN(auto tokens, Tokenize(text));
  const auto n = static_cast<uint32_t>(tokens.size());
  TVAULT_TRY(CheckHidden(n, hidden));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes salts, DeriveSalts(secret, 0, n));
  auto salt_of = [&](uint32_t i) {
    return salts.reveal().subspan(std::size_t{i} * kSaltBytes, kSaltBytes);
  };
  std::vector<Hash> leaves(n);
  for (uint32_t i = 0; i < n; ++i)
    leaves[i] = TokenLeafHash(i, salt_of(i), text.substr(tokens[i].offset, tokens[i].length));

  RedactionProof proof;
  proof.token_count = n;
  proof.commitment = CommitmentOf(n, audit::RootOf(leaves));
  proof.runs = RunSkeleton(n, hidden);
  for (ProofRun& run : proof.runs) {
    if (run.kind == RunKind::kHidden) {
      for (const TokenRange& sub : CoverOf(n, {run.first, run.first + run.count}))
        run.cover.push_back(
            audit::RootOf(std::span(leaves).subspan(sub.first, sub.end - sub.first)));
      continue;
    }
    run.tokens.resize(run.count);
    for (uint32_t i = 0; i < run.count; ++i) {
      const TokenSpan& t = tokens[run.first + i];
      std::copy_n(salt_of(run.first + i).begin(), kSaltBytes, run.tokens[i].salt.begin());
      run.tokens[i].bytes.assign(text.substr(t.offset, t.length));
    }
  }
  return proof;
}

Result<RedactedText> VerifyProof(const RedactionProof& proof, const Hash& expected_commitment) {
  if (!RunsTile(proof)) return Mismatch();
  Hash root = audit::EmptyRoot();
  if (proof.token_count > 0) {
    RootBuilder builder(proof);
    root = builder.Build(0, proof.token_count);
    if (!builder.AllCoversUsed()) return Mismatch();
  }
  const Hash commitment = CommitmentOf(proof.token_count, root);
  if (commitment != expected_commitment || commitment != proof.commitment) return Mismatch();

  RedactedText out;
  out.token_count = proof.token_count;
  for (const ProofRun& run : proof.runs) {
    if (run.kind == RunKind::kRevealed) {
      for (const RevealedToken& t : run.tokens) out.text += t.bytes;
      continue;
    }
    out.hidden.push_back({run.first, run.first + run.count});
    out.text += kMark;
    if (run.first + run.count < proof.token_count) out.text += ' ';
  }
  return out;
}

}  // namespace tvault::redaction
