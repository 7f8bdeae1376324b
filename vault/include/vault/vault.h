// tvault's public API: start here.
//
// A Vault is an unlocked vault directory (docs/format.md). Opening one takes
// an exclusive lock on the directory for the object's lifetime, runs the
// passphrase KDF, and opens the SQLCipher database. Every method either
// completes in one database transaction or changes nothing.
//
// Errors: kWrongPassphrase (no keyslot opens), kIntegrity (tampered or
// corrupted data), kBusy (another process holds the vault), kNotFound,
// kInvalidArgument, kFailedPrecondition, kIo. Messages never contain secrets
// or record contents.
//
// Thread-safety: a Vault is used from one thread at a time.
#ifndef TVAULT_VAULT_H_
#define TVAULT_VAULT_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vault/consent.h"
#include "vault/redaction.h"
#include "vault/result.h"
#include "vault/secret.h"
#include "vault/text.h"

namespace tvault {

// Argon2id cost of a keyslot. Create() enforces the floor (64 MiB, 1 pass);
// the only way below it is InsecureKdfParamsForTestsOnly().
class KdfParams {
 public:
  static constexpr uint32_t kDefaultMemoryMib = 256;
  static constexpr uint32_t kDefaultPasses = 3;
  static constexpr uint32_t kMinMemoryMib = 64;
  static constexpr uint32_t kMinPasses = 1;
  static constexpr uint32_t kMaxMemoryMib = 4096;
  static constexpr uint32_t kMaxPasses = 64;

  static KdfParams Default() { return KdfParams(kDefaultMemoryMib * 1024, kDefaultPasses); }
  // kInvalidArgument outside [floor, maximum].
  static Result<KdfParams> Create(uint32_t memory_mib, uint32_t passes);

  uint32_t memory_kib() const { return memory_kib_; }
  uint32_t passes() const { return passes_; }

 private:
  KdfParams(uint32_t memory_kib, uint32_t passes) : memory_kib_(memory_kib), passes_(passes) {}
  friend KdfParams InsecureKdfParamsForTestsOnly(uint32_t memory_kib, uint32_t passes);
  uint32_t memory_kib_;
  uint32_t passes_;
};

// Cheap KDF parameters for unit tests. Never call this from the product.
KdfParams InsecureKdfParamsForTestsOnly(uint32_t memory_kib, uint32_t passes);

struct InitOptions {
  PlainString custodian_name;  // shown in identity and bundles
  KdfParams kdf = KdfParams::Default();
};

struct OpenOptions {
  // How long to wait for another command to release the vault.
  std::chrono::milliseconds wait{10000};
  // Nothing is written: the database is opened read-only, the vault lock is
  // shared (a writer holding it makes the open wait, then fail kBusy) and
  // never created, the evidence folder is not swept, failed unlocks are not
  // counted, and views are NOT recorded in the audit log (the caller must
  // say so). Methods that change the vault fail kFailedPrecondition. An
  // interrupted header change that must be finished first fails the open
  // (kFailedPrecondition).
  bool read_only = false;
  // false: a wrong passphrase is not counted as a failed unlock (for a
  // caller that retries at once with a variant of the same input, and
  // counts the retry).
  bool count_failed_unlock = true;
};

// What one unlock yields, for a client that runs many commands in one
// sitting (`tvault shell`, a desktop window): the vault's master key in
// guarded memory, the vault it belongs to and the keyslot that opened it.
// With it Vault::Open opens the vault again without the passphrase and the
// KDF, so the vault's lock needs to be held only while a command runs.
// Holding one is holding the vault unlocked: Forget() (or destruction) wipes
// the key. Move-only; not thread-safe.
class UnlockKey {
 public:
  UnlockKey() = default;
  UnlockKey(UnlockKey&&) noexcept = default;
  UnlockKey& operator=(UnlockKey&&) noexcept = default;

  bool empty() const { return master_key_.empty(); }
  void Forget() { *this = UnlockKey(); }

