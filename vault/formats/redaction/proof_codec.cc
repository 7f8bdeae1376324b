// SerializeProof and ParseProof: docs/redaction-format.md, section 4.1.
#include <algorithm>
#include <string>

#include "redaction/redaction_proof.h"
#include "util/byte_io.h"

namespace tvault::redaction {
namespace {

Error Malformed(const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "malformed redaction proof: " + what);
}

class ProofParser {
 public:
  explicit ProofParser(std::span<const uint8_t> bytes) : in_(bytes) {}

  Result<RedactionProof> Parse() {
    std::span<const uint8_t> magic;
    uint16_t version = 0;
    uint32_t run_count = 0;
    std::span<const uint8_t> commitment;
    if (!in_.Raw(kProofMagic.size(), magic) ||
        !std::equal(magic.begin(), magic.end(), kProofMagic.begin()))
      return Malformed("not a redaction proof");
    if (!in_.U16(version)) return Malformed("truncated header");
    if (version != kProofVersion)
      return MakeError(ErrorCode::kUnsupported,
                       "redaction proof format " + std::to_string(version) + " is not supported");
    if (!in_.U32(proof_.token_count) || !in_.Raw(32, commitment) || !in_.U32(run_count))
      return Malformed("truncated header");
    if (proof_.token_count > kMaxTokens) return Malformed("more than 2^23 tokens");
    std::copy(commitment.begin(), commitment.end(), proof_.commitment.begin());
    if ((run_count == 0) != (proof_.token_count == 0) || run_count > proof_.token_count)
      return Malformed("run count does not fit the token count");
    proof_.runs.reserve(std::min<std::size_t>(run_count, in_.remaining() / (kRunHeaderBytes + 32)));
    for (uint32_t r = 0; r < run_count; ++r) TVAULT_TRY(ParseRun());
    if (next_token_ != proof_.token_count) return Malformed("runs do not cover the tokens");
    if (!in_.done()) return Malformed("trailing bytes");
    return std::move(proof_);
  }

 private:
  Status ParseRun() {
    uint8_t kind = 0;
    ProofRun run;
    if (!in_.U8(kind) || !in_.U32(run.count)) return Malformed("truncated run");
    if (kind != static_cast<uint8_t>(RunKind::kRevealed) &&
        kind != static_cast<uint8_t>(RunKind::kHidden))
      return Malformed("unknown run kind");
    run.kind = static_cast<RunKind>(kind);
    if (!proof_.runs.empty() && proof_.runs.back().kind == run.kind)
      return Malformed("two adjacent runs of one kind");
    if (run.count == 0 || run.count > proof_.token_count - next_token_)
      return Malformed("run length out of range");
    run.first = next_token_;
    TVAULT_TRY(run.kind == RunKind::kHidden ? ParseCover(run) : ParseTokens(run));
    next_token_ += run.count;
    proof_.runs.push_back(std::move(run));
    return OkStatus();
  }

  Status ParseCover(ProofRun& run) {
    const std::size_t hashes =
        CoverOf(proof_.token_count, {run.first, run.first + run.count}).size();
    if (in_.remaining() / 32 < hashes) return Malformed("truncated cover");
    run.cover.resize(hashes);
    for (Hash& h : run.cover) {
      std::span<const uint8_t> b;
      (void)in_.Raw(32, b);
      std::copy(b.begin(), b.end(), h.begin());
    }
    return OkStatus();
  }

  Status ParseTokens(ProofRun& run) {
    run.tokens.reserve(
        std::min<std::size_t>(run.count, in_.remaining() / kRevealedTokenOverheadBytes));
    for (uint32_t i = 0; i < run.count; ++i) {
      std::span<const uint8_t> salt, bytes;
      if (!in_.Raw(kSaltBytes, salt) || !in_.Lp32(bytes)) return Malformed("truncated token");
      revealed_bytes_ += bytes.size();
      if (revealed_bytes_ > kMaxTextBytes) return Malformed("more than 16 MiB of revealed text");
      const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      if (!IsWellFormedToken(text, run.first + i, proof_.token_count))
        return Malformed("token " + std::to_string(run.first + i) + " is not a well-formed token");
      RevealedToken& t = run.tokens.emplace_back();
      std::copy(salt.begin(), salt.end(), t.salt.begin());
      t.bytes.assign(text);
    }
    return OkStatus();
  }

  ByteReader in_;
  RedactionProof proof_;
  uint32_t next_token_ = 0;
  std::size_t revealed_bytes_ = 0;
};

}  // namespace

PlainBytes SerializeProof(const RedactionProof& proof) {
  PlainBytes out;
  BasicByteWriter<PlainBytes> w(out);
  AppendBytes(out, AsSpan(kProofMagic));
  w.U16(kProofVersion);
  w.U32(proof.token_count);
  AppendBytes(out, proof.commitment);
  w.U32(static_cast<uint32_t>(proof.runs.size()));
  for (const ProofRun& run : proof.runs) {
    w.U8(static_cast<uint8_t>(run.kind));
    w.U32(run.count);
    for (const Hash& h : run.cover) AppendBytes(out, h);
    for (const RevealedToken& t : run.tokens) {
      AppendBytes(out, t.salt);
      w.U32(static_cast<uint32_t>(t.bytes.size()));
      AppendBytes(out, AsBytes(t.bytes));
    }
  }
  return out;
}

Result<RedactionProof> ParseProof(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxProofBytes) return Malformed("larger than 512 MiB");
  return ProofParser(bytes).Parse();
}

}  // namespace tvault::redaction
