// The redaction commitment of a statement version (docs/redaction-format.md,
// sections 2 and 3): per-token salts derived from the version's redaction
// secret, salted leaves with their index, an RFC 9162 tree (audit/merkle.h)
// and the commitment over the token count and the tree's root.
//
// The secret is borrowed, never copied out of guarded memory; salts of
// tokens that stay hidden live only in SecretBytes or in stack temporaries
// that are wiped. Errors: kInvalidArgument for a secret of the wrong size or
// a text that Tokenize refuses. Pure functions, thread-safe.
#ifndef TVAULT_REDACTION_COMMITMENT_H_
#define TVAULT_REDACTION_COMMITMENT_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "redaction/redaction_format.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::redaction {

// A fresh 32-byte redaction secret from the CSPRNG (one per version).
SecretBytes NewRedactionSecret();

// salt_i for i in [first, first + count), 32 bytes each, in guarded memory.
// kInvalidArgument unless the secret is kSecretBytes long.
Result<SecretBytes> DeriveSalts(const SecretBytes& secret, uint32_t first, uint32_t count);

// LeafHash of leaf_i = label || u64(i) || salt || u32(len) || token.
Hash TokenLeafHash(uint32_t index, std::span<const uint8_t> salt, std::string_view token);

// SHA-256(label || u64(n) || root).
Hash CommitmentOf(uint32_t token_count, const Hash& root);

// The commitment of `text` under `secret`. Memory is logarithmic in the
// number of tokens.
Result<Hash> Commit(std::string_view text, const SecretBytes& secret);

}  // namespace tvault::redaction

#endif  // TVAULT_REDACTION_COMMITMENT_H_
