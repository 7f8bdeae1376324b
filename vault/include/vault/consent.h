// Consent, legal holds and retention (docs/format.md, section 4.9): the
// types of the Vault methods that record them, and the checks a front end
// makes before it asks for a passphrase. Included by vault/vault.h.
//
// Consent says what a witness agreed to: for which uses (scopes), until
// when, for which recipients. Vault::Export enforces it. Holds stop shred
// and panic; retention dates make `due` list a case's records. Everything
// here is thread-safe (plain values and pure functions).
#ifndef TVAULT_CONSENT_H_
#define TVAULT_CONSENT_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vault/result.h"
#include "vault/secret.h"

namespace tvault {

// The uses a witness may agree to, as bits of a scope set.
enum class ConsentScope : uint8_t {
  kCourt = 1,
  kNgo = 2,
  kPress = 4,
  kPublic = 8,
  kResearch = 16,
};
using ConsentScopes = uint8_t;  // an OR of ConsentScope bits

// "court", "ngo", "press", "public", "research", comma-separated, each at
// most once: the scope set. kInvalidArgument naming the word at fault and
// the known ones (an empty list too).
Result<ConsentScopes> ParseConsentScopes(std::string_view list);
// One scope by name (an export's purpose): kInvalidArgument otherwise.
Result<ConsentScope> ParseConsentScope(std::string_view name);
// The names of the scopes in `scopes`, in the order above.
std::vector<std::string> ConsentScopeNames(ConsentScopes scopes);

// A date option: YYYY-MM-DD, a calendar date (UTC). kInvalidArgument, one
// line naming `option` and the value, otherwise.
Status ValidateDateOption(std::string_view date, std::string_view option);

// What `consent record` stores.
struct NewConsent {
  ConsentScopes scopes = 0;             // at least one
  std::string until;                    // YYYY-MM-DD (the last day covered), or empty
  std::vector<PlainString> recipients;  // peer names (each with an age recipient); empty: anyone
  PlainString conditions;               // free text, sealed
  std::filesystem::path form;           // a signed consent form to keep as evidence, or empty
};

// One stored consent record: a consent or a withdrawal.
struct ConsentRecord {
  std::string subject_id;  // "W-..." or "T-..."
  uint32_t number = 0;     // 1, 2, ... per subject
  int64_t created_at_unix_s = 0;
  bool withdrawal = false;
  ConsentScopes scopes = 0;
  std::string until;
  std::vector<PlainString> recipients;  // names as stored when recorded
  PlainString conditions;
  std::string form_evidence_id;  // "E-..." or empty
  PlainString reason;            // of a withdrawal
};

// Whether the consent in effect allows an export, and if not why.
enum class ConsentVerdict { kCovered, kNoConsent, kScope, kRecipient, kExpired, kWithdrawn };

// `consent show`: the record in effect for an id (for a testimony, its own
// latest record or its witness's, docs/format.md 4.9) and what it allows
// today.
struct ConsentState {
  std::string id;
  std::optional<ConsentRecord> in_effect;  // none: no consent recorded
  bool expired = false;                    // in_effect's until day is past
};

// A legal hold on a case, witness or testimony.
struct Hold {
  std::string id;
  int64_t added_at_unix_s = 0;
  PlainString reason;
};

// A case past its retention date, with its members (`tvault due`).
struct DueCase {
  std::string case_id;
  std::string until;  // YYYY-MM-DD
  std::vector<std::string> witnesses;
  std::vector<std::string> testimonies;
};

}  // namespace tvault

#endif  // TVAULT_CONSENT_H_
