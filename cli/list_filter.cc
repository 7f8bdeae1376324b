#include "list_filter.h"

#include <unistd.h>

#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {

void ListFilter::AddCase(CLI::App& cmd, const std::string& records) {
  cmd.add_option("--case", case_, "Only the " + records + " assigned to this case (C-...)");
}

void ListFilter::AddSince(CLI::App& cmd) {
  cmd.add_option("--since", since_, "Only records created on or after this UTC date (YYYY-MM-DD)");
}

void ListFilter::AddWitness(CLI::App& cmd) {
  cmd.add_option("--witness", witness_, "Only testimonies of this witness (W-...)");
}

void ListFilter::AddConsentFor(CLI::App& cmd) {
  cmd.add_option("--consent-for", consent_for_text_,
                 "Only testimonies whose consent in effect covers this use today (court, ngo,\n"
                 "press, public, research; `tvault consent show T-...`)");
}

Status ListFilter::Check() {
  if (!consent_for_text_.empty()) {
    TVAULT_ASSIGN_OR_RETURN(consent_for_, ParseConsentScope(consent_for_text_));
  }
  if (!since_.empty()) {
    since_unix_s_ = IsValidDate(since_) ? ParseUtc(since_) : std::nullopt;
    if (!since_unix_s_) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--since must be a calendar date written YYYY-MM-DD (UTC), not " + since_);
    }
  }
  if (!case_.empty()) TVAULT_TRY(CheckRecordId(case_, 'C', "--case"));
  if (!witness_.empty()) {
    TVAULT_TRY(CheckRecordId(witness_, 'W', "--witness"));
    TVAULT_ASSIGN_OR_RETURN(witness_, NormalizeRecordId(witness_));
  }
  return OkStatus();
}

bool ListFilter::Keep(const TestimonySummary& t) const {
  if (since_unix_s_ && t.created_at_unix_s < *since_unix_s_) return false;
  return witness_.empty() || t.witness_id == witness_;
}

bool ListFilter::Keep(const WitnessSummary& w) const {
  return !since_unix_s_ || w.created_at_unix_s >= *since_unix_s_;
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace tvault::cli
