// tvault consent record ID --scope SCOPE[,SCOPE...] [--recipient PEER...]
//                          [--until DATE] [--conditions TEXT] [--form FILE]
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, scopes, until, conditions, form;
  std::vector<std::string> recipients;
};

Status CheckSubjectId(const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(std::string normal, NormalizeRecordId(id));
  if (normal[0] == 'W' || normal[0] == 'T') return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   normal + ": consent is recorded for a witness (W-...) or a testimony (T-...)");
}

Status Run(Cli& cli, Args& a) {
  TVAULT_TRY(CheckSubjectId(a.id));
  NewConsent c;
  TVAULT_ASSIGN_OR_RETURN(c.scopes, ParseConsentScopes(a.scopes));
  if (!a.until.empty()) TVAULT_TRY(ValidateDateOption(a.until, "--until"));
  c.until = a.until;
  for (std::string& r : a.recipients) c.recipients.push_back(TakeText(r));
  c.conditions = TakeText(a.conditions);
  if (!a.form.empty()) {
    if (a.form == "-") {
      return MakeError(ErrorCode::kInvalidArgument, "--form needs a file (the signed form)");
    }
    TVAULT_TRY(CheckInputFile(a.form));
    c.form = a.form;
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(uint32_t number, vault.RecordConsent(a.id, c));
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  if (cli.global.json) {
    Json j{{"id", id}, {"record", number}, {"scopes", ConsentScopeNames(c.scopes)}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} consent record {}: {}", id, number,
                                     human::Join(ConsentScopeNames(c.scopes), ",")));
}

}  // namespace

void RegisterConsentRecord(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "record",
      "Record what a witness agreed to, for one testimony (T-...) or for a witness\n"
      "(W-...: all their testimonies). Append-only: a new record replaces nothing and\n"
      "the latest counts (a testimony's own record before its witness's; a witness's\n"
      "later withdrawal before both). `tvault export --purpose SCOPE` refuses records\n"
      "whose consent does not cover the purpose, a recipient or the date. Sealed and\n"
      "audited (consent.record); shown by `tvault custody`.");
  cmd->add_option("ID", a->id, "Witness (W-...) or testimony (T-...) id")->required();
  cmd->add_option("--scope", a->scopes,
                  "What the records may be used for, comma-separated: court, ngo, press,\n"
                  "public, research")
      ->required();
  cmd->add_option("--recipient", a->recipients,
                  "Only to this peer (by name, with an age recipient; repeatable). Without it:\n"
                  "any recipient");
  cmd->add_option("--until", a->until, "Last day covered, YYYY-MM-DD (UTC); without it: no end");
  cmd->add_option("--conditions", a->conditions, "Conditions in the witness's words (sealed)");
  cmd->add_option("--form", a->form,
                  "The signed consent form (a scan): kept as sealed evidence of the testimony\n"
                  "(testimony ids only)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
