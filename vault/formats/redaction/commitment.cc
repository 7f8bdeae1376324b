#include "redaction/commitment.h"

#include <array>
#include <cstring>

#include "audit/merkle.h"
#include "crypto/hash.h"
#include "redaction/tokenizer.h"

namespace tvault::redaction {
namespace {

constexpr std::size_t kSaltInputBytes = kSaltLabel.size() + 8;

Status CheckSecret(const SecretBytes& secret) {
  if (secret.size() != kSecretBytes)
    return MakeError(ErrorCode::kInvalidArgument, "a redaction secret is 32 bytes");
  return OkStatus();
}

void PutU64(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}

// Section 2: salt_{2j} || salt_{2j+1} = BLAKE2b-512(secret, label || u64(j)).
// One keyed call yields two salts: the call, not its output, is the cost.
void SaltPairInto(std::span<uint8_t, kSaltPairBytes> out, const SecretBytes& secret,
                  uint32_t pair) {
  uint8_t input[kSaltInputBytes];
  std::memcpy(input, kSaltLabel.data(), kSaltLabel.size());
  PutU64(input + kSaltLabel.size(), pair);
  crypto::Blake2b(out, input, secret.reveal());
}

}  // namespace

SecretBytes NewRedactionSecret() { return SecretBytes::Random(kSecretBytes); }

Result<SecretBytes> DeriveSalts(const SecretBytes& secret, uint32_t first, uint32_t count) {
  TVAULT_TRY(CheckSecret(secret));
  if (count > kMaxTokens || first > kMaxTokens - count)
    return MakeError(ErrorCode::kInvalidArgument, "a salt index is beyond the token limit");
  SecretBytes salts(std::size_t{count} * kSaltBytes);
  SecretBytes pair(kSaltPairBytes);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t index = first + i;
    if (i == 0 || index % 2 == 0)
      SaltPairInto(pair.reveal().first<kSaltPairBytes>(), secret, index / 2);
    std::memcpy(salts.reveal().data() + std::size_t{i} * kSaltBytes,
                pair.reveal().data() + (index % 2) * kSaltBytes, kSaltBytes);
  }
  return salts;
}

Hash TokenLeafHash(uint32_t index, std::span<const uint8_t> salt, std::string_view token) {
  // One buffer and one LeafHash call: the per-call cost of SHA-256 is most of
  // a leaf's cost, so tokens are not streamed in pieces. Most tokens fit the
  // stack buffer (wiped: it holds a token and its salt).
  constexpr std::size_t kFixed = kLeafLabel.size() + 8 + kSaltBytes + 4;
  uint8_t small[256];
  PlainBytes large;
  uint8_t* entry = small;
  if (kFixed + token.size() > sizeof small) {
    large.resize(kFixed + token.size());
    entry = large.data();
  }
  std::memcpy(entry, kLeafLabel.data(), kLeafLabel.size());
  PutU64(entry + kLeafLabel.size(), index);
  std::memcpy(entry + kLeafLabel.size() + 8, salt.data(), kSaltBytes);
  const auto length = static_cast<uint32_t>(token.size());
  for (int i = 0; i < 4; ++i) entry[kFixed - 4 + i] = static_cast<uint8_t>(length >> (24 - 8 * i));
  if (!token.empty()) std::memcpy(entry + kFixed, token.data(), token.size());
  const Hash leaf = audit::LeafHash({entry, kFixed + token.size()});
  SecureWipe(small, sizeof small);
  return leaf;
}

Hash CommitmentOf(uint32_t token_count, const Hash& root) {
  uint8_t input[kCommitmentLabel.size() + 8 + 32];
  std::memcpy(input, kCommitmentLabel.data(), kCommitmentLabel.size());
  PutU64(input + kCommitmentLabel.size(), token_count);
  std::memcpy(input + kCommitmentLabel.size() + 8, root.data(), root.size());
  return crypto::Sha256(input);
}

Result<Hash> Commit(std::string_view text, const SecretBytes& secret) {
  TVAULT_TRY(CheckSecret(secret));
  audit::MerkleAccumulator tree;
  TokenCursor cursor(text);
  TokenSpan token;
  std::array<uint8_t, kSaltPairBytes> pair;
  for (uint32_t i = 0; cursor.Next(token); ++i) {
    if (i % 2 == 0) SaltPairInto(pair, secret, i / 2);
    tree.Append(TokenLeafHash(i, std::span(pair).subspan((i % 2) * kSaltBytes, kSaltBytes),
                              text.substr(token.offset, token.length)));
  }
  SecureWipe(pair.data(), pair.size());
  if (!cursor.status().ok()) return cursor.status().error();
  return CommitmentOf(cursor.count(), tree.Root());
}

}  // namespace tvault::redaction