 private:
  friend class Vault;
  SecretBytes master_key_;
  std::array<uint8_t, 16> vault_id_{};
  uint8_t slot_id_ = 0;
  // SHA-256 of the keyslot as it was at the unlock: a passphrase change or
  // a removal of that slot (by any process) ends the key's use.
  std::array<uint8_t, 32> slot_digest_{};
};

// ------------------------------------------------------------------ records

struct WitnessDetails {
  PlainString name;
  std::vector<PlainString> aliases;
  PlainString phone;
  PlainString email;
  PlainString address;
  PlainString relatives;  // relatives at risk
  PlainString notes;
};

// Contact details as a person writes them in a file (`--details-file`):
// one JSON object (RFC 8259, UTF-8, no byte-order mark) whose members are
// those of `witness show --json`: "name" (required, non-empty), "aliases"
// (an array of non-empty strings), "phone", "email", "address",
// "relatives", "notes" (strings); "id", "created_at" and
// "version_created_at" (strings) and "version" (a number) are accepted and
// ignored (the vault assigns them). Anything else (an unknown
// key, a wrong type, a repeated key, more than kMaxWitnessDetailsJson
// bytes) is kInvalidArgument, one line that names the key at fault and no
// value. Untrusted input: safe on any bytes. Thread-safe.
inline constexpr std::size_t kMaxWitnessDetailsJson = 64 * 1024;
Result<WitnessDetails> WitnessDetailsFromJson(std::span<const uint8_t> json);

struct Witness {
  std::string id;
  int64_t created_at_unix_s = 0;  // of the witness (version 1)
  uint32_t version = 0;           // the version in `details`
  uint32_t version_count = 0;     // the latest version (1: never edited)
  int64_t version_created_at_unix_s = 0;
  WitnessDetails details;
};

// What Vault::EditWitness changes: a field left nullopt keeps the value of
// the latest version; an empty value clears it (not the name, which a
// witness always has). All(d) replaces every field with those of `d`.
struct WitnessChanges {
  std::optional<PlainString> name;
  std::optional<std::vector<PlainString>> aliases;
  std::optional<PlainString> phone, email, address, relatives, notes;
  static WitnessChanges All(const WitnessDetails& d);
};

// One version of a witness's contact details (Vault::WitnessHistory).
struct WitnessVersionInfo {
  uint32_t version = 0;
  int64_t created_at_unix_s = 0;
  PlainString reason;  // given with the edit; empty for version 1
  // Names of the fields that differ from the version before ("name",
  // "aliases", "phone", "email", "address", "relatives", "notes", as in
  // `witness show --json`); empty for version 1.
  std::vector<std::string> changed_fields;
  // The values of this version: only when asked for (with_values).
  std::optional<WitnessDetails> details;
};

struct WitnessSummary {
  std::string id;
  int64_t created_at_unix_s = 0;
  PlainString name;
  int64_t testimony_count = 0;
};

struct TestimonyMetadata {
  PlainString title;
  PlainString language;
  PlainString taken_at;  // YYYY-MM-DD or empty
  PlainString place;
  PlainString interviewer;
  PlainString interpreter;
  PlainString notes;
  // The base name of the file the statement came from (never a path), kept
  // sealed with the rest and never exported. Empty for standard input, for
  // imported records, and for records added before names were kept. An
  // amendment keeps it unless it gives another.
  PlainString file_name;
};

// Where an imported testimony came from (empty for local intake).
struct Provenance {
  std::string bundle_id;
  std::string signer;          // minisign public key of the sender
  std::string origin_record;   // id in the sending vault
};

using Sha256Bytes = std::array<uint8_t, 32>;

struct TestimonyVersionInfo {
  uint32_t version = 0;
  int64_t created_at_unix_s = 0;
  Sha256Bytes sha256{};
  uint64_t size_bytes = 0;
  PlainString reason;
};

struct Testimony {
  std::string id;
  std::string witness_id;
  int64_t created_at_unix_s = 0;  // of version 1
  uint32_t version_count = 0;
  TestimonyVersionInfo version;   // the version shown
  TestimonyMetadata metadata;     // of the version shown
  Provenance provenance;
  PlainBytes statement;           // exact bytes of the version shown
};

struct TestimonySummary {
  std::string id;
  std::string witness_id;
  int64_t created_at_unix_s = 0;
  uint32_t version_count = 0;
  PlainString title;      // of the latest version
  PlainString file_name;  // of the latest version; see TestimonyMetadata
};

// ------------------------------------------------------------------- cases

// What the user tells about a case (sealed per version, docs/format.md 4.6).
struct CaseDetails {
  PlainString title;      // required
  PlainString reference;  // e.g. a court or UN file number
  PlainString notes;
};

struct Case {
  std::string id;                  // "C-..."
  int64_t created_at_unix_s = 0;   // of version 1
  uint32_t version = 0;            // the latest, which is shown
  int64_t version_created_at_unix_s = 0;
  CaseDetails details;             // of the latest version
  std::vector<std::string> witnesses;    // W ids, in id order
  std::vector<std::string> testimonies;  // T ids, in id order
};

struct CaseSummary {
  std::string id;
  int64_t created_at_unix_s = 0;
  uint32_t version_count = 0;
  PlainString title;      // of the latest version
  PlainString reference;  // of the latest version
  int64_t witness_count = 0;
  int64_t testimony_count = 0;
};

// Which records ListWitnesses / ListTestimonies return. Empty: all.
struct ListFilter {
  std::string case_id;  // only the records assigned to this case ("C-...")
  // Testimonies only: those whose consent in effect covers this use today
  // (for any recipient a consent does not restrict).
  std::optional<ConsentScope> consent_for;
};

struct AddedTestimony {
  std::string id;
  Sha256Bytes sha256{};
  uint64_t size_bytes = 0;
};

// Produces the statement bytes of one testimony (a file, standard input).
using StatementSource = std::function<Result<PlainBytes>()>;
// Reads the whole file at `path` ("-": standard input) when called.
StatementSource StatementFromFile(std::filesystem::path path);

// One testimony to add: its statement and its own metadata.
struct NewTestimony {
  StatementSource source;
  TestimonyMetadata metadata;
};

// The testimony of a statement file: read from `path` when added, with
// `metadata` and, unless `path` is "-" (standard input, no name), the
// file's base name as metadata.file_name and, when metadata.title is empty,
// the base name without its last extension as the title ("a.b.txt": "a.b";
// ".notes": ".notes"). A base name that is not UTF-8 text is not kept:
// file_name and the title it would give stay empty (IsValidUtf8 tells the
// caller, who may warn). Does not touch the file. Thread-safe.
Result<NewTestimony> TestimonyFromFile(const std::filesystem::path& path,
                                       TestimonyMetadata metadata);

// The statement files of a folder, to add them together: every regular file
// directly inside `dir`, sorted by the bytes of their names. Names starting
// with "." (hidden files, such as .DS_Store) are left out and counted in
// `hidden_skipped`. Any other entry (a folder, a symbolic link, a device, a
// pipe) is kInvalidArgument naming it: the folder is not what the caller
// thinks, and a statement silently left out would be worse than a refusal.
// No file at all is kNotFound; a folder that cannot be read is kNotFound or
// kIo. Reads names and types only, never contents. Thread-safe.
struct StatementFolder {
  std::vector<std::filesystem::path> files;
  std::size_t hidden_skipped = 0;
};
Result<StatementFolder> ListStatementFolder(const std::filesystem::path& dir);

struct ShredReport {
  // Each testimony followed by its evidence (E-...), then the witness.
  std::vector<std::string> shredded_ids;
};

// One record Shred would destroy. Ids, counts and sizes only: no content.
struct ShredPlanItem {
  std::string id;           // "T-...", "E-..." or "W-..."
  std::string testimony_id; // evidence: the testimony it belongs to
  uint32_t versions = 0;    // testimony: its statement versions; witness: of its contact details
  uint64_t size_bytes = 0;  // testimony: all versions' statements; evidence: the file
};

struct ShredPlan {
  // In ShredReport::shredded_ids order.
  std::vector<ShredPlanItem> items;
};

struct Tombstone {
  std::string id;
  int64_t shredded_at_unix_s = 0;
  PlainString reason;
  std::vector<std::pair<uint32_t, Sha256Bytes>> version_hashes;
};

struct KeyslotInfo {
  uint8_t slot_id = 0;
  uint32_t kdf_memory_kib = 0;
  uint32_t kdf_passes = 0;
  int64_t created_at_unix_s = 0;
  bool used_for_this_unlock = false;
  // Who or what the slot is for ("Anna's backup"), or empty. Sealed in the
  // database (docs/format.md, section 4.7), never in vault.header.
  PlainString label;
  // A recovery keyslot (vault/recovery.h): opened by shares, not a
  // passphrase; kdf_memory_kib and kdf_passes are 0.
  bool recovery = false;
};

// The longest keyslot label, in bytes.
inline constexpr std::size_t kMaxKeyslotLabelBytes = 200;

// ---------------------------------------------------------------- evidence

// What the user tells about an evidence file (sealed in its metadata).
struct EvidenceMeta {
  PlainString description;
  PlainString media_type;  // e.g. "audio/ogg"; free text, not interpreted
  Provenance provenance;   // set only by import (AddEvidence refuses it)
};

// One evidence file as its sealed metadata describes it. Every field but
// the ids and added_at comes from authenticated, encrypted metadata.
struct EvidenceInfo {
  std::string id;            // "E-..."
  std::string testimony_id;  // "T-..."
  int64_t added_at_unix_s = 0;
  uint64_t size_bytes = 0;
  Sha256Bytes sha256{};      // of the exact original bytes (= sha256sum)
  PlainString description;
  PlainString media_type;
  Provenance provenance;
};

// Progress of a long evidence transfer: bytes done so far and the total
// (0 when unknown, e.g. standard input). Called from the caller's thread.
using EvidenceProgress = std::function<void(uint64_t done, uint64_t total)>;

// Progress of a long operation (export, check, bundle verify and import):
// work done so far of the total, in the unit the method names. Called from
// the caller's thread, possibly often: throttling is the caller's.
using Progress = std::function<void(uint64_t done, uint64_t total)>;

// -------------------------------------------------------- identity, peers

struct IdentityInfo {
  PlainString name;
  std::string minisign_public_key;  // "RW..." (what `minisign -V -P` takes)
  std::string age_recipient;        // "age1..."
  std::string fingerprint;          // "XXXX-XXXX-XXXX-XXXX"
};

struct Peer {
  PlainString name;
  std::string age_recipient;        // may be empty (a sender we only verify)
  std::string minisign_public_key;  // may be empty (a recipient we only encrypt to)
  std::string recipient_fingerprint;  // of the age recipient, if any
  std::string minisign_key_id;        // as minisign prints it, if any
  int64_t created_at_unix_s = 0;
};

// What Vault::EditPeer changed: the peer as it is now, and which keys are new
// (their fingerprints must be compared with the person again).
struct PeerKeyChange {
  Peer peer;
  bool age_recipient_changed = false;
  bool minisign_key_changed = false;
};

// ----------------------------------------------------------------- bundles

struct ExportRequest {
  std::vector<PlainString> to;           // peer names (each needs an age recipient)
  // What the records are for: every record's consent in effect must cover
  // it and every recipient (docs/format.md 4.9), else the export is
  // refused (kFailedPrecondition naming each record and why) unless
  // `override_consent`, which exports anyway and logs
  // export.override_consent with `reason`. Required (kInvalidArgument).
  std::optional<ConsentScope> purpose;
  bool override_consent = false;
  std::vector<std::string> testimonies;  // ids, or empty with all = true
  bool all = false;
  // Non-empty: every testimony assigned to this case ("C-..."), instead of
  // `testimonies` or `all` (kInvalidArgument with either). Testimonies of
  // the case's witnesses that are not themselves assigned are not included.
  // kNotFound for an unknown case, kFailedPrecondition if it has no
  // testimony.
  std::string case_id;
  bool with_contacts = false;
  PlainString reason;
  std::filesystem::path out;
  // Text stored before intake refused bytes that are not UTF-8 (a title, a
  // reason, a description) is carried in the escaped, lossless form of
  // docs/bundle-format.md section 3.1 instead of failing the export with
  // ErrorDetail::kStoredTextNotUtf8. Import restores the exact bytes.
  bool escape_invalid_text = false;
  // The bundle format (docs/bundle-format.md): 0, the default, writes 3
  // when the vault holds a time-stamp token that covers an exported record
  // (section 8.5), else 2; 1, 2 or 3 as asked, for a recipient whose tvault
  // predates the newer versions (2 leaves the tokens out). kInvalidArgument
  // for any other value.
  int bundle_format = 0;
  // Redacted records (format 2 only; docs/bundle-format.md section 7.7).
  // Each R- id sends its testimony through that redaction: only the
  // redacted version, with its proof, no evidence, and no metadata but the
  // language and the date. With no testimony named (and neither `all` nor
  // a case), the redactions choose the records; otherwise each must be of a
  // chosen record. Either failing, or two redactions of one testimony:
  // kInvalidArgument.
  std::vector<std::string> redactions;
  // Every testimony exported goes through a redaction: the one named in
  // `redactions`, else its newest (kFailedPrecondition naming each
  // testimony that has none). With either, `with_contacts` is refused
  // (kInvalidArgument): contacts would name whom the redaction hides.
  bool redacted = false;
  // Testimonies written (statements, custody, evidence) of those chosen.
  Progress progress;
};

struct ExportResult {
  std::string bundle_id;
  Sha256Bytes bundle_sha256{};
  std::size_t records = 0;
  std::size_t versions = 0;
  std::size_t contacts = 0;
  std::size_t evidence = 0;
  std::size_t redacted = 0;  // records sent through a redaction
  std::vector<std::string> recipient_fingerprints;
  int format_version = 0;           // the bundle format written
  std::size_t timestamps = 0;       // time-stamp tokens carried (format 3)
  // Tokens that cover an exported record but that the format asked for
  // cannot carry (format 1 or 2).
  std::size_t timestamps_left_out = 0;
};

// A redacted record of a bundle whose proof verified.
struct BundleRedaction {
  std::string testimony_id;  // in the sender's vault
  uint32_t version = 0;
  std::string redaction_id;  // R-
  uint32_t token_count = 0;
  uint32_t hidden_tokens = 0;
  // The sender's signed log holds the proof's commitment (false: the bundle
  // makes no custody claim, and the proof ties the text to nothing).
  bool logged = false;
  bool commitment_at_intake = false;  // else logged at the first redaction
  uint64_t commitment_seq = 0;
};

// A time-stamp token of a format 3 bundle (docs/bundle-format.md section
// 8.4): its stamped checkpoint is the sender's, signed by the bundle's
// signer, a prefix of the log the bundle's custody is proven in, and the
// token is over it. Who signed the token is checked only by
// CheckBundleTimestampAuthority.
struct BundleTimestamp {
  uint64_t checkpoint_size = 0;  // the sender's log held this many events
  int64_t time_unix_s = 0;       // the token's time, as the token states it
  // The authority's name: text from outside, as the token states it until
  // CheckBundleTimestampAuthority replaces it with the verified signer
  // certificate's subject.
  std::string tsa;
  std::string serial_hex;
  std::string policy;
  bool authority_checked = false;  // its signature chains to a CA the caller gave
  Sha256Bytes imprint{};           // SHA-256 of the stamped checkpoint member
  std::vector<uint8_t> response;   // the DER TimeStampResp
};

// When a carried version provably existed (section 8.4): the earliest time
// of the bundle's tokens that cover the event its custody relies on.
struct BundleVersionTime {
  std::string testimony_id;  // in the sender's vault
  uint32_t version = 0;
  uint64_t event_seq = 0;    // the creating event, or a late redaction commitment
  std::optional<int64_t> existed_by_unix_s;  // none: no token covers it
  uint64_t checkpoint_size = 0;              // the stamp that gives the time
  // The stamp's authority was checked (CheckBundleTimestampAuthority);
  // false: the time is what a token whose signer nobody vouched for says.
  bool authority_checked = false;
};

struct BundleSummary {
  int format_version = 1;  // 1, 2 or 3 (docs/bundle-format.md sections 7, 8)
  std::string bundle_id;
  int64_t created_at_unix_s = 0;
  PlainString reason;
  PlainString exporter_name;          // as the sender wrote it in the manifest
  std::string signer_key;             // the minisign key that signed ("RW...")
  PlainString signer_peer;            // the peer it belongs to, if known
  std::string decrypted_by;           // recipient fingerprint of the identity that opened it
  std::vector<std::string> recipient_fingerprints;
  std::vector<std::string> records;   // testimony ids in the sender's vault
  std::size_t versions = 0;
  std::size_t contacts = 0;
  std::size_t evidence = 0;
  std::size_t custody_events_verified = 0;
  std::size_t records_without_custody = 0;  // the sender made no custody claim for these
  // Version 2: each redacted record, checked (docs/bundle-format.md 7.7).
  std::vector<BundleRedaction> redactions;
  // Text fields of the manifest carried in escaped form because their bytes
  // are not UTF-8 (docs/bundle-format.md, section 3.1).
  std::size_t text_not_utf8 = 0;
  // Version 3: the tokens, by increasing checkpoint size, and each carried
  // version's time (attested records only).
  std::vector<BundleTimestamp> timestamps{};
  std::vector<BundleVersionTime> existed_by{};
};

// Checks the signature of every token of `summary` against the PEM CA
// certificates in `ca_pem`, at each token's own time (docs/bundle-format.md
// section 8.4), and marks each token and each existed_by authority_checked,
// each token's `tsa` then the verified signer's subject. kIntegrity naming the
// first token that does not verify (none is marked then), kInvalidArgument
// for a CA file without certificates or larger than 1 MiB. Needs no vault.
Status CheckBundleTimestampAuthority(BundleSummary& summary, std::span<const uint8_t> ca_pem);

struct ImportResult {
  BundleSummary bundle;
  bool already_imported = false;
  std::vector<std::pair<std::string, std::string>> testimonies;  // (sender's id, new local id)
  std::vector<std::pair<std::string, std::string>> evidence;     // (sender's id, new local id)
  std::vector<std::string> new_witnesses;
};

// ------------------------------------------------------------------- audit

struct AuditEvent {
  uint64_t seq = 0;
  int64_t time_unix_s = 0;
  std::string actor;  // custodian fingerprint "XXXX-XXXX-XXXX-XXXX"
  std::string action;  // "testimony.add", ...
  std::string object_id;
  uint32_t object_version = 0;
  std::vector<std::string> refs;
  std::vector<std::string> digests;  // lowercase hex
  // Sealed fields, shown only with the vault unlocked.
  PlainString reason;
  std::optional<uint64_t> count;
  std::optional<Sha256Bytes> bundle_sha256;
  std::vector<PlainString> recipient_names;
  PlainString detail;
  // The reason was erased with its record by shred (docs/audit-format.md,
  // section 2.1); `reason` is then empty.
  bool reason_erased = false;
};

struct AuditFilter {
  std::string record;                   // events naming this id (object or ref)
  std::optional<int64_t> since_unix_s;  // events at or after this time
};

// A checkpoint someone holds, to check the log against.
struct ExternalCheckpoint {
  std::string note;    // the signed note's text
  std::string source;  // e.g. the file name, for messages
};

struct AuditVerifyReport {
  uint64_t events = 0;
  std::size_t checkpoints = 0;       // stored and external, all verified
  uint64_t records_checked = 0;      // database rows matched to their events
  std::string root_hex;
};

// A time-stamp request over a new anchor checkpoint (docs/audit-format.md,
// section 10), for the user to send to a time-stamping authority.
struct TimestampRequest {
  std::vector<uint8_t> request;  // DER TimeStampReq
  std::string checkpoint;        // the anchor it covers, as a signed note
  uint64_t checkpoint_size = 0;
  std::string imprint_hex;       // SHA-256 of `checkpoint`, lowercase hex
};

// One time-stamp request and, once added, the authority's answer.
struct TimestampInfo {
  uint64_t checkpoint_size = 0;
  int64_t requested_at_unix_s = 0;
  std::optional<int64_t> time_unix_s;      // the authority's time (genTime)
  std::optional<int64_t> added_at_unix_s;  // when the response was stored
  std::string tsa;                         // the authority's name: text from outside
  std::string serial_hex;                  // the token's serial number
  std::string policy;                      // the authority's policy OID
  std::string response_sha256_hex;         // the digest its audit.timestamp event logged
};

// A time-stamped checkpoint as files for standard tools:
// `openssl ts -verify -data <checkpoint> -in <response> -CAfile <the CA>`.
struct TimestampFiles {
  std::string checkpoint;          // the signed note, exactly as stamped
  std::vector<uint8_t> response;  // DER TimeStampResp, as the authority sent it
};

// One event of a record's custody, with what a third party needs to check
// it against a signed checkpoint: the exact entry and its inclusion proof.
struct CustodyEvent {
  AuditEvent event;
  std::vector<uint8_t> entry;              // the leaf data
  std::vector<std::string> inclusion_proof;  // hex hashes, leaf side first
};

struct CustodyVersion {
  uint32_t version = 0;
  int64_t created_at_unix_s = 0;
  Sha256Bytes sha256{};
  uint64_t size_bytes = 0;
  PlainString reason;
  Sha256Bytes commitment_salt{};  // reveals nothing without the statement
  bool shredded = false;          // only the hash survives (from the tombstone)
};

struct CustodyReport {
  std::string id;
  std::string witness_id;
  bool shredded = false;
  std::vector<CustodyVersion> versions;
  Provenance provenance;
  std::vector<CustodyEvent> events;  // every event naming the record, in order
  std::string checkpoint;            // signed note covering all of them
  uint64_t checkpoint_size = 0;
  std::string signer_key;            // "RW..."
  std::string origin;
};

// The custody report as JSON (docs/audit-format.md, section 10): the
// document `tvault custody --json` prints and bundles carry as custody/<id>.json.
// A reason that is not UTF-8 is written in the lossless form of
// docs/bundle-format.md, section 3.1 (escaped, with "reason_bytes").
PlainString CustodyReportJson(const CustodyReport& report);

// Largest statement accepted by AddTestimonies/AmendTestimony.
inline constexpr std::size_t kMaxStatementBytes = 256u << 20;

// What `check` found that is neither damage nor in order.
struct CheckReport {
  // Complete evidence files (names in <vault>/evidence) that the database
  // has neither a row nor a tombstone for. They are kept: the likely cause
  // is a vault.db restored from a backup older than the evidence folder,
  // and their keys are only in the newer database.
  std::vector<std::string> unknown_evidence_files;
};

// Failed unlock attempts counted since the last successful unlock, as an
// open found them (docs/format.md, section 1), before it logged and reset
// them. `since_unix_s` is the time of the first of them, unknown for a count
// written by a tvault that did not store it.
struct UnlockFailures {
  uint64_t count = 0;
  std::optional<int64_t> since_unix_s;
};

// What Vault::Search looks in. Statements and metadata are on by default;
// contacts (witness details) only when asked, since a search of them opens
// the contacts compartment.
struct SearchScope {
  bool metadata = true;    // testimony metadata of the latest version, evidence descriptions
  bool statements = true;  // the latest version's statement
  bool contacts = false;   // witness names, aliases, phone, email, address, relatives, notes
  // Non-empty: only the testimonies (and their evidence) and witnesses
  // assigned to this case ("C-...").
  std::string case_id;
};

struct SearchHit {
  std::string id;     // T-, E- or W- id
  std::string kind;   // "testimony", "evidence", "witness"
  std::string field;  // "title", "statement", "phone", ... (CLI option names)
  // One line around the first match in that field, raw bytes of the record
  // (they may not be UTF-8): escape before showing.
  PlainString context;
};

// Recovery shares: vault/recovery.h.
struct RecoveryPlan;
struct RecoverySet;
struct RecoveryInfo;
struct RecoverOptions;
struct Recovered;
class RecoveryShares;
// Backups: vault/backup.h.
struct BackupRequest;
struct BackupSummary;

class Vault {
 public:
  // Creates a new vault at `dir`, which must not exist or be an empty
  // directory. kAlreadyExists otherwise.
  static Status Init(const std::filesystem::path& dir, const SecretBytes& passphrase,
                     const InitOptions& options);
  // Whether `dir` holds a vault's two files, without a passphrase or a
  // lock: kNotFound naming the one that is missing (a missing vault.header
  // beside a vault.db is not "no vault"), kIo if they cannot be looked at.
  static Status CheckFiles(const std::filesystem::path& dir);
  // Whether Init could create a vault at `dir` (it does not exist, or is an
  // empty directory) with `options` (a custodian name that is UTF-8 text),
  // without a passphrase: the kAlreadyExists or kInvalidArgument Init gives.
  static Status CheckInit(const std::filesystem::path& dir, const InitOptions& options);
  static Result<Vault> Open(const std::filesystem::path& dir, const SecretBytes& passphrase,
                            const OpenOptions& options);
  // Opens the vault that `key` came from (KeepUnlockKey), as Open with the
  // passphrase would, without the KDF. kWrongPassphrase with
  // ErrorDetail::kUnlockExpired when the keyslot that was unlocked has
  // changed or is gone (passphrase change, keyslot remove): ask the
  // passphrase again. kInvalidArgument for an empty key or one of another
  // vault; kIntegrity if the header does not authenticate under the key.
  // Failed unlocks counted meanwhile are reported and logged as by Open.
  static Result<Vault> Open(const std::filesystem::path& dir, const UnlockKey& key,
                            const OpenOptions& options);
  // A copy of this open vault's unlock, for opening it again later.
  UnlockKey KeepUnlockKey() const;

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();

