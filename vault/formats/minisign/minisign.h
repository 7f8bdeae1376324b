// minisign 0.11 public keys and prehashed signatures, over libsodium.
//
// tvault signs the SHA256SUMS file of an export bundle with the custodian's
// Ed25519 key in minisign's prehashed ("ED") format, so that a journalist can
// check it with `minisign -Vm SHA256SUMS -P RW...`, and verifies bundles from
// peers (possibly hostile, possibly signed by hand with `minisign -S`) against
// pinned public keys. docs/minisign-notes.md describes the bytes.
//
//   public key   base64("Ed" || key_id[8] || ed25519_public_key[32])   56 chars
//   .pub file    "untrusted comment: <text>\n" <public key> "\n"
//   .minisig     "untrusted comment: <text>\n"
//                base64("ED" || key_id[8] || signature[64]) "\n"           100 chars
//                "trusted comment: <text>\n"
//                base64(global_signature[64]) "\n"                         88 chars
//   signature        = Ed25519(sk, BLAKE2b-512(file))
//   global_signature = Ed25519(sk, signature || trusted comment)
//
// What is signed: the file (through its BLAKE2b-512) and the trusted comment.
// What is NOT signed: the untrusted comments, the key id and the algorithm
// bytes. tvault never acts on an untrusted comment; it only carries it so that
// files round-trip. The key id is a hint for choosing a key; Verify compares it
// but the security comes from the signatures under the pinned key.
//
// Strictness: the parsers accept exactly what minisign 0.11 writes and nothing
// else, so Format(Parse(x)) == x (a fuzz property). Refused: legacy "Ed"
// signatures over the raw file, any other algorithm, CR (minisign itself
// tolerates CRLF), NUL, missing or extra lines, a missing final newline,
// non-canonical base64, comments longer than minisign 0.11 can read back.
// Comments are bytes, not necessarily UTF-8; escape them before display.
//
// Errors:
//   ParsePublicKey                    kInvalidArgument: a pinned key is caller input.
//   ParseSignatureFile, Verify        kIntegrity: a signature file that is not exactly
//                                     a valid prehashed minisign signature authenticates
//                                     nothing; messages differ, codes do not.
//   SignPrehashed, FormatSignatureFile kInvalidArgument (comments the format cannot carry);
//                                     SignPrehashed kInternal if its output fails to verify.
//   Blake2b512Of*                     the source's error (kNotFound, kIo, kInvalidArgument).
// Signature checks are public-key operations, so distinct failure messages
// reveal nothing an attacker could not compute; they help the user instead.
//
// Thread-safety: every function is reentrant; no shared state.
#ifndef TVAULT_BUNDLE_MINISIGN_H_
#define TVAULT_BUNDLE_MINISIGN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::minisign {

inline constexpr std::size_t kKeyIdBytes = 8;
inline constexpr std::size_t kAlgorithmBytes = 2;
inline constexpr std::size_t kPublicKeyBytes = kAlgorithmBytes + kKeyIdBytes + 32;      // 42
inline constexpr std::size_t kSignatureBlobBytes = kAlgorithmBytes + kKeyIdBytes + 64;  // 74
inline constexpr std::size_t kPublicKeyChars = 56;        // base64 of 42 bytes
inline constexpr std::size_t kSignatureChars = 100;       // base64 of 74 bytes
inline constexpr std::size_t kGlobalSignatureChars = 88;  // base64 of 64 bytes
inline constexpr std::string_view kPublicKeyAlgorithm = "Ed";
inline constexpr std::string_view kPrehashedAlgorithm = "ED";
inline constexpr std::string_view kLegacyAlgorithm = "Ed";
inline constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
inline constexpr std::string_view kTrustedPrefix = "trusted comment: ";
// minisign 0.11 reads the untrusted comment line with a 1024-byte fgets()
// buffer: prefix (19) + comment + LF + NUL must fit.
inline constexpr std::size_t kMaxUntrustedCommentBytes = 1024 - 19 - 2;  // 1003
// It reads the trusted comment line with an 8192-byte buffer: prefix (17) +
// comment + LF + NUL must fit. (minisign -S itself stops at 4077 bytes.)
inline constexpr std::size_t kMaxTrustedCommentBytes = 8192 - 17 - 2;  // 8173
inline constexpr std::size_t kMaxSignatureFileBytes =
    kUntrustedPrefix.size() + kMaxUntrustedCommentBytes + 1 + kSignatureChars + 1 +
    kTrustedPrefix.size() + kMaxTrustedCommentBytes + 1 + kGlobalSignatureChars + 1;

