// How `bundle verify` and `bundle import` show a verified bundle. Its text
// comes from the sender: escaped before it reaches a terminal.
#ifndef TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_
#define TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_

#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {

inline std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

inline Json BundleSummaryJson(const BundleSummary& s) {
  Json j{{"ok", true},
         {"bundle_id", s.bundle_id},
         {"created", FormatUtc(s.created_at_unix_s)},
         {"reason", Str(s.reason)},
         {"exporter_name", Str(s.exporter_name)},
         {"signer_key", s.signer_key},
         {"signer_peer", Str(s.signer_peer)},
         {"decrypted_by", s.decrypted_by},
         {"recipients", s.recipient_fingerprints},
         {"records", s.records},
         {"versions", s.versions},
         {"contacts", s.contacts},
         {"evidence", s.evidence},
         {"custody_events_verified", s.custody_events_verified},
         {"records_without_custody", s.records_without_custody}};
  return j;
}

inline Status PrintBundleSummary(Cli& cli, const BundleSummary& s, const std::string& verdict) {
  if (cli.global.json) {
    Json j = BundleSummaryJson(s);
    return cli.PrintJson(j);
  }
  const std::string signer =
      s.signer_peer.empty() ? s.signer_key
                            : EscapeUntrusted(Str(s.signer_peer)) + " (" + s.signer_key + ")";
  TVAULT_TRY(cli.PrintLine(verdict + ": " + s.bundle_id));
  TVAULT_TRY(cli.PrintLine("  signed by   " + signer));
  TVAULT_TRY(cli.PrintLine("  exporter    " + EscapeUntrusted(Str(s.exporter_name)) +
                           " (name as the sender wrote it)"));
  TVAULT_TRY(cli.PrintLine("  created     " + FormatUtc(s.created_at_unix_s)));
  TVAULT_TRY(cli.PrintLine("  reason      " + EscapeUntrusted(Str(s.reason))));
  TVAULT_TRY(cli.PrintLine("  opened by   " + s.decrypted_by + " (one of " +
                           std::to_string(s.recipient_fingerprints.size()) + " recipients)"));
  std::string records;
  for (const std::string& r : s.records) records += " " + r;
  TVAULT_TRY(cli.PrintLine("  records     " + std::to_string(s.records.size()) + ":" + records));
  TVAULT_TRY(cli.PrintLine("  versions    " + std::to_string(s.versions) + ", contact files " +
                           std::to_string(s.contacts) + ", evidence files " +
                           std::to_string(s.evidence)));
  std::string custody = std::to_string(s.custody_events_verified) +
                        " logged events verified against the sender's signed checkpoint";
  if (s.records_without_custody > 0) {
    custody += "; " + std::to_string(s.records_without_custody) +
               " records without any custody claim (not made by a tvault with an audit log)";
  }
  return cli.PrintLine("  custody     " + custody);
}

}  // namespace tvault::cli

#endif  // TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_
