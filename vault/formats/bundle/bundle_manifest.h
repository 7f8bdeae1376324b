// manifest.json (docs/bundle-format.md, section 3), the checks of section 5
// step 6 that tie it to the verified archive and signature, and the text of
// HOW_TO_VERIFY.txt.
//
// The struct mirrors the JSON object field by field, except that member file
// names ("file", "custody") are not stored: section 2 fixes each one from
// the ids (statements/<T-id>.v<N>, custody/<T-id>.json, contacts/<W-id>.json,
// evidence/<E-id>), so the serializer writes them and the parser requires
// exactly them. Keys and fingerprints are held parsed; the parser checks
// that each fingerprint is the one section 6 derives from the keys beside it.
//
// ParseManifest reads untrusted bytes: strict UTF-8 JSON, one object, no
// duplicate keys, no byte-order mark, no unknown field anywhere, every type
// checked, ids in their grammar, SHA-256 as 64 lowercase hex, times as
// "YYYY-MM-DDTHH:MM:SSZ" (canonical: a real instant), "format" equal to
// "tvault-bundle". kUnsupported "unknown bundle format version" for a
// version other than 1, 2 or 3 (checked before any other field, since a later
// version may add fields); kIntegrity for everything else.
// Text fields (names, reasons, metadata but taken_at, media type,
// description) may hold bytes that are not UTF-8: they are written and read
// in the lossless form of section 3.1 (bundle/carried_text.h), and the
// parser refuses a "_bytes" member that is not exactly that.
// SerializeManifest is deterministic (fixed key order, two-space indent,
// UTF-8 unescaped); Parse(Serialize(m)) == m for every m it accepts.
//
// Parsing reads through JsonReader (util/json_reader.h), which wipes its
// copy of the text and its unescaped strings; the struct's text fields are
// ordinary strings, not wiped when freed. The raw manifest bytes are the
// caller's PlainBytes.
// Thread-safety: no shared state.
#ifndef TVAULT_BUNDLE_BUNDLE_MANIFEST_H_
#define TVAULT_BUNDLE_BUNDLE_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "age/age_format.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_sums.h"
#include "minisign/minisign.h"
#include "crypto/hash.h"
#include "identity/fingerprint.h"
#include "vault/result.h"

