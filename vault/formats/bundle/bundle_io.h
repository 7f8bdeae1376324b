// Writing and reading export bundles (docs/bundle-format.md): age over ustar
// over the members, with SHA256SUMS and its minisign signature. No vault
// database here: the caller chooses the members and what to do with them.
//
// BundleWriter streams: member data goes through SHA-256, the tar writer and
// the age encryptor as it is read, so memory does not grow with the data
// (one 64 KiB buffer per layer) and only grows with the member count (one
// SHA256SUMS line each, plus manifest.json, which it keeps to check it).
// Members are added in the caller's order, manifest.json first;
// HOW_TO_VERIFY.txt must be among them. Finish() appends SHA256SUMS and
// SHA256SUMS.minisig, ends the archive and the age file, and before that
// runs the reader's step-6 checks on what was written, so tvault never
// emits a bundle it would refuse. Until Finish succeeds the output is not a
// valid age file (no final chunk): write it to an AtomicFileSink and commit
// only then.
//
// BundleReader verifies in the order of section 5 and stops at the first
// failure:
//   Open    step 1's header: the age header parses, one stanza opens with
//           one of `identities` (else kNotFound, "not addressed to you"; a
//           passphrase file is kUnsupported), the header MAC verifies.
//   Next    steps 1-2 as the data streams: every age chunk authenticates and
//           the stream ends properly; every tar rule of section 2; the order
//           of section 2's table (manifest.json first, SHA256SUMS second to
//           last, SHA256SUMS.minisig last); the caps on buffered members;
//           each member's SHA-256 and size; SHA256SUMS is parsed line by line
//           against the members before it; once manifest.json parses,
//           every member is a fixed name or a file it names.
//   Finish  steps 3-6: the signature verifies under one of the accepted
//           keys, the trusted comment parses and lists the fingerprint of the
//           identity that decrypted (else the bundle was forwarded), SHA256SUMS
//           lists exactly the members and their hashes, and the manifest
//           parses and agrees with all of it.
// Every failure is kIntegrity naming the first one, except the age module's
// kNotFound / kUnsupported at Open and kUnsupported for an unknown format
// version. Errors are sticky. Untrusted names in messages are escaped.
//
// Data handed to a caller's sink by CopyMemberTo is NOT verified until
// Finish succeeds: keep it somewhere it cannot be mistaken for verified data
// (a temporary file, an uncommitted transaction) and discard it on failure.
// Only Finish's VerifiedBundle is verified.
//
// Memory (reader): the age header (capped at 1 MiB) and two chunks, the tar
// buffers, the buffered members (manifest.json <= 16 MiB, each contacts
// file <= 1 MiB, all of them together <= 64 MiB, the signature file), and
// per member its name, size and digest. Custody files (<= 1 MiB each) are
// not buffered: the caller reads and checks each as it streams.
//
// Secrets: the identities and the signing key stay in the caller's
// SecretBytes; buffered members (witness contacts) in PlainBytes.
// Objects are move-only and not thread-safe; the streams passed in must
// outlive them.
#ifndef TVAULT_BUNDLE_BUNDLE_IO_H_
#define TVAULT_BUNDLE_BUNDLE_IO_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "age/age_format.h"
#include "bundle/bundle_manifest.h"
#include "bundle/bundle_sums.h"
#include "minisign/minisign.h"
#include "identity/fingerprint.h"
#include "util/read_ahead.h"
#include "util/byte_stream.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::bundle {

class BundleWriter {
 public:
  // Starts the age file to `recipients` (1 .. kMaxRecipients) and the
  // archive, whose members all get `created_at_unix_s` as their mtime.
  // kInvalidArgument for bad recipients or a time outside 0 ..
  // kMaxCreatedUnixS.
  static Result<BundleWriter> Begin(std::span<const age::X25519Public> recipients,
                                    ByteSink& out, int64_t created_at_unix_s);
  BundleWriter(BundleWriter&&) noexcept;
  BundleWriter& operator=(BundleWriter&&) noexcept;
  ~BundleWriter();

