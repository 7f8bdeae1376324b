// Consent records (kind 7, docs/format.md section 4.9): reading, appending
// and judging them. Shared by the consent methods, export (which enforces
// them), the testimony list filter, shred (which deletes them with their
// subject) and audit verify. Inside the caller's transaction; only
// AppendConsent logs (the event its comment names).
#ifndef TVAULT_BINDING_CONSENT_ROWS_H_
#define TVAULT_BINDING_CONSENT_ROWS_H_

#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "binding/journal.h"

namespace tvault {

namespace consent_tag {
inline constexpr uint16_t kKind = 1, kScopes = 2, kUntil = 3, kRecipientNames = 4,
                          kRecipientKeys = 5, kConditions = 6, kForm = 7, kReason = 8;
inline constexpr uint16_t kAll[] = {1, 2, 3, 4, 5, 6, 7, 8};
}  // namespace consent_tag

// A record with the age recipients its recipients had when it was made:
// export compares keys, not names (a renamed peer is the same person; a
// peer whose key changed is not the one the witness agreed to).
struct StoredConsent {
  ConsentRecord record;
  std::vector<std::string> recipient_keys;  // age1..., parallel to record.recipients
};

// The records of `subject`, oldest first, authenticated. Empty on a vault
// without the consent tables (read-only open of an older schema).
Result<std::vector<StoredConsent>> ReadConsentRecords(Vault::Impl& v, const std::string& subject);

// Seals `c` as the next record of `subject` (its number and time are set
// here) and logs consent.record or consent.withdraw (c.record.withdrawal)
// with the record digest. Returns the number.
Result<uint32_t> AppendConsent(Vault::Impl& v, VaultTxn& txn, const std::string& subject,
                               StoredConsent c);

// The record in effect for testimony `tid` of witness `wid` (section 4.9):
// the testimony's latest record, else the witness's; a witness withdrawal
// at the same time or later than the testimony's record overrides it.
Result<std::optional<StoredConsent>> ConsentInEffect(Vault::Impl& v, const std::string& tid,
                                                     const std::string& wid);

// "YYYY-MM-DD" of `unix_s` in UTC.
std::string UtcDay(int64_t unix_s);

// An export's recipient as consent sees it.
struct ConsentRecipient {
  PlainString name;
  std::string age_recipient;
};

// Whether `c` allows `purpose` for every one of `to` on `today`; `why`
// receives the reason of a refusal in words (no content beyond scope
// names, dates and the recipient's peer name).
ConsentVerdict JudgeConsent(const std::optional<StoredConsent>& c, ConsentScope purpose,
                            const std::vector<ConsentRecipient>& to, const std::string& today,
                            std::string& why);

// What an export's consent check found: the testimonies not covered, in
// the order given, and one line naming each and why (with the command
// that records a missing consent).
struct ConsentRefusals {
  std::vector<std::string> ids;
  std::string listing;
};
// `records`: (testimony id, witness id) pairs.
Result<ConsentRefusals> JudgeExport(Vault::Impl& v,
                                    const std::vector<std::pair<std::string, std::string>>& records,
                                    ConsentScope purpose, const std::vector<ConsentRecipient>& to);

// The testimonies of `list` whose consent in effect covers `scope` today
// (JudgeConsent with no recipient), in their order.
Result<std::vector<TestimonySummary>> KeepConsentedFor(Vault::Impl& v,
                                                       std::vector<TestimonySummary> list,
                                                       ConsentScope scope);

// Deletes the consent records of shredded witnesses and testimonies (their
// conditions and recipients go with the record; the events remain).
Status DropConsentOf(Vault::Impl& v, std::span<const std::string> shredded_ids);

// What audit verify replays: "subject@number" -> (record digest, seq) of
// the consent.record / consent.withdraw event. Every row has its event
// with the same digest, and every logged record is present unless its
// subject was shredded. kIntegrity naming the first disagreement.
struct LoggedConsent {
  std::string subject;
  audit::Hash digest{};
  uint64_t seq = 0;
};
Status CheckConsentAgainstLog(Vault::Impl& v, const std::map<std::string, LoggedConsent>& logged,
                              const std::unordered_set<std::string>& shredded,
                              uint64_t& records);

}  // namespace tvault

#endif  // TVAULT_BINDING_CONSENT_ROWS_H_
