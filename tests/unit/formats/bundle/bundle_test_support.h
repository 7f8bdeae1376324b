// Helpers for the bundle tests: parties with keys, valid bundle contents,
// raw ustar headers for archives no honest writer produces, and running
// TarReader / BundleReader to an outcome.
#ifndef TVAULT_TESTS_BUNDLE_BUNDLE_TEST_SUPPORT_H_
#define TVAULT_TESTS_BUNDLE_BUNDLE_TEST_SUPPORT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "age/age.h"
#include "bundle/bundle_io.h"
#include "bundle/bundle_manifest.h"
#include "tar/tar_stream.h"
#include "crypto/asymmetric.h"
#include "support/test_support.h"

namespace tvault::testing {

inline std::filesystem::path BundleData(const std::string& name) {
  return std::filesystem::path(TVAULT_TEST_DATA_DIR) / "bundle" / name;
}

std::vector<uint8_t> Bytes(std::string_view s);

// Someone who can decrypt (an age identity) and sign (an Ed25519 key whose
// minisign key id is tvault's derivation).
struct Party {
  Party();
  SecretBytes age_identity;
  age::X25519Public age_recipient{};
  Fingerprint recipient_fingerprint{};
  crypto::Ed25519KeyPair signing;
  minisign::PublicKey minisign_key;
  Fingerprint identity_fingerprint{};
  std::vector<SecretBytes> identities() const;  // a copy of age_identity, as a list
};

struct Member {
  std::string name;
  std::vector<uint8_t> data;
};

// A valid bundle's content from `sender` to `recipients`: a manifest with
// `records` testimonies (two versions for the first, one evidence file for
// the second, contacts when asked), HOW_TO_VERIFY.txt, statements, custody,
// contacts and evidence members, in section 2's order. Member data sizes are
// those given; statement bytes are deterministic.
struct BundleContent {
  bundle::BundleManifest manifest;
  std::vector<Member> members;  // manifest.json first; no SHA256SUMS(.minisig)
  bundle::TrustedComment comment;
};
inline constexpr int64_t kTestCreatedAt = 1795707467;  // 2026-11-26T15:37:47Z
BundleContent MakeContent(const Party& sender, const std::vector<const Party*>& recipients,
                          int records, bool with_contacts = false,
                          std::size_t statement_bytes = 300, int format = 1);
// Re-serialises content.manifest into content.members[0].
void UpdateManifestMember(BundleContent& content);

// Writes the content with BundleWriter, signed by `sender`.
std::vector<uint8_t> WriteBundle(const BundleContent& content, const Party& sender,
                                 const std::vector<const Party*>& recipients);

// The pieces of a bundle assembled by hand, for bundles BundleWriter refuses
// to write: SHA256SUMS of `members` (or `sums` as given), the signature of
// sums with `trusted_comment` by `signer`, the tar, the age file.
std::string SumsOf(const std::vector<Member>& members);
std::string SignatureOf(std::string_view sums, std::string_view trusted_comment,
                        const Party& signer);
std::string CommentText(const bundle::TrustedComment& comment);
// members, then SHA256SUMS and its signature, as a tar (our TarWriter) to
// the recipients.
std::vector<uint8_t> SealBundle(const std::vector<Member>& members, std::string_view sums,
                                std::string_view signature, const std::vector<const Party*>& to);
std::vector<uint8_t> TarOf(const std::vector<Member>& members);
std::vector<uint8_t> EncryptTo(std::span<const uint8_t> plaintext, const std::vector<const Party*>& to);

// A ustar header built field by field, for archives no honest writer
// produces. The checksum is computed unless `checksum` is given.
struct RawHeader {
  std::string name;
  char type = '0';
  uint64_t size = 0;
  std::string linkname;
  std::string prefix;
  std::string magic = std::string("ustar\0", 6);
  std::string version = "00";
  std::optional<std::string> size_field;  // raw 12 bytes instead of size
  std::optional<uint32_t> checksum;
};
std::vector<uint8_t> RawHeaderBlock(const RawHeader& h);
struct RawMember {
  RawHeader header;
  std::vector<uint8_t> data;  // written as is, then zero-padded to 512
};
// Headers and data, then `end` (by default the two zero blocks).
std::vector<uint8_t> RawTar(const std::vector<RawMember>& members,
                            std::vector<uint8_t> end = std::vector<uint8_t>(1024, 0));
RawMember RawFile(const std::string& name, std::string_view data);

struct TarOutcome {
  bool ok = false;
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<Member> members;  // everything delivered, even before a failure
};
TarOutcome ReadTar(std::span<const uint8_t> tar, std::size_t read_size = 4096);

struct BundleOutcome {
  bool ok = false;
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string stage;  // "open", "next", "copy" or "finish": where it failed
  std::optional<bundle::VerifiedBundle> verified;
  std::vector<Member> streamed;  // member data as CopyMemberTo delivered it (unverified)
};
BundleOutcome ReadBundle(std::span<const uint8_t> file, const std::vector<SecretBytes>& identities,
                         const std::vector<minisign::PublicKey>& accepted);

// Expects a refusal with `code` whose message contains `fragment`, and that
// nothing was released as verified.
void ExpectRefused(const BundleOutcome& outcome, ErrorCode code, const std::string& fragment);
void ExpectRefused(const TarOutcome& outcome, const std::string& fragment);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_BUNDLE_BUNDLE_TEST_SUPPORT_H_