namespace tvault::bundle {

bool SameMinisignKey(const minisign::PublicKey& a, const minisign::PublicKey& b);

struct ManifestExporter {
  std::string name;
  Fingerprint fingerprint{};  // IdentityFingerprint(minisign_key.ed25519, age_recipient)
  minisign::PublicKey minisign_key;
  age::X25519Public age_recipient{};
};
bool operator==(const ManifestExporter& a, const ManifestExporter& b);

struct ManifestRecipient {
  std::string name;
  Fingerprint fingerprint{};  // RecipientFingerprint(age_recipient)
  age::X25519Public age_recipient{};
  bool operator==(const ManifestRecipient&) const = default;
};

struct ManifestMetadata {
  std::string title;
  std::string language;
  std::string taken_at;  // "YYYY-MM-DD" or empty
  std::string place;
  std::string interviewer;
  std::string interpreter;
  std::string notes;
  bool operator==(const ManifestMetadata&) const = default;
};

struct ManifestVersion {
  uint32_t version = 0;  // >= 1; file: StatementMemberName(record id, version)
  uint64_t size_bytes = 0;
  crypto::Sha256Digest sha256{};
  int64_t created_at_unix_s = 0;
  std::string reason;
  bool text = false;  // version 2: its file is StatementMemberName(..., true), ".txt"
  bool operator==(const ManifestVersion&) const = default;
};

struct ManifestProvenance {
  std::string bundle_id;
  minisign::PublicKey signer;
  std::string origin_record;  // a T- id in the sender's vault
};
bool operator==(const ManifestProvenance& a, const ManifestProvenance& b);

// A redacted record's proof (version 2, section 7.7).
struct ManifestRedaction {
  std::string id;  // R-; file: RedactionProofMemberName(id)
  uint64_t size_bytes = 0;
  crypto::Sha256Digest sha256{};
  bool operator==(const ManifestRedaction&) const = default;
};

struct ManifestRecord {
  std::string id;       // T-; custody file: CustodyMemberName(id)
  std::string witness;  // W-
  ManifestMetadata metadata;
  std::vector<ManifestVersion> versions;  // strictly increasing version numbers, at least one
  // Version 2: the record is redacted (exactly one version, its file
  // RedactedStatementMemberName) and this is its proof.
  std::optional<ManifestRedaction> redaction;
  std::optional<ManifestProvenance> provenance;
  bool operator==(const ManifestRecord&) const = default;
};

// The member that holds version `v` of record `r`: section 7.1's name, or
// 7.7's for a redacted record.
std::string StatementFileOf(const ManifestRecord& r, const ManifestVersion& v);

struct ManifestContact {
  std::string witness;  // W- of a witness of one of the records; file: ContactsMemberName
  bool operator==(const ManifestContact&) const = default;
};

struct ManifestEvidence {
  std::string id;         // E-; file: EvidenceMemberName(id)
  std::string testimony;  // T- of one of the records
  uint64_t size_bytes = 0;
  crypto::Sha256Digest sha256{};
  std::string media_type;
  std::string description;
  bool operator==(const ManifestEvidence&) const = default;
};

struct BundleManifest {
  int format_version = 1;  // 1, 2 or 3 (sections 7, 8): decides the member names and custody files
  std::string bundle_id;  // B-
  int64_t created_at_unix_s = 0;
  std::string reason;
  ManifestExporter exporter;
  std::vector<ManifestRecipient> recipients;  // 1 .. kMaxRecipients, distinct fingerprints
  bool with_contacts = false;                 // false: contacts is empty
  std::vector<ManifestRecord> records;
  std::vector<ManifestContact> contacts;
  std::vector<ManifestEvidence> evidence;
  // Version 3 (section 8.2): the stamped checkpoint sizes, strictly
  // increasing; each names timestamps/<N>.checkpoint.txt and .tsr.
  std::vector<uint64_t> timestamps;
  bool operator==(const BundleManifest&) const = default;
};

Result<BundleManifest> ParseManifest(std::span<const uint8_t> json);
// kInvalidArgument for a manifest ParseManifest would refuse (so tvault
// never writes one), or a field other than a text field that is not UTF-8.
Result<std::string> SerializeManifest(const BundleManifest& manifest);
// SerializeManifest in two halves, for a writer that checks on another
// thread: the text (kInvalidArgument if a field other than a text field is
// not UTF-8), and the check that `text` parses back to exactly `manifest`.
Result<PlainString> WriteManifestText(const BundleManifest& manifest);
Status CheckManifestText(std::span<const uint8_t> text, const BundleManifest& manifest);

// The names of the members the manifest promises, each with its expected
// size and SHA-256 where the manifest gives them.
struct ManifestFile {
  std::string name;
  std::optional<uint64_t> size_bytes;
  std::optional<crypto::Sha256Digest> sha256;
};
std::vector<ManifestFile> FilesNamedBy(const BundleManifest& manifest);

// How many text fields of the manifest are not UTF-8 (each carried with a
// "_bytes" member, section 3.1).
std::size_t CountTextNotUtf8(const BundleManifest& manifest);

// A member of a read archive, as the reader measured it.
struct MemberDigest {
  std::string name;
  uint64_t size_bytes = 0;
  crypto::Sha256Digest sha256{};
};

// Section 5, step 6, on a manifest that parsed: its bundle id, recipients'
// fingerprints (in order) and creation time equal the trusted comment's; its
// exporter key is the key that signed; every file it names is a member, with
// the size and SHA-256 it states; and every member is either manifest.json,
// HOW_TO_VERIFY.txt (both required), SHA256SUMS, SHA256SUMS.minisig or a
// file the manifest names. kIntegrity naming the first mismatch.
Status CheckManifestAgainstBundle(const BundleManifest& manifest, const TrustedComment& comment,
                                  const minisign::PublicKey& signer,
                                  std::span<const MemberDigest> members);

// HOW_TO_VERIFY.txt: plain ASCII English with the exact commands for this
// bundle. The file names must be non-empty printable ASCII without quotes
// or backslashes (they are shell-quoted when needed); kInvalidArgument
// otherwise.
struct HowToVerifyInputs {
  std::string bundle_id;
  minisign::PublicKey sender_key;
  std::string bundle_file_name = "bundle.tvb";
  std::string identity_file_name = "key.txt";
  int format_version = kFormatVersion1;  // the bundle's: names its files and time
  // Version 2 with redacted records (section 7.7): the text names the
  // independent verifier and this SHA-256 of it (64 lowercase hex digits).
  bool redacted = false;
  std::string verifier_sha256{};
  // Version 3 (section 8.5): the stamped sizes, for the openssl commands.
  std::vector<uint64_t> timestamp_sizes{};
};
Result<std::string> RenderHowToVerify(const HowToVerifyInputs& inputs);

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_BUNDLE_MANIFEST_H_
