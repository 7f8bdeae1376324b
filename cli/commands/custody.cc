// tvault custody: the chain of custody of one testimony, as text, JSON, or a
// printable self-contained HTML page a lawyer can attach to a filing.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, html;
};

bool IsUtf8(const PlainString& s) { return IsValidUtf8(AsBytes(s)); }

// The custody JSON would carry U+FFFD for bytes that are not UTF-8 (text from
// a vault written before intake refused them): refuse, as PrintJson does.
Status RequireJsonText(const CustodyReport& r) {
  auto refuse = [&](const std::string& field) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     r.id + ": " + field +
                         " is not valid UTF-8 (stored before tvault refused such text), so "
                         "JSON cannot hold it exactly; the output without --json shows it "
                         "escaped (\\xNN)");
  };
  for (const CustodyVersion& v : r.versions) {
    if (!IsUtf8(v.reason)) return refuse("the reason of version " + std::to_string(v.version));
  }
  for (const CustodyEvent& ce : r.events) {
    bool ok = IsUtf8(ce.event.reason) && IsUtf8(ce.event.detail);
    for (const PlainString& n : ce.event.recipient_names) ok = ok && IsUtf8(n);
    if (!ok) return refuse("a field of event " + std::to_string(ce.event.seq));
  }
  return OkStatus();
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(CustodyReport r, vault.Custody(a.id));
  // By when each version provably existed, if the log was time-stamped.
  TVAULT_ASSIGN_OR_RETURN(std::vector<TimestampInfo> stamps, vault.AuditTimestamps());
  if (!a.html.empty()) {
    const PlainString html = human::CustodyHtml(r, stamps);
    std::string page(html.data(), html.size());
    Status st = WriteNewFile(a.html, page);
    SecureWipe(page.data(), page.size());
    TVAULT_TRY(st);
  }
  if (cli.global.json) {
    TVAULT_TRY(RequireJsonText(r));
    PlainString j = CustodyReportJson(r);
    return cli.WriteStdout(AsBytes(j));
  }
  return cli.Print(human::Custody(r, a.html, stamps));
}

}  // namespace

void RegisterCustody(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "custody",
      "Chain of custody of one testimony: intake (who, when, SHA-256), every version with\n"
      "its reason, every view, every export (to whom, bundle, reason), import provenance,\n"
      "shred, case assignments, and the signed checkpoint to verify it against. --html\n"
      "FILE writes a printable, self-contained page. A witness id (W-...) gives the\n"
      "events naming the witness (intake, views, case assignments, shred). Where the log\n"
      "was time-stamped (`audit timestamp`), each version also says by when it provably\n"
      "existed, by the earliest RFC 3161 time-stamp covering its intake.");
  cmd->add_option("ID", a->id, "Testimony or witness id")->required();
  cmd->add_option("--html", a->html, "Also write an HTML report to FILE (refuses to overwrite)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