  // Adds a member. kInvalidArgument for a name outside section 2's table
  // (or SHA256SUMS / SHA256SUMS.minisig, which Finish writes), a duplicate,
  // a first member other than manifest.json, a buffered member over its cap,
  // a manifest.json ParseManifest refuses, or a source that does not yield
  // exactly `size_bytes`. Refusals of the name or size come before anything
  // is read and leave the writer usable; any later failure (the source, the
  // manifest, the sink) is sticky: every later call fails.
  Status AddMember(std::string_view name, std::span<const uint8_t> data);
  Status AddMember(std::string_view name, uint64_t size_bytes, ByteSource& data);
  // Same, for a member whose SHA-256 the caller knows (a statement's intake
  // hash): the writer hashes what it writes, as always, and a mismatch is a
  // sticky kIntegrity failure naming the member, so such a bundle is never
  // signed. Lets the source skip hashing the same bytes a second time.
  // Statements and evidence only (kInvalidArgument for other members).
  Status AddMember(std::string_view name, uint64_t size_bytes, ByteSource& data,
                   const crypto::Sha256Digest& expected_sha256);
  // Adds manifest.json as SerializeManifest writes `manifest` (which already
  // proves the text parses back to exactly `manifest`, so it is not parsed a
  // second time here). The manifest's text is wiped after it is written.
  Status AddManifest(const BundleManifest& manifest);

  // Signs and closes. `ed25519_secret_key` is libsodium's 64 bytes (seed ||
  // public key), `key_id` the signer's minisign key id. The comment's
  // recipients must be the fingerprints of Begin's recipients, in order, and
  // its time Begin's. kInvalidArgument if the comment or the manifest does
  // not match the bundle (the writer stays usable: nothing was written);
  // the sink's errors as they are.
  Status Finish(const SecretBytes& ed25519_secret_key, const minisign::KeyId& key_id,
                const TrustedComment& comment);

 private:
  struct Impl;
  explicit BundleWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct BundleMember {
  std::string name;  // valid per section 2 (safe in paths), still escape to display
  uint64_t size_bytes = 0;
};

// What Finish proves.
struct VerifiedBundle {
  BundleManifest manifest;
  TrustedComment trusted_comment;
  minisign::PublicKey signer;  // the accepted key that signed
  Fingerprint decrypted_by{};  // the recipient fingerprint of our identity that opened it
  std::vector<MemberDigest> members;  // every member in archive order, with size and SHA-256
  // manifest.json and contacts/*.json, whole.
  std::map<std::string, PlainBytes> small_members;
};

class BundleReader {
 public:
  // Step 1's header checks (see above). The payload is decrypted ahead on
  // a worker thread that reads `in` until the reader is destroyed; pass
  // Threads::kInline for an input whose reads may block indefinitely (a
  // pipe), so that destroying the reader never waits on it.
  static Result<BundleReader> Open(
      ByteSource& in, std::span<const SecretBytes> identities,
      ReadAheadSource::Threads threads = ReadAheadSource::Threads::kWorker);
  BundleReader(BundleReader&&) noexcept;
  BundleReader& operator=(BundleReader&&) noexcept;
  ~BundleReader();

  // The recipient fingerprint of the identity that opened the bundle.
  const Fingerprint& decrypted_by() const;

  // The next member, after reading (and hashing) what the caller left of
  // the current one. std::nullopt at the verified end of the archive and of
  // the age stream.
  Result<std::optional<BundleMember>> Next();
  // Streams the rest of the current member into `sink`. UNVERIFIED until
  // Finish succeeds.
  Status CopyMemberTo(ByteSink& sink);
  // The rest of the current member, pulled (no thread, no copy in
  // between): reads return 0 at its end. UNVERIFIED until Finish succeeds.
  // Valid until the next call of Next or Finish; errors are the reader's.
  ByteSource& MemberSource();

  // manifest.json as parsed when it ended, before any signature is checked:
  // UNVERIFIED, for work that streams (a caller may check custody excerpts
  // against it as they arrive, and must discard that work unless Finish
  // succeeds with the same manifest). nullptr before the manifest has ended,
  // if it does not parse, and after Finish.
  const BundleManifest* UnverifiedManifest() const;

  // Reads whatever is left, then steps 3-6 with `accepted_signers` as the
  // pinned keys (none: every signer is refused, kIntegrity with
  // ErrorDetail::kUntrustedSigner naming the key id, as for any key not
  // among them). The reader is spent afterwards.
  Result<VerifiedBundle> Finish(std::span<const minisign::PublicKey> accepted_signers);

 private:
  struct Impl;
  explicit BundleReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_BUNDLE_IO_H_