using KeyId = std::array<uint8_t, kKeyIdBytes>;
using Blake2b512Digest = std::array<uint8_t, 64>;

struct PublicKey {
  KeyId key_id{};
  std::array<uint8_t, 32> ed25519{};
};

// Either the bare 56-character "RW..." line (no newline, no whitespace) or a
// whole .pub file exactly as minisign writes it: "untrusted comment: <text>\n"
// then the key line and "\n". The comment is discarded. Refuses algorithms
// other than "Ed" and keys that are not valid Ed25519 points (small order,
// non-canonical). kInvalidArgument.
Result<PublicKey> ParsePublicKey(std::string_view text);
// The bare "RW..." line, without newline.
std::string EncodePublicKey(const PublicKey& key);
// "untrusted comment: minisign public key <KeyIdText>\n<EncodePublicKey>\n",
// byte for byte what `minisign -G` writes.
std::string FormatPublicKeyFile(const PublicKey& key);
// The key id as minisign prints it: %PRIX64 of the little-endian load, so
// upper-case hex without leading zeros ("0" for an all-zero id).
std::string KeyIdText(const KeyId& key_id);

// A prehashed ("ED") signature. The algorithm is implied: no other kind can be
// represented.
struct Signature {
  std::string untrusted_comment;               // NOT signed; never trusted by tvault
  KeyId key_id{};                              // NOT signed; a hint
  std::array<uint8_t, 64> signature{};         // over BLAKE2b-512(file)
  std::string trusted_comment;                 // signed by global_signature
  std::array<uint8_t, 64> global_signature{};  // over signature || trusted_comment
};

// Parses a .minisig file (untrusted bytes, at most kMaxSignatureFileBytes).
// kIntegrity for anything that is not exactly minisign 0.11 prehashed output.
Result<Signature> ParseSignatureFile(std::span<const uint8_t> bytes);
// The four lines, each ending in "\n". kInvalidArgument if a comment contains
// CR, LF or NUL or is too long.
Result<std::string> FormatSignatureFile(const Signature& signature);

// Signs BLAKE2b-512(file) and then signature || trusted_comment.
// `ed25519_secret_key` is libsodium's 64-byte seed || public key; `key_id` is
// the signer's minisign key id. Comments may not contain CR, LF or NUL and are
// capped as above (minisign would fail to read them back): kInvalidArgument.
// The result is verified under the public half of the key before it is
// returned, so a corrupted key cannot produce a signature nobody accepts
// (kInternal).
Result<Signature> SignPrehashed(const SecretBytes& ed25519_secret_key, const KeyId& key_id,
                                const Blake2b512Digest& blake2b512_of_message,
                                std::string_view trusted_comment,
                                std::string_view untrusted_comment);

// In minisign's order: key id, signature over the digest, signature over the
// trusted comment. Each failure is kIntegrity with its own one-line message.
// OK means: the holder of `key` signed a file with this BLAKE2b-512 and this
// trusted comment. Nothing is said about the untrusted comment.
Status Verify(const PublicKey& key, const Signature& signature,
              const Blake2b512Digest& blake2b512_of_message);

// Unkeyed BLAKE2b-512 of everything `source` yields, read in 64 KiB chunks.
Result<Blake2b512Digest> Blake2b512Of(ByteSource& source);
Result<Blake2b512Digest> Blake2b512OfFile(const std::filesystem::path& path);

}  // namespace tvault::minisign

#endif  // TVAULT_BUNDLE_MINISIGN_H_