  // Witnesses (contacts compartment). `case_id` as for AddTestimonies.
  Result<std::string> AddWitness(const WitnessDetails& details, std::string_view case_id = {});
  // `version` 0: the latest. A version that does not exist is kNotFound
  // naming the witness's versions. Logs witness.view with the version.
  Result<Witness> GetWitness(std::string_view id, uint32_t version = 0);
  Result<std::vector<WitnessSummary>> ListWitnesses(const ListFilter& filter = {});
  // Records a new version of a witness's contact details (docs/format.md,
  // section 4.7): the latest version with `changes` applied, sealed under a
  // fresh record key with `reason` (may be empty); earlier versions are kept
  // until the witness is shredded. Returns the new version number. Errors:
  // kInvalidArgument (no change given, an empty name, text that is not
  // UTF-8), kNotFound (no such witness), kFailedPrecondition with
  // ErrorDetail::kSameAsVersion when the result equals the latest version
  // (nothing stored). Logs witness.edit with the new version.
  Result<uint32_t> EditWitness(std::string_view id, const WitnessChanges& changes,
                               const PlainString& reason);
  // Every version of a witness, oldest first, with the names of the fields
  // each changed. `with_values`: each version's details too (logged as
  // witness.history_values, otherwise witness.history): the diff is
  // computed here, from the decrypted versions, never stored.
  Result<std::vector<WitnessVersionInfo>> WitnessHistory(std::string_view id,
                                                         bool with_values = false);

