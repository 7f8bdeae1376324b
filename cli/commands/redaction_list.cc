// tvault redaction list [T-...]: the redactions of the vault or of one
// testimony.
#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {

void RegisterRedactionList(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "list",
      "List redactions: id, testimony@version, created, hidden/total tokens, and\n"
      "`late` when the version's commitment was logged at its first redaction instead\n"
      "of at intake. With --json: an array of the objects of `redaction show --json`\n"
      "without reason and text. Audited (redaction.list).");
  cmd->add_option("ID", *id, "Only this testimony's (T-...)");
  cmd->callback([&cli, id] {
    cli.action = [&cli, id]() -> Status {
      TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
      TVAULT_ASSIGN_OR_RETURN(std::vector<RedactionSummary> list, vault.ListRedactions(*id));
      if (cli.global.json) {
        Json j = Json::array();
        for (const RedactionSummary& s : list) j.push_back(RedactionJson(s));
        return cli.PrintJson(j);
      }
      human::Text out = human::Format("");
      for (const RedactionSummary& s : list) {
        out += human::Format("{}  {}@{}  {}  {}/{} tokens hidden{}\n", s.id, s.testimony_id,
                             std::to_string(s.version), FormatUtc(s.created_at_unix_s),
                             std::to_string(s.hidden_tokens), std::to_string(s.token_count),
                             s.commitment_at_intake ? "" : "  late");
      }
      return cli.Print(out);
    };
  });
}

}  // namespace tvault::cli
