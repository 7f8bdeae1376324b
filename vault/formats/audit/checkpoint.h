// Signed checkpoints of the audit log: the C2SP formats signed-note
// (c2sp.org/signed-note) with Ed25519 keys, and tlog-checkpoint
// (c2sp.org/tlog-checkpoint) as the note text. docs/audit-merkle-notes.md has
// the bytes.
//
//   <origin>\n<size, decimal>\n<base64(root, 32 bytes)>\n[<extension>\n...]
//   \n
//   — <key name> <base64(key id, 4 bytes big-endian || Ed25519 signature)>\n
//   ...
//
// All parsers are strict and canonical: whatever they accept, the matching
// Format function gives back byte for byte. Malformed notes and checkpoints
// are kIntegrity (they are data that was damaged or forged); malformed
// arguments (names, verifier keys, fields to format) are kInvalidArgument; a
// verifier key of another algorithm is kUnsupported. Messages never quote
// the parsed input. Pure functions, thread-safe.
#ifndef TVAULT_AUDIT_CHECKPOINT_H_
#define TVAULT_AUDIT_CHECKPOINT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/merkle.h"
#include "crypto/asymmetric.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::audit {

// Signature type byte of Ed25519 note keys (signed-note, "Signature types").
inline constexpr uint8_t kNoteKeyTypeEd25519 = 0x01;
// The signature line prefix: U+2014 EM DASH in UTF-8, then a space.
inline constexpr std::string_view kNoteSignaturePrefix = "\xE2\x80\x94 ";
// Caps on what a parser accepts. The spec asks verifiers to accept at least
// 16 signatures and warns that post-quantum ones approach 5 kB.
inline constexpr std::size_t kMaxNoteBytes = 256 * 1024;
inline constexpr std::size_t kMaxNoteSignatures = 100;
inline constexpr std::size_t kMaxNoteSignatureBytes = 8 * 1024;  // key id + signature

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extension_lines;

  bool operator==(const Checkpoint&) const = default;
};

// One signature line. `signature` excludes the 4-byte key id. Lines of
// unknown keys or algorithms are kept as they are.
struct NoteSignature {
  std::string key_name;
  uint32_t key_id = 0;
  std::vector<uint8_t> signature;

  bool operator==(const NoteSignature&) const = default;
};

struct SignedNote {
  std::string text;  // ends with '\n'; excludes the blank separator line
  std::vector<NoteSignature> signatures;

  bool operator==(const SignedNote&) const = default;
};

// An Ed25519 verifier key "name+hex8+base64(0x01 || public key)".
struct NoteVerifierKey {
  std::string name;
  uint32_t key_id = 0;
  crypto::Ed25519PublicKey public_key{};

  bool operator==(const NoteVerifierKey&) const = default;
};

// --- tlog-checkpoint body ---------------------------------------------------

// kInvalidArgument if a field cannot be written (empty origin, a newline or
// control character in a line, an empty extension line).
Result<std::string> FormatCheckpointBody(const Checkpoint& checkpoint);
// kIntegrity unless `text` is exactly what FormatCheckpointBody writes.
Result<Checkpoint> ParseCheckpointBody(std::string_view text);

// --- signed-note keys -------------------------------------------------------

// True for names a note may carry: non-empty, UTF-8, no '+', no control
// characters and none of the characters Unicode calls white space.
bool IsValidNoteKeyName(std::string_view name);

// The first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || key).
uint32_t NoteKeyId(std::string_view name, const crypto::Ed25519PublicKey& public_key);

Result<std::string> FormatVerifierKey(std::string_view name,
                                      const crypto::Ed25519PublicKey& public_key);
// Strict: valid name, 8 lowercase hex digits equal to NoteKeyId, canonical
// padded base64 of exactly 33 bytes. kUnsupported for a non-Ed25519 key.
Result<NoteVerifierKey> ParseVerifierKey(std::string_view vkey);

// --- signed notes -----------------------------------------------------------

// Signs `text` (a valid note text: ends with '\n', UTF-8, no control
// characters but '\n') with a 64-byte Ed25519 secret key (seed || public key,
// libsodium's layout). The signature is checked before it is returned, so a
// secret key whose halves do not match is kInvalidArgument.
Result<NoteSignature> SignNote(std::string_view text, std::string_view key_name,
                               const SecretBytes& secret_key);

// kIntegrity unless `note` is a well-formed signed note within the caps.
Result<SignedNote> ParseSignedNote(std::string_view note);
// kInvalidArgument unless the result would parse back to `note`.
Result<std::string> FormatSignedNote(const SignedNote& note);

// OK iff some signature line carries this key's name and id and verifies.
// Lines of other keys are ignored; a line with this key's name and id that
// does not verify makes the whole note kIntegrity (signed-note: clients
// SHOULD reject the note), even if another such line verifies.
Status VerifyNote(const SignedNote& note, const NoteVerifierKey& key);

// What an auditor does with a checkpoint file: parse the note, verify it
// with the pinned key, parse the body and require the expected origin.
Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const NoteVerifierKey& key,
                                  std::string_view expected_origin);

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_CHECKPOINT_H_