  // Cases (docs/format.md, section 4.6): a matter that groups witnesses and
  // testimonies; a record may be in several cases. Case text is UTF-8
  // (ErrorDetail::kTextNotUtf8) and sealed; every change is audited
  // (case.add, case.edit, case.assign, case.unassign) with ids only.
  // An unknown case is kNotFound; a malformed id or one of another kind
  // where a case id is expected is kInvalidArgument.
  //
  // Returns the new C- id (version 1). kInvalidArgument without a title.
  Result<std::string> AddCase(const CaseDetails& details);
  // Every case with its latest title and member counts (logs case.view).
  Result<std::vector<CaseSummary>> ListCases();
  // The latest version and the members (logs case.view).
  Result<Case> GetCase(std::string_view id);
  // Never overwrites: stores a new version whose fields are the latest
  // version's with the non-empty fields of `changes` replacing them; returns
  // its number. kInvalidArgument if `changes` is all empty;
  // kFailedPrecondition (ErrorDetail::kSameAsVersion) if the result equals
  // the latest version (nothing is stored).
  Result<uint32_t> EditCase(std::string_view id, const CaseDetails& changes);
  // Adds witnesses (W-) and testimonies (T-) to a case, all or none. A record
  // that does not exist or was shredded is kNotFound naming it; one already
  // in the case is kFailedPrecondition naming it (assigning twice is
  // refused, not a no-op, so that the log never holds an assignment that
  // changed nothing). Ids repeated in `record_ids` count once.
  Status AssignToCase(std::string_view case_id, std::span<const std::string> record_ids);
  // Removes records from a case, all or none; one not in the case is
  // kFailedPrecondition naming it.
  Status UnassignFromCase(std::string_view case_id, std::span<const std::string> record_ids);

