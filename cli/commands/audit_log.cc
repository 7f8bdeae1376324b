// tvault audit log: the readable history.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string record, since;
};

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

Json EventJson(const AuditEvent& e) {
  Json j{{"seq", e.seq},
         {"time", FormatUtc(e.time_unix_s)},
         {"actor", e.actor},
         {"action", e.action},
         {"object", e.object_id},
         {"version", e.object_version},
         {"refs", e.refs},
         {"digests", e.digests}};
  if (!e.reason.empty()) j["reason"] = Str(e.reason);
  if (e.reason_erased) j["reason_erased"] = true;
  if (e.count) j["count"] = *e.count;
  if (e.bundle_sha256) j["bundle_sha256"] = Sha256Hex(*e.bundle_sha256);
  if (!e.recipient_names.empty()) {
    Json names = Json::array();
    for (const PlainString& n : e.recipient_names) names.push_back(Str(n));
    j["recipients"] = names;
  }
  if (!e.detail.empty()) j["detail"] = Str(e.detail);
  return j;
}

Status Run(Cli& cli, Args& a) {
  AuditFilter filter;
  if (!a.record.empty()) {
    TVAULT_ASSIGN_OR_RETURN(filter.record, NormalizeRecordId(a.record));
  }
  if (!a.since.empty()) {
    auto t = ParseUtc(a.since);
    if (!t) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--since takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
    }
    filter.since_unix_s = *t;
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<AuditEvent> events, vault.AuditLog(filter));
  if (cli.global.json) {
    Json j = Json::array();
    for (const AuditEvent& e : events) j.push_back(EventJson(e));
    return cli.PrintJson(j);
  }
  return cli.Print(human::AuditLog(events));
}

}  // namespace

void RegisterAuditLog(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "log", "Show the audit history: one line per event (seq, UTC time, action, record,\n"
             "related ids, reason). Reasons are shown only here, with the vault unlocked.");
  cmd->add_option("--record", a->record, "Only events naming this record id");
  cmd->add_option("--since", a->since, "Only events at or after this UTC date (YYYY-MM-DD)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
