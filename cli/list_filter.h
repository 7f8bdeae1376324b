// The filters of `testimony list` and `witness list` (--case, --since,
// --witness): checked before the passphrase is asked; --case goes to the
// vault (ForVault), the others are applied to the summaries it returns. Not thread-safe (one per command invocation).
#ifndef TVAULT_CLI_LIST_FILTER_H_
#define TVAULT_CLI_LIST_FILTER_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "vault/result.h"
#include "vault/vault.h"

namespace tvault::cli {

class ListFilter {
 public:
  // `records` names what --case keeps ("testimonies", "witnesses").
  void AddCase(CLI::App& cmd, const std::string& records);
  void AddSince(CLI::App& cmd);
  void AddWitness(CLI::App& cmd);
  void AddConsentFor(CLI::App& cmd);
  // kInvalidArgument for a --since that is not a calendar date YYYY-MM-DD, a
  // --witness that is not a witness id or a --case that is not a case id;
  // call before Keep and ForVault.
  Status Check();
  // What the vault filters itself (the case).
  tvault::ListFilter ForVault() const { return tvault::ListFilter{case_, consent_for_}; }
  // Created on or after --since (00:00 UTC that day), of --witness.
  bool Keep(const TestimonySummary& t) const;
  bool Keep(const WitnessSummary& w) const;

 private:
  std::string case_, since_, witness_, consent_for_text_;
  std::optional<ConsentScope> consent_for_;
  std::optional<int64_t> since_unix_s_;
};

// Whether standard output is a terminal: listings then print aligned
// columns with a header; in a pipe they keep their line format for scripts.
bool StdoutIsTerminal();

}  // namespace tvault::cli

#endif  // TVAULT_CLI_LIST_FILTER_H_