  // Testimonies. AddTestimonies reads each source in turn inside one
  // transaction: all are stored or none. Returns the new ids in order.
  // `case_id` non-empty: the new testimonies are assigned to that case in
  // the same transaction (case.assign), which must exist (kNotFound).
  // Each testimony has metadata of its own (its title, its file name: what
  // TestimonyFromFile gives); the second form gives all the same metadata.
  Result<std::vector<AddedTestimony>> AddTestimonies(std::string_view witness_id,
                                                     std::span<const NewTestimony> testimonies,
                                                     std::string_view case_id = {});
  Result<std::vector<AddedTestimony>> AddTestimonies(std::string_view witness_id,
                                                  const TestimonyMetadata& metadata,
                                                  std::span<const StatementSource> sources,
                                                  std::string_view case_id = {});
  // `version` empty: the latest.
  Result<Testimony> GetTestimony(std::string_view id, std::optional<uint32_t> version);
  Result<std::vector<TestimonySummary>> ListTestimonies(const ListFilter& filter = {});
  // Appends a version; fields of `metadata_changes` that are non-empty replace
  // the previous version's. Returns the new version number. A version whose
  // bytes and metadata would both equal the latest version's is refused
  // (kFailedPrecondition, ErrorDetail::kSameAsVersion) and nothing is stored.
  Result<uint32_t> AmendTestimony(std::string_view id, const StatementSource& source,
                                  const PlainString& reason,
                                  const TestimonyMetadata& metadata_changes);
  Result<std::vector<TestimonyVersionInfo>> TestimonyHistory(std::string_view id);

