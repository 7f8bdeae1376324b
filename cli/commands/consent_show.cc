// tvault consent show ID [--json] / consent history ID: the record in effect,
// and every record of an id. One file for both: they print the same records.
#include "cli.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

std::string StateWord(const ConsentState& s) {
  if (!s.in_effect) return "no consent recorded";
  if (s.in_effect->withdrawal) return "withdrawn";
  return s.expired ? "expired" : "in force";
}

Json RecordJson(const ConsentRecord& r) {
  std::vector<std::string> recipients;
  for (const PlainString& p : r.recipients) recipients.push_back(Str(p));
  return Json{{"subject", r.subject_id},
              {"record", r.number},
              {"created_at", FormatUtc(r.created_at_unix_s)},
              {"withdrawn", r.withdrawal},
              {"scopes", ConsentScopeNames(r.scopes)},
              {"until", r.until},
              {"recipients", recipients},
              {"conditions", Str(r.conditions)},
              {"form", r.form_evidence_id},
              {"reason", Str(r.reason)}};
}

// The lines of one record.
human::Text RecordText(const ConsentRecord& r) {
  human::Text out = human::Format("record:      {} {} ({})\n", r.subject_id, r.number,
                                  FormatUtc(r.created_at_unix_s));
  if (r.withdrawal) {
    out += human::Format("withdrawn:   {}\n", r.reason);
    return out;
  }
  out += human::Format("scopes:      {}\n", human::Join(ConsentScopeNames(r.scopes), ","));
  out += human::Format("until:       {}\n", r.until.empty() ? std::string("(no end)") : r.until);
  if (r.recipients.empty()) {
    out += human::Format("recipients:  (any)\n");
  } else {
    std::vector<human::Text> names;
    for (const PlainString& p : r.recipients) names.push_back(human::Format("{}", p));
    out += human::Format("recipients:  {}\n", human::Join(names, ", "));
  }
  if (!r.conditions.empty()) out += human::Format("conditions:  {}\n", r.conditions);
  if (!r.form_evidence_id.empty()) out += human::Format("form:        {}\n", r.form_evidence_id);
  return out;
}

enum class View { kShow, kHistory };

Status Run(Cli& cli, const std::string& id_in, View view) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(id_in));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  if (view == View::kHistory) {
    TVAULT_ASSIGN_OR_RETURN(std::vector<ConsentRecord> records, vault.ConsentHistory(id));
    if (cli.global.json) {
      Json j = Json::array();
      for (const ConsentRecord& r : records) j.push_back(RecordJson(r));
      return cli.PrintJson(j);
    }
    if (records.empty()) return cli.PrintLine(human::Format("{}: no consent records", id));
    human::Text out = human::Format("");
    for (const ConsentRecord& r : records) out += RecordText(r);
    return cli.Print(out);
  }
  TVAULT_ASSIGN_OR_RETURN(ConsentState s, vault.ShowConsent(id));
  if (cli.global.json) {
    Json j{{"id", s.id},
           {"status", StateWord(s)},
           {"in_effect", s.in_effect ? RecordJson(*s.in_effect) : Json(nullptr)}};
    return cli.PrintJson(j);
  }
  human::Text out = human::Format("id:          {}\nstatus:      {}\n", s.id, StateWord(s));
  if (s.in_effect) {
    out += RecordText(*s.in_effect);
  } else {
    out += human::Format("record it:   tvault consent record {} --scope SCOPE[,SCOPE...]\n", s.id);
  }
  return cli.Print(out);
}

void Register(CLI::App& group, Cli& cli, View view) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd =
      view == View::kShow
          ? group.add_subcommand(
                "show",
                "The consent in effect for a testimony (its own latest record, else its\n"
                "witness's; a later withdrawal by the witness wins) or a witness, and\n"
                "whether it is in force, expired or withdrawn. Logged (consent.view)")
          : group.add_subcommand("history",
                                 "Every consent record of a testimony or witness, oldest first\n"
                                 "(its own records only). Logged (consent.view)");
  cmd->add_option("ID", *id, "Witness (W-...) or testimony (T-...) id")->required();
  cmd->callback([&cli, id, view] {
    cli.action = [&cli, id, view] { return Run(cli, *id, view); };
  });
}

}  // namespace

void RegisterConsentShow(CLI::App& group, Cli& cli) { Register(group, cli, View::kShow); }
void RegisterConsentHistory(CLI::App& group, Cli& cli) { Register(group, cli, View::kHistory); }

}  // namespace tvault::cli
