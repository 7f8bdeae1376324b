// How `bundle verify` and `bundle import` show a verified bundle as JSON (its
// text form is human::BundleSummaryText, escaped: it comes from the sender).
#ifndef TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_
#define TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_

#include "cli.h"
#include "human/render.h"
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
         {"records_without_custody", s.records_without_custody},
         {"text_not_utf8", s.text_not_utf8},
         {"format", s.format_version}};
  Json redactions = Json::array();
  for (const BundleRedaction& r : s.redactions) {
    Json one{{"testimony", r.testimony_id},
             {"version", r.version},
             {"redaction", r.redaction_id},
             {"tokens", r.token_count},
             {"hidden_tokens", r.hidden_tokens},
             {"logged", r.logged}};
    if (r.logged) {
      one["commitment_at_intake"] = r.commitment_at_intake;
      one["commitment_seq"] = r.commitment_seq;
    }
    redactions.push_back(std::move(one));
  }
  j["redactions"] = std::move(redactions);
  Json timestamps = Json::array();
  for (const BundleTimestamp& t : s.timestamps) {
    timestamps.push_back(Json{{"checkpoint_size", t.checkpoint_size},
                              {"time", FormatUtc(t.time_unix_s)},
                              {"tsa", t.tsa},
                              {"serial", t.serial_hex},
                              {"policy", t.policy},
                              {"authority_checked", t.authority_checked}});
  }
  j["timestamps"] = std::move(timestamps);
  Json existed = Json::array();
  for (const BundleVersionTime& v : s.existed_by) {
    Json one{{"testimony", v.testimony_id}, {"version", v.version}, {"event_seq", v.event_seq}};
    if (v.existed_by_unix_s) {
      one["existed_by"] = FormatUtc(*v.existed_by_unix_s);
      one["checkpoint_size"] = v.checkpoint_size;
      one["authority_checked"] = v.authority_checked;
    } else {
      one["existed_by"] = nullptr;
    }
    existed.push_back(std::move(one));
  }
  j["existed_by"] = std::move(existed);
  return j;
}

// `bundle verify` and `bundle extract` need no vault with --identity and
// --signer-key, nor with --identity where there is no vault (they then ask
// for --signer-key); otherwise they open the vault for its peers (and its
// identity unless --identity names another).
inline bool OpensWithoutVault(const Cli& cli, const std::string& identity,
                              const std::string& signer_key) {
  return !identity.empty() && (!signer_key.empty() || !cli.HaveVault());
}

inline Status PrintBundleSummary(Cli& cli, const BundleSummary& s) {
  if (cli.global.json) {
    Json j = BundleSummaryJson(s);
    return cli.PrintJson(j);
  }
  return cli.Print(human::BundleSummaryText(s, human::Format("bundle verified")));
}

}  // namespace tvault::cli

#endif  // TVAULT_CLI_COMMANDS_BUNDLE_SUMMARY_H_
