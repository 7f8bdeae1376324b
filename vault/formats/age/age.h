// age v1 (C2SP age specification) over libsodium: X25519 recipients only.
// No scrypt (passphrase) encryption, no ASCII armor, no plugins.
// docs/age-notes.md lists what we implement, our limits, and where each of
// the spec's MUSTs is enforced and tested.
//
// Export bundles are age files: a journalist opens one with
// `age -d -i key.txt bundle.tvb`, and tvault reads back bundles that hostile
// senders may have crafted. So the Decryptor is strict:
//  * the header is parsed canonically and bounded (kMaxHeaderBytes,
//    kMaxStanzas) before any key is tried;
//  * the header MAC is verified, in constant time, before Begin returns, so
//    no payload byte is ever released from a file whose header was altered;
//  * each 64 KiB chunk's plaintext is released only after its tag verifies;
//  * Read returns 0 only after the final chunk verified and the end of the
//    input was confirmed. Truncation, trailing data, an empty final chunk in a
//    non-empty payload, reordered, duplicated or dropped chunks are errors,
//    never a silently short output.
//
// Errors (one line, never a secret or plaintext):
//  * kInvalidArgument: malformed keys or arguments from the caller;
//  * kNotFound: no identity opens the file ("not addressed to you");
//  * kUnsupported: a passphrase (scrypt) file, which we do not open;
//  * kIntegrity: a malformed, tampered or truncated file.
// Failure tells the decryption failure classes apart (age's own vocabulary:
// no match, header, HMAC, payload).
//
// Secrets (identities, the file key, shared secrets, wrapping, MAC and
// payload keys) live only in SecretBytes; plaintext only in wiping buffers.
// Objects are not thread-safe; move them between threads, never share.
#ifndef TVAULT_BUNDLE_AGE_H_
#define TVAULT_BUNDLE_AGE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "age/age_format.h"
#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::age {

// "age1..." in lowercase Bech32 (62 characters).
std::string EncodeRecipient(const X25519Public& recipient);
// Accepts exactly what EncodeRecipient produces (lowercase, HRP "age",
// 32-byte key, valid checksum). kInvalidArgument otherwise.
Result<X25519Public> ParseRecipient(std::string_view text);

// A new random identity (an X25519 scalar, 32 bytes).
SecretBytes GenerateIdentity();
// "AGE-SECRET-KEY-1..." in uppercase Bech32 (74 characters). `scalar` must
// be 32 bytes (aborts otherwise: a programming error).
PlainString EncodeIdentity(const SecretBytes& scalar);
// Accepts exactly what EncodeIdentity produces (uppercase). kInvalidArgument
// otherwise; the message never echoes the key.
Result<SecretBytes> ParseIdentity(std::string_view text);
// An identity file as age-keygen writes it: one identity per line; empty
// lines and lines starting with '#' are skipped; a CR before the LF is
// tolerated (files edited on Windows), as age does. kInvalidArgument, naming
// the line number, for any other line, or if there is no identity at all.
Result<std::vector<SecretBytes>> ParseIdentityFile(std::span<const uint8_t> contents);
// X25519(identity, basepoint). `identity` must be 32 bytes.
X25519Public RecipientOf(const SecretBytes& identity);

// Streams an age file to `out`: the header and payload nonce in Begin, one
// sealed chunk per 64 KiB of plaintext as Write fills it, the final chunk in
// Finish. Memory is bounded by one chunk whatever the payload size. `out`
// must outlive the Encryptor. Until Finish succeeds the output is not a
// valid age file (no final chunk), which every reader rejects. After an error
// every later call fails.
class Encryptor {
 public:
  // One X25519 stanza per recipient, each with a fresh ephemeral key; a fresh
  // random 16-byte file key. kInvalidArgument for no recipients, more than
  // kMaxStanzas, or a low-order recipient key.
  static Result<Encryptor> Begin(std::span<const X25519Public> recipients, ByteSink& out);

  Encryptor(Encryptor&&) noexcept = default;
  Encryptor& operator=(Encryptor&&) noexcept = default;

  Status Write(std::span<const uint8_t> plaintext);
  // Seals the final chunk. kFailedPrecondition if called twice.
  Status Finish();

 private:
  Encryptor(ByteSink& out, SecretBytes payload_key);
  Status SealChunk(bool final);

  ByteSink* out_;
  SecretBytes payload_key_;
  internal::ChunkCounter counter_;
  PlainBytes chunk_;  // plaintext waiting to be sealed, at most one chunk
  std::vector<uint8_t> sealed_;
  bool finished_ = false;
  bool failed_ = false;
};

// Reads an age file from `in` (which must outlive the Decryptor) and yields
// its verified plaintext. Memory is bounded by the header cap plus two
// chunks.
class Decryptor final : public ByteSource {
 public:
  // Reads and parses the header, finds the file key with `identities`
  // (tried in order), verifies the header MAC and reads the payload nonce.
  // On error, `*failure` (if given) says which class it is.
  static Result<Decryptor> Begin(ByteSource& in, std::span<const SecretBytes> identities,
                                 Failure* failure = nullptr);

  Decryptor(Decryptor&&) noexcept = default;
  Decryptor& operator=(Decryptor&&) noexcept = default;

  // Verified plaintext, at most one chunk per call. 0 only at the verified
  // end. Errors are sticky: once a chunk fails (or the source reports an I/O
  // error), every later call fails the same way. `out` must not be empty
  // (0 would read as the end).
  Result<std::size_t> Read(std::span<uint8_t> out) override;

  // The class of the error Read returned; kNone if there was none or it was
  // an I/O error of the source.
  Failure failure() const { return failure_; }

 private:
  Decryptor(ByteSource& in, SecretBytes payload_key, std::vector<uint8_t> pending);
  Status OpenNextChunk();
  Error Fail(std::string_view why);

  ByteSource* in_;
  SecretBytes payload_key_;
  internal::ChunkCounter counter_;
  std::vector<uint8_t> sealed_;  // ciphertext read ahead: up to one chunk + 1 byte
  PlainBytes plain_;             // the last verified chunk
  std::size_t plain_pos_ = 0;
  bool done_ = false;
  Failure failure_ = Failure::kNone;
  std::optional<Error> error_;
};

}  // namespace tvault::age

#endif  // TVAULT_BUNDLE_AGE_H_