  // Crypto-erases a testimony (with its evidence), a witness (with its
  // testimonies only if `cascade`) or one evidence file (see docs/format.md,
  // section 6).
  Result<ShredReport> Shred(std::string_view id, const PlainString& reason, bool cascade);
  // What Shred(id, reason, cascade) would destroy now, with the errors it
  // would give (unknown id, a witness with testimonies without `cascade`).
  // Changes nothing and logs nothing: it shows ids, counts and sizes, which
  // every listing shows too. The same Vault object keeps the vault locked,
  // so a Shred that follows destroys exactly this set.
  Result<ShredPlan> PlanShred(std::string_view id, bool cascade);
  Result<std::vector<Tombstone>> ListTombstones();

  // Evidence files (docs/format.md section 4.5, docs/evidence-format.md).
  // AddEvidence streams `file` ("-": standard input) into an encrypted file
  // beside the database, in bounded memory whatever its size, computing its
  // size and SHA-256 on the way; the record becomes visible only when the
  // ciphertext is durable and the row committed. Logs evidence.add.
  Result<EvidenceInfo> AddEvidence(std::string_view testimony_id,
                                   const std::filesystem::path& file, const EvidenceMeta& meta,
                                   const EvidenceProgress& progress = {});
  // Metadata of a testimony's evidence, oldest first (logs one
  // evidence.view per item, detail "list").
  Result<std::vector<EvidenceInfo>> ListEvidence(std::string_view testimony_id);
  // Metadata of one evidence file (logs evidence.view, detail "show").
  Result<EvidenceInfo> ShowEvidence(std::string_view evidence_id);
  // Writes the exact original bytes to `out`, verified against the stored
  // size and SHA-256 (logs evidence.view, detail "get").
  // A file path is written under a temporary name in the same directory and
  // appears only after the final chunk authenticated and the hash matched:
  // on any failure nothing is left. "-" is standard output, which receives
  // each chunk once it authenticated: after a failure (kIntegrity) a verified
  // prefix may already have been written. kAlreadyExists if `out` exists.
  Result<EvidenceInfo> GetEvidence(std::string_view evidence_id,
                                   const std::filesystem::path& out,
                                   const EvidenceProgress& progress = {});

  // Keyslots. ChangePassphrase replaces the slot this vault was opened with
  // (its label stays). Labels are checked by ValidateKeyslotLabel; they are
  // sealed in the database, bound to their slot's id and salt, and removed
  // with their slot. ListKeyslots reads them: kIntegrity if one fails to
  // authenticate.
  Result<std::vector<KeyslotInfo>> ListKeyslots();
  Status ChangePassphrase(const SecretBytes& new_passphrase, std::optional<KdfParams> kdf);
  Result<uint8_t> AddKeyslot(const SecretBytes& new_passphrase, std::optional<KdfParams> kdf,
                             const PlainString& label = {});
  Status RemoveKeyslot(uint8_t slot_id);
  // RemoveKeyslot refuses a recovery slot (RevokeRecovery) and the last
  // passphrase slot (kFailedPrecondition).
  //
  // Recovery shares (vault/recovery.h). CreateRecovery logs
  // recovery.create; kFailedPrecondition if a recovery slot exists and not
  // plan.replace, or the header is full. RecoveryStatus: the recovery slot,
  // if any. RevokeRecovery removes it (recovery.revoke); kNotFound if there
  // is none. Recover opens the vault at `dir` with `shares` (complete), sets
  // `new_passphrase` and removes the recovery slot in one header change
  // (recovery.restore), and returns the vault opened with the new
  // passphrase's slot, and what was used. Errors: those of CheckRecoverTarget; kWrongPassphrase
  // if the shares do not open the recovery slot; kIntegrity if they do not
  // combine (a forged or damaged share).
  Result<RecoverySet> CreateRecovery(const RecoveryPlan& plan);
  Result<std::optional<RecoveryInfo>> RecoveryStatus();
  Status RevokeRecovery();
  static Result<Recovered> Recover(const std::filesystem::path& dir,
                                   const RecoveryShares& shares, const SecretBytes& new_passphrase,
                                   const RecoverOptions& recover, const OpenOptions& options);
  // Sets, replaces or (empty `label`) removes a slot's label; logs
  // keyslot.label. kNotFound for no such slot, kFailedPrecondition if the
  // slot already has this label (or none, to remove).
  Status SetKeyslotLabel(uint8_t slot_id, const PlainString& label);

  // Reads every database page and authenticates every stored record and
  // statement hash. kIntegrity naming the first failure. What it finds that
  // is not damage is in the report. `progress`: database pages, then
  // records, authenticated of their total.
  Result<CheckReport> Check(const Progress& progress = {});

