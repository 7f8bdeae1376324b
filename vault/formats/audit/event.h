// One audit event: a leaf of the audit tree (docs/audit-format.md, section 2).
//
// ParseEvent reads untrusted bytes (an exported log from another machine):
// it is strict and canonical, SerializeEvent(ParseEvent(x)) == x, and it is
// fuzzed by tests/fuzz/audit_log_fuzz.cc. The sensitive fields are sealed
// under K_audit and opened only with the vault unlocked.
#ifndef TVAULT_AUDIT_EVENT_H_
#define TVAULT_AUDIT_EVENT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/merkle.h"
#include "vault/result.h"
#include "vault/secret.h"

namespace tvault::audit {

enum class Action : uint16_t {
  kInit = 1,
  kWitnessAdd = 2,
  kWitnessView = 3,
  kWitnessList = 4,
  kTestimonyAdd = 5,
  kTestimonyView = 6,
  kTestimonyList = 7,
  kTestimonyAmend = 8,
  kTestimonyHistory = 9,
  kShred = 10,
  kExport = 11,
  kImport = 12,
  kPeerAdd = 13,
  kPeerRemove = 14,
  kPassphraseChange = 15,
  kKeyslotAdd = 16,
  kKeyslotRemove = 17,
  kIdentityChange = 18,
  kUnlockFailures = 19,
  kCheck = 20,
  kAuditCheckpoint = 21,
  kAuditExport = 22,
  kAuditView = 23,
  kEvidenceAdd = 24,
  kEvidenceView = 25,
  kTombstonesList = 26,
  kAuditVerify = 27,
  kBundleVerify = 28,
  kCaseAdd = 29,
  kCaseEdit = 30,
  kCaseAssign = 31,
  kCaseUnassign = 32,
  kCaseView = 33,
  kSearch = 34,
  kWitnessEdit = 35,
  kWitnessHistory = 36,
  kWitnessHistoryValues = 37,
  kPeerRename = 38,
  kPeerKeyChange = 39,
  kKeyslotLabel = 40,
  kRecoveryCreate = 41,
  kRecoveryRestore = 42,
  kRecoveryRevoke = 43,
  kRecoveryView = 44,
  kBackup = 45,
  kBackupVerify = 46,
  kRestore = 47,
  kConsentRecord = 48,
  kConsentWithdraw = 49,
  kConsentView = 50,
  kExportOverrideConsent = 51,
  kHoldAdd = 52,
  kHoldRemove = 53,
  kCaseRetention = 54,
  kDue = 55,
  kHoldView = 56,
  kAuditTimestampRequest = 57,
  kAuditTimestamp = 58,
  kBundleExtract = 59,
  kTestimonyRedactionCommitment = 60,
  kRedactionAdd = 61,
  kRedactionView = 62,
  kRedactionList = 63,
};
inline constexpr uint16_t kMaxAction = 63;

// "testimony.add" etc., as in docs/audit-format.md section 3.
std::string_view ActionName(Action action);

inline constexpr uint8_t kEventFormat = 1;
inline constexpr std::size_t kMaxEventBytes = 16u << 20;
using Actor = std::array<uint8_t, 8>;

struct Event {
  uint64_t seq = 0;
  int64_t time_unix_s = 0;
  Actor actor{};
  Action action = Action::kInit;
  std::string object_id;
  uint32_t object_version = 0;
  std::vector<std::string> refs;
  std::vector<Hash> digests;
  std::vector<uint8_t> sealed;  // empty, or u8(1) || nonce || ciphertext || tag
};

std::vector<uint8_t> SerializeEvent(const Event& event);
// kIntegrity naming what is wrong. Does not check seq/time against neighbours.
Result<Event> ParseEvent(std::span<const uint8_t> entry);

// The sealed fields (section 2's table). Empty optional/strings are absent.
struct EventSecrets {
  PlainString reason;
  std::optional<Hash> statement_sha256;
  std::optional<Hash> commitment_salt;
  std::optional<uint64_t> count;
  std::optional<Hash> bundle_sha256;
  std::vector<PlainString> recipient_names;
  PlainString detail;
  // Tag 8, opaque here: a reason sealed by SealErasableReason.
  std::vector<uint8_t> erasable_reason;

  bool empty() const;
};

std::vector<uint8_t> SealSecrets(const SecretBytes& audit_key, std::span<const uint8_t> vault_id,
                                 uint64_t seq, Action action, const EventSecrets& secrets);
// kIntegrity if the sealed part does not belong to this vault, seq and action.
Result<EventSecrets> OpenSecrets(const SecretBytes& audit_key, std::span<const uint8_t> vault_id,
                                 const Event& event);

// Erasable reasons (docs/audit-format.md, section 2.1): `reason` sealed under
// a key derived from the record key of `object_id`'s `version`, so that
// destroying that record key (shred) erases it. Opening fails with
// kIntegrity for a wrong key, record or version.
std::vector<uint8_t> SealErasableReason(const SecretBytes& record_key,
                                        std::span<const uint8_t> vault_id,
                                        std::string_view object_id, uint32_t version,
                                        const PlainString& reason);
Result<PlainString> OpenErasableReason(const SecretBytes& record_key,
                                       std::span<const uint8_t> vault_id,
                                       std::string_view object_id, uint32_t version,
                                       std::span<const uint8_t> sealed);

// Digests of docs/audit-format.md section 4.
Hash StatementCommitment(const Hash& salt, const Hash& statement_sha256);
Hash EvidenceCommitment(const Hash& salt, const Hash& evidence_sha256);
Hash RecordDigest(std::span<const uint8_t> wrapped_key, std::span<const uint8_t> sealed_part);

}  // namespace tvault::audit

#endif  // TVAULT_AUDIT_EVENT_H_
