// tvault custody: the chain of custody of one testimony, as text, JSON, or a
// printable self-contained HTML page a lawyer can attach to a filing.
#include "cli.h"
#include "human/render.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, html;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(CustodyReport r, vault.Custody(a.id));
  if (!a.html.empty()) {
    const PlainString html = human::CustodyHtml(r);
    std::string page(html.data(), html.size());
    Status st = WriteNewFile(a.html, page);
    SecureWipe(page.data(), page.size());
    TVAULT_TRY(st);
  }
  if (cli.global.json) {
    PlainString j = CustodyReportJson(r);
    return cli.WriteStdout(AsBytes(j));
  }
  return cli.Print(human::Custody(r, a.html));
}

}  // namespace

void RegisterCustody(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "custody",
      "Chain of custody of one testimony: intake (who, when, SHA-256), every version with\n"
      "its reason, every view, every export (to whom, bundle, reason), import provenance,\n"
      "shred, and the signed checkpoint to verify it against. --html FILE writes a\n"
      "printable, self-contained page.");
  cmd->add_option("ID", a->id, "Testimony id")->required();
  cmd->add_option("--html", a->html, "Also write an HTML report to FILE (refuses to overwrite)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