  // The custodian's identity (created at init).
  Result<IdentityInfo> Identity();
  // Peers: people we send bundles to or accept them from. Keys are validated
  // (checksum, length, curve point); names are encrypted and unique ignoring
  // case (Unicode full case folding): a name given to any method below or as
  // an export recipient finds the peer whatever its case. An unknown name is
  // kNotFound (ErrorDetail::kNoSuchPeer) naming it and the known peers; two
  // stored names that differ only in case (vaults from before this rule)
  // make a lookup kFailedPrecondition (ErrorDetail::kAmbiguousPeer) naming
  // both, except that RenamePeer and RemovePeer take the one whose name is
  // exactly the name given. AddPeer refuses a taken name (kAlreadyExists).
  Status AddPeer(const PlainString& name, std::string_view age_recipient,
                 std::string_view minisign_public_key);
  Result<std::vector<Peer>> ListPeers();
  Status RemovePeer(const PlainString& name);
  // Renames a peer (logs peer.rename). `new_name` is checked like AddPeer's
  // and may differ from the old one in case only; the same name is
  // kFailedPrecondition, another peer's kAlreadyExists.
  Status RenamePeer(const PlainString& old_name, const PlainString& new_name);
  // Replaces the keys given (non-empty) and keeps the other one; logs
  // peer.key_change. At least one key (kInvalidArgument, as AddPeer);
  // kFailedPrecondition if every key given is the one held already.
  Result<PeerKeyChange> EditPeer(const PlainString& name, std::string_view age_recipient,
                                 std::string_view minisign_public_key);

  // Export bundles (docs/bundle-format.md). The file appears only when
  // complete; memory stays bounded however large the bundle.
  Result<ExportResult> Export(const ExportRequest& request);
  // Verifies a bundle with this vault's identity; the signer must be a peer
  // (or `signer_key`, a minisign "RW..." key). kIntegrity naming the first
  // failure, also when the bundle is not addressed to this vault and when
  // no accepted key signed it (ErrorDetail::kUntrustedSigner, naming the key
  // id); kFailedPrecondition if it verified but carries a statement larger
  // than kMaxStatementBytes, which a vault does not store.
  // `progress`: bytes of the bundle read of its size.
  //
  // VerifyBundle, ImportBundle and ExtractBundle open the bundle with the
  // vault's own age identity, or, when `identity_file` is given, with the
  // identities in that age identity file instead (a bundle sent to a key
  // made with age-keygen); who may have signed it is decided as above.
  // kInvalidArgument (ErrorDetail::kBadIdentityFile) for a file that holds
  // no age identity.
  Result<BundleSummary> VerifyBundle(const std::filesystem::path& file,
                                     std::string_view signer_key, const Progress& progress = {},
                                     const std::filesystem::path& identity_file = {});
  // Verifies, then stores every record as a testimony with its provenance, in
  // one transaction. A bundle already imported adds nothing. The bundle is
  // read twice: `file` must be a regular file (kInvalidArgument with
  // ErrorDetail::kImportNeedsFile for a pipe or device, before any read).
  // `progress`: bytes read over both passes, of twice the bundle's size.
  Result<ImportResult> ImportBundle(const std::filesystem::path& file,
                                    std::string_view signer_key, const Progress& progress = {},
                                    const std::filesystem::path& identity_file = {});
  // Verifies as VerifyBundle does and writes every member, as the bundle
  // holds it, into the new directory `out_dir` (docs/bundle-format.md,
  // section 5.1): all of them once every check passed, or nothing.
  // kAlreadyExists if `out_dir` exists. Logs bundle.extract.
  Result<BundleSummary> ExtractBundle(const std::filesystem::path& file,
                                      const std::filesystem::path& out_dir,
                                      std::string_view signer_key, const Progress& progress = {},
                                      const std::filesystem::path& identity_file = {});

  // Audit log (docs/audit-format.md).
  Result<std::vector<AuditEvent>> AuditLog(const AuditFilter& filter);
  // Signs and keeps a checkpoint of the log as it is now (after logging this
  // request); returns the signed note to be kept off the device.
  Result<std::string> AuditCheckpoint();
  // Everything of section 9; kIntegrity naming the first failure.
  Result<AuditVerifyReport> AuditVerify(const std::vector<ExternalCheckpoint>& external);
  // Writes the log (no plaintext) to `out`, verifiable without the passphrase.
  Status AuditExport(const std::filesystem::path& out, bool overwrite);
  // Trusted timestamps (RFC 3161, docs/audit-format.md section 10).
  // Logs audit.timestamp_request, signs and keeps an anchor checkpoint that
  // covers it, and returns a request over that anchor.
  Result<TimestampRequest> AuditTimestampRequest();
  // Verifies a DER TimeStampResp against the stored request it answers (by
  // nonce) and the PEM CA certificates, then stores it and logs
  // audit.timestamp. kIntegrity when any check fails (nothing is stored),
  // kAlreadyExists when that request already has its response,
  // kInvalidArgument for a CA file without certificates.
  Result<TimestampInfo> AuditTimestampAdd(std::span<const uint8_t> response,
                                          std::span<const uint8_t> ca_pem);
  // Every request, oldest first, with its response's facts once added.
  Result<std::vector<TimestampInfo>> AuditTimestamps();
  // The checkpoint and response of the request at `checkpoint_size`;
  // kNotFound when there is none or it has no response yet.
  Result<TimestampFiles> AuditTimestampFiles(uint64_t checkpoint_size);
  // Chain of custody of one testimony: intake, versions, views, exports,
  // import provenance, case assignments, shred; logged as an audit view. A
  // witness id gives the events naming the witness (no versions).
  Result<CustodyReport> Custody(std::string_view id);

  // Case-insensitive substring search (Unicode full case folding) over the
  // decrypted records in `scope`: one hit per record and field that
  // matches, in record order (testimonies, then evidence, then witnesses).
  // Statements are authenticated as by GetTestimony. Logs one `search`
  // event with the number of hits, the scope, the case and the ids of the
  // records with hits, never the query. kInvalidArgument for an empty query or scope or a
  // malformed case id, kNotFound for an unknown case.
  Result<std::vector<SearchHit>> Search(const PlainString& query, const SearchScope& scope);

  // Backups (vault/backup.h, docs/format.md section 9). Backup writes
  // request.out atomically from a snapshot taken under this object's lock
  // and an SQLite read transaction, and logs `backup` before the file
  // appears (a backup never holds its own event). kFailedPrecondition on a
  // read-only vault; kAlreadyExists if the file exists and !overwrite.
  Result<BackupSummary> Backup(const BackupRequest& request);
  // Logs `restore` (RestoreBackup) or `backup.verify` of `backup` here.
  Status RecordBackupUse(const BackupSummary& backup, bool restored);

  // Consent (docs/format.md, section 4.9), append-only. `id` is a witness
  // (covering all their testimonies) or a testimony. RecordConsent returns
  // the record's number; recipients must be peers with an age recipient
  // (kNotFound as for export); a form is kept as an evidence record of the
  // testimony in the same transaction (kInvalidArgument for a witness).
  // Logs consent.record (and evidence.add for a form).
  Result<uint32_t> RecordConsent(std::string_view id, const NewConsent& consent);
  // A withdrawal record; kFailedPrecondition if `id` has no consent in force
  // of its own to withdraw. Logs consent.withdraw with the reason sealed.
  Result<uint32_t> WithdrawConsent(std::string_view id, const PlainString& reason);
  // The record in effect (logs consent.view).
  Result<ConsentState> ShowConsent(std::string_view id);
  // Every record of `id` itself, oldest first (logs consent.view).
  Result<std::vector<ConsentRecord>> ConsentHistory(std::string_view id);

