// tvault search: case-insensitive search over the decrypted vault.
#include "cli.h"
#include "human/render.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string text, case_id;
  std::vector<std::string> in;
};

Result<SearchScope> ScopeOf(const std::vector<std::string>& in) {
  if (in.empty()) return SearchScope{};
  SearchScope scope;
  scope.metadata = scope.statements = false;
  for (const std::string& word : in) {
    if (word == "metadata") {
      scope.metadata = true;
    } else if (word == "statements") {
      scope.statements = true;
    } else if (word == "contacts") {
      scope.contacts = true;
    } else {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--in takes metadata, statements and contacts, comma-separated; '" +
                           word.substr(0, 40) + "' is none of them");
    }
  }
  return scope;
}

Status Run(Cli& cli, Args& a) {
  PlainString query = TakeText(a.text);
  TVAULT_ASSIGN_OR_RETURN(SearchScope scope, ScopeOf(a.in));
  if (!a.case_id.empty()) TVAULT_TRY(CheckRecordId(a.case_id, 'C', "--case"));
  scope.case_id = a.case_id;
  if (query.empty()) return MakeError(ErrorCode::kInvalidArgument, "TEXT is empty: nothing to search for");
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, vault.Search(query, scope));
  if (cli.global.json) {
    Json j = Json::array();
    for (const SearchHit& h : hits) {
      // The context as the text output shows it: escaped, so that JSON can
      // hold it whatever the statement's bytes are.
      const human::Text context = human::Format("{}", h.context);
      j.push_back(Json{{"id", h.id},
                       {"kind", h.kind},
                       {"field", h.field},
                       {"context", std::string(context.view())}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::SearchHits(hits));
}

}  // namespace

void RegisterSearch(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Find records that contain TEXT, ignoring case (Unicode case folding:\n"
      "\"urumqi\" finds \"Urumqi\", \"strasse\" finds \"Straße\"). Searches the latest\n"
      "version of each testimony (metadata, file name and statement) and evidence\n"
      "descriptions; witnesses' contact details only with --in contacts.\n"
      "Prints one line per record and field: id, field, the line around the\n"
      "first match. The audit log records that a search ran, where (parts,\n"
      "case) and how many hits it gave, never TEXT. TEXT typed here stays in\n"
      "your shell's history: for a name or a phone number, start the command\n"
      "line with a\n"
      "space where the shell ignores such lines (bash: HISTCONTROL=ignorespace).\n"
      "--json: an array of {id, kind, field, context}; context is escaped as\n"
      "the text output shows it.");
  cmd->add_option("TEXT", a->text, "What to look for")->required();
  cmd->add_option("--case", a->case_id,
                  "Only the testimonies (with their evidence) and witnesses assigned to this\n"
                  "case (C-...)");
  cmd->add_option("--in", a->in,
                  "Where to look: metadata, statements, contacts (comma-separated; default\n"
                  "metadata,statements)")
      ->delimiter(',');
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
