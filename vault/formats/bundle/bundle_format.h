// Constants and names of the export bundle (docs/bundle-format.md), shared by
// the tar layer, the writer, the reader and the manifest checks.
//
//   bundle.tvb = age v1 file
//                └─ POSIX ustar archive of regular files:
//                     manifest.json, HOW_TO_VERIFY.txt,
//                     statements/<T-id>.v<N>, contacts/<W-id>.json,
//                     custody/<T-id>.json, evidence/<E-id>,
//                     SHA256SUMS, SHA256SUMS.minisig   (in this order of roles)
//   Version 2 (section 7): statements/<T-id>.v<N>.txt for text,
//   evidence/<E-id>.<ext>, and one custody.json instead of custody/.
//   Version 3 (section 8): version 2 plus timestamps/<N>.checkpoint.txt and
//   timestamps/<N>.tsr, the RFC 3161 tokens that cover its events.
//
// Thread-safety: pure functions, no state.
#ifndef TVAULT_BUNDLE_BUNDLE_FORMAT_H_
#define TVAULT_BUNDLE_BUNDLE_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "identity/fingerprint.h"
#include "tar/ustar_profile.h"
#include "util/utf8.h"

namespace tvault::bundle {

// The versions a reader accepts. A writer writes version 3 when it carries
// time-stamp tokens, else version 2, unless asked for another.
inline constexpr int kFormatVersion1 = 1;
inline constexpr int kFormatVersion2 = 2;
inline constexpr int kFormatVersion3 = 3;
inline constexpr int kFormatVersionNewest = kFormatVersion3;
inline bool IsKnownFormatVersion(int64_t v) { return v >= kFormatVersion1 && v <= kFormatVersion3; }
inline constexpr std::string_view kFormatName = "tvault-bundle";

// Fixed member names (section 2).
inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kHowToVerifyName = "HOW_TO_VERIFY.txt";
inline constexpr std::string_view kSumsName = "SHA256SUMS";
inline constexpr std::string_view kSumsSignatureName = "SHA256SUMS.minisig";
inline constexpr std::string_view kStatementsDir = "statements/";
inline constexpr std::string_view kContactsDir = "contacts/";
inline constexpr std::string_view kCustodyDir = "custody/";
inline constexpr std::string_view kEvidenceDir = "evidence/";
inline constexpr std::string_view kCustodyFileName = "custody.json";  // version 2
inline constexpr std::string_view kTextSuffix = ".txt";             // version 2 statements
inline constexpr std::string_view kRedactedSuffix = ".redacted.txt";  // version 2, section 7.7
inline constexpr std::string_view kRedactionsDir = "redactions/";     // version 2, section 7.7
inline constexpr std::string_view kProofSuffix = ".proof";
inline constexpr std::string_view kTimestampsDir = "timestamps/";         // version 3, section 8
inline constexpr std::string_view kStampedCheckpointSuffix = ".checkpoint.txt";
inline constexpr std::string_view kTimestampResponseSuffix = ".tsr";

// Archive limits (section 2), those of the ustar profile.
using tar::kMaxMemberBytes;
using tar::kMaxMemberNameBytes;
using tar::kMaxMembers;
using tar::IsValidMemberName;

// Members a reader buffers whole, with their caps. The writer refuses to
// produce anything larger, so tvault never writes a bundle tvault refuses.
inline constexpr std::size_t kMaxManifestBytes = 16u << 20;
inline constexpr std::size_t kMaxSmallMemberBytes = 1u << 20;  // each custody/contacts file
inline constexpr std::size_t kMaxBufferedBytes = 64u << 20;    // everything buffered, together
// custody.json (version 2) is read whole by the custody check, capped.
inline constexpr std::size_t kMaxCustodyFileBytes = 32u << 20;
// A redaction proof (version 2, section 7.7) is read whole, one at a time.
inline constexpr std::size_t kMaxBundleProofBytes = 32u << 20;
// Version 3 (section 8.1): each stamped checkpoint and response is
// buffered whole; at most kMaxTimestamps stamped sizes per bundle.
inline constexpr std::size_t kMaxTimestampNoteBytes = 16u << 10;
inline constexpr std::size_t kMaxTimestampResponseBytes = 1u << 20;
inline constexpr std::size_t kMaxTimestamps = 1024;
// A SHA256SUMS line is 64 + 2 + name + 1 bytes.
inline constexpr std::size_t kMaxSumsLineBytes = 64 + 2 + kMaxMemberNameBytes + 1;
inline constexpr uint64_t kMaxSumsBytes = kMaxMembers * kMaxSumsLineBytes;

// The bundle's creation time is every member's tar mtime.
inline constexpr int64_t kMaxCreatedUnixS = tar::kMaxMtimeUnixS;

// At most one stanza per recipient in the age header (age::internal::kMaxStanzas).
inline constexpr std::size_t kMaxRecipients = 256;

// The role a member name plays in section 2's table.
enum class MemberKind {
  kManifest,
  kHowToVerify,
  kStatement,    // statements/<T-id>.v<N>, or (version 2) with ".txt"
  kContacts,     // contacts/<W-id>.json
  kCustody,      // custody/<T-id>.json (version 1)
  kCustodyFile,  // custody.json (version 2)
  kEvidence,     // evidence/<E-id>, or (version 2) evidence/<E-id>.<ext>
  kRedactionProof,  // redactions/<R-id>.proof (version 2, section 7.7)
  kStampedCheckpoint,  // timestamps/<N>.checkpoint.txt (version 3, section 8.1)
  kTimestampResponse,  // timestamps/<N>.tsr (version 3)
  kSums,
  kSumsSignature,
  kUnknown,    // a valid name the format does not define
};
MemberKind KindOfMember(std::string_view name);
// manifest.json, contacts/*.json, timestamps/* and the signature file are
// buffered whole by the reader (SHA256SUMS is checked line by line instead).
bool IsBufferedMember(MemberKind kind);
// The cap a buffered member must respect.
std::size_t MaxBufferedMemberBytes(MemberKind kind);
// Members the reader streams but the caller reads whole, one at a time
// (custody files, redaction proofs): their size is capped by
// MaxBufferedMemberBytes, but they do not count towards kMaxBufferedBytes.
bool IsReadWholeMember(MemberKind kind);

// Record ids: a prefix letter, '-', Crockford base-32 upper case.
//   T-xxxxxx (testimony), W-xxxxx (witness), E-xxxxxx (evidence),
//   B-xxxxxxxxxxxx (bundle).
bool IsTestimonyId(std::string_view id);
bool IsWitnessId(std::string_view id);
bool IsEvidenceId(std::string_view id);
bool IsBundleId(std::string_view id);
bool IsRedactionId(std::string_view id);  // R-xxxxxx

// The member names the manifest must use for each file. `text` (version 2
// only) adds ".txt"; `format` 2 gives evidence the extension of its media
// type (section 7.2).
std::string StatementMemberName(std::string_view testimony_id, uint32_t version,
                                bool text = false);
// statements/<T-id>.v<N>.redacted.txt (version 2, section 7.7).
std::string RedactedStatementMemberName(std::string_view testimony_id, uint32_t version);
// redactions/<R-id>.proof (version 2, section 7.7).
std::string RedactionProofMemberName(std::string_view redaction_id);
// timestamps/<N>.checkpoint.txt and timestamps/<N>.tsr (version 3, 8.1).
std::string StampedCheckpointMemberName(uint64_t checkpoint_size);
std::string TimestampResponseMemberName(uint64_t checkpoint_size);
std::string ContactsMemberName(std::string_view witness_id);
std::string CustodyMemberName(std::string_view testimony_id);
std::string EvidenceMemberName(std::string_view evidence_id, int format = kFormatVersion1,
                               std::string_view media_type = {});
// Section 7.2's table: "pdf", "jpg", ..., "bin" for any other media type.
std::string_view EvidenceExtension(std::string_view media_type);

// "4F2A-9C1B-77E0-13D5" exactly as FormatFingerprint writes it (upper-case
// hex, four groups of four).
std::optional<Fingerprint> ParseFingerprint(std::string_view text);

// Bundle text reaches a terminal only through tvault::EscapeForTerminal.
using ::tvault::EscapeForTerminal;

}  // namespace tvault::bundle

#endif  // TVAULT_BUNDLE_BUNDLE_FORMAT_H_