  // Legal holds on a case, witness or testimony (docs/format.md 4.9): while
  // one applies, Shred refuses (kFailedPrecondition naming it) and panic
  // refuses the vault. AddHold: kAlreadyExists if held; RemoveHold:
  // kNotFound if not. Log hold.add / hold.remove (reason sealed).
  Status AddHold(std::string_view id, const PlainString& reason);
  Status RemoveHold(std::string_view id);
  Result<std::vector<Hold>> ListHolds();  // logs hold.view

  // Retention: `until` YYYY-MM-DD; logs case.retention. Due lists every
  // case whose until day is before today (UTC), with its members (logs due).
  Status SetCaseRetention(std::string_view case_id, std::string_view until);
  Result<std::vector<DueCase>> Due();

  // Provable redaction (vault/redaction.h, docs/redaction-format.md). A
  // version whose text is not UTF-8 or beyond the format's limits has no
  // commitment and cannot be redacted (kFailedPrecondition). A version made
  // before commitments existed gets one here, logged first as
  // testimony.redaction_commitment. CreateRedaction: kInvalidArgument for no
  // reason, no range, or a range empty or beyond the text; logs
  // redaction.add (the reason is sealed in the redaction, not in the log).
  Result<RedactionSummary> CreateRedaction(const NewRedaction& request);
  // Every redaction, or those of one testimony (logs redaction.list).
  Result<std::vector<RedactionSummary>> ListRedactions(std::string_view testimony_id = {});
  // One redaction with its reason and its redacted text (logs redaction.view).
  Result<Redaction> ShowRedaction(std::string_view id);
  // The proof bytes, the text they verify to and the seq of the event that
  // holds the commitment: what an export puts into a bundle. The proof is
  // checked against the logged commitment before it is returned (kIntegrity
  // otherwise). Logs redaction.view with the detail "proof".
  Result<RedactionProofBundle> RedactionProof(std::string_view id);
  // A version's text and its tokens, for marking (logs testimony.view).
  Result<StatementTokens> TokensOf(std::string_view testimony_id, std::optional<uint32_t> version);

  // The custodian's minisign public key line ("RW...").
  std::string SignerPublicKey() const;

  // Failed unlocks before this open (count 0: none).
  const UnlockFailures& unlock_failures() const;

  const std::filesystem::path& directory() const;
  // Opened with OpenOptions::read_only: nothing it does is logged.
  bool read_only() const;

  struct Impl;

 private:
  explicit Vault(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Verifies an exported audit log without a vault: `signer_key` is the
// custodian's minisign public key ("RW..."). kIntegrity naming the first
// failure, kInvalidArgument for a malformed key.
Result<AuditVerifyReport> VerifyExportedAuditLog(const std::filesystem::path& log,
                                                 std::string_view signer_key,
                                                 const std::vector<ExternalCheckpoint>& external);

// Verifies a bundle without a vault: `identity_file` holds age identities
// (AGE-SECRET-KEY-1...), `signer_key` the sender's minisign key.
Result<BundleSummary> VerifyBundleWithIdentityFile(const std::filesystem::path& file,
                                                   const std::filesystem::path& identity_file,
                                                   std::string_view signer_key,
                                                   const Progress& progress = {});
// Vault::ExtractBundle without a vault: decrypted by an age identity file
// and signed by `signer_key` (required).
Result<BundleSummary> ExtractBundleWithIdentityFile(const std::filesystem::path& file,
                                                    const std::filesystem::path& identity_file,
                                                    std::string_view signer_key,
                                                    const std::filesystem::path& out_dir,
                                                    const Progress& progress = {});

// "W-7Q3KX" etc.: upper-cased, validated. kInvalidArgument if malformed.
Result<std::string> NormalizeRecordId(std::string_view id);

// Checks a front end can make before it asks for a passphrase: the same
// checks, with the same errors, that the Vault methods make before they
// touch the vault. None needs a vault; all are thread-safe.
//
// The metadata of AddTestimonies and AmendTestimony: UTF-8 text, the date
// taken (ErrorDetail::kBadDate).
Status ValidateTestimonyMetadata(const TestimonyMetadata& metadata);
// An output file the CLI or a window is about to create: nothing may exist
// at `path`, not even a dangling symbolic link (kAlreadyExists, the error
// the write itself would give).
Status CheckNewOutputFile(const std::filesystem::path& path);
// The arguments of AddPeer: a name in UTF-8, at least one key; the age
// recipient's checksum and length, the minisign key's encoding and curve point.
Status ValidatePeer(const PlainString& name, std::string_view age_recipient,
                    std::string_view minisign_public_key);
// A peer name alone (RenamePeer's new name): UTF-8, no control character.
Status ValidatePeerName(const PlainString& name);
// The keys of EditPeer: at least one, each checked as by ValidatePeer.
Status ValidatePeerKeys(std::string_view age_recipient, std::string_view minisign_public_key);
// A keyslot label: non-empty UTF-8 without control characters, at most
// kMaxKeyslotLabelBytes (kInvalidArgument).
Status ValidateKeyslotLabel(const PlainString& label);

// How hard a new passphrase is to guess, estimated by zxcvbn (Wheeler,
// "zxcvbn: Low-Budget Password Strength Estimation", USENIX Security 2016;
// Debian's libzxcvbn). The estimate is a warning to show, not a rule: the
// library refuses no passphrase for it. A seized vault is attacked offline,
// so only score 4 (at least 10^10 guesses, zxcvbn's bar for an offline
// attack on a slow hash) counts as strong.
inline constexpr int kStrongPassphraseScore = 4;
struct PassphraseStrength {
  int score = 0;             // 0 to 4: fewer than 10^3, 10^6, 10^8, 10^10 guesses, or more
  double guesses_log10 = 0;  // log10 of the guesses zxcvbn estimates, >= 0
  bool strong = false;       // score >= kStrongPassphraseScore
  // What would make it stronger (empty when strong), in words that never
  // contain the passphrase or any part of it: "add another uncommon word".
  std::string hint;
};
// Reads the passphrase only through a guarded, NUL-terminated copy, and up
// to its first NUL byte. zxcvbn works on bytes with English word lists, so
// for other scripts the estimate is rough. Thread-safe; cannot fail.
PassphraseStrength EstimatePassphraseStrength(const SecretBytes& passphrase);

}  // namespace tvault

#endif  // TVAULT_VAULT_H_
