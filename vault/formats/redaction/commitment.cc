#include "redaction/commitment.h"

#include <cstring>

#include "audit/merkle.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "redaction/tokenizer.h"
#include "util/byte_io.h"

namespace tvault::redaction {
namespace {

constexpr std::size_t kSaltInputBytes = kSaltLabel.size() + 8;

Status CheckSecret(const SecretBytes& secret) {
  if (secret.size() != kSecretBytes)
    return MakeError(ErrorCode::kInvalidArgument, "a redaction secret is 32 bytes");
  return OkStatus();
}

void SaltInto(std::span<uint8_t> out, const SecretBytes& secret, uint32_t index) {
  uint8_t input[kSaltInputBytes];
  std::memcpy(input, kSaltLabel.data(), kSaltLabel.size());
  for (int i = 0; i < 8; ++i)
    input[kSaltLabel.size() + i] = static_cast<uint8_t>(uint64_t{index} >> (56 - 8 * i));
  crypto::Blake2b(out, input, secret.reveal());
}

std::span<const uint8_t> Bytes(std::string_view s) { return AsSpan(s); }

}  // namespace

SecretBytes NewRedactionSecret() { return SecretBytes::Random(kSecretBytes); }

Result<SecretBytes> DeriveSalts(const SecretBytes& secret, uint32_t first, uint32_t count) {
  TVAULT_TRY(CheckSecret(secret));
  if (count > kMaxTokens || first > kMaxTokens - count)
    return MakeError(ErrorCode::kInvalidArgument, "a salt index is beyond the token limit");
  SecretBytes salts(std::size_t{count} * kSaltBytes);
  for (uint32_t i = 0; i < count; ++i)
    SaltInto(salts.reveal().subspan(std::size_t{i} * kSaltBytes, kSaltBytes), secret, first + i);
  return salts;
}

Hash TokenLeafHash(uint32_t index, std::span<const uint8_t> salt, std::string_view token) {
  // One buffer and one LeafHash call: the per-call cost of SHA-256 is most of
  // a leaf's cost, so tokens are not streamed in pieces.
  PlainBytes entry;
  entry.reserve(kLeafLabel.size() + 8 + kSaltBytes + 4 + token.size());
  BasicByteWriter<PlainBytes> w(entry);
  AppendBytes(entry, Bytes(kLeafLabel));
  w.U64(index);
  AppendBytes(entry, salt);
  w.U32(static_cast<uint32_t>(token.size()));
  AppendBytes(entry, Bytes(token));
  return audit::LeafHash(entry);
}

Hash CommitmentOf(uint32_t token_count, const Hash& root) {
  uint8_t input[kCommitmentLabel.size() + 8 + 32];
  std::memcpy(input, kCommitmentLabel.data(), kCommitmentLabel.size());
  for (int i = 0; i < 8; ++i)
    input[kCommitmentLabel.size() + i] = static_cast<uint8_t>(uint64_t{token_count} >> (56 - 8 * i));
  std::memcpy(input + kCommitmentLabel.size() + 8, root.data(), root.size());
  return crypto::Sha256(input);
}

Result<Hash> Commit(std::string_view text, const SecretBytes& secret) {
  TVAULT_TRY(CheckSecret(secret));
  audit::MerkleAccumulator tree;
  TokenCursor cursor(text);
  TokenSpan token;
  Salt salt;
  for (uint32_t i = 0; cursor.Next(token); ++i) {
    SaltInto(salt, secret, i);
    tree.Append(TokenLeafHash(i, salt, text.substr(token.offset, token.length)));
  }
  SecureWipe(salt.data(), salt.size());
  if (!cursor.status().ok()) return cursor.status().error();
  return CommitmentOf(cursor.count(), tree.Root());
}

}  // namespace tvault::redaction
