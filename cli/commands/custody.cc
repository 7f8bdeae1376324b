// tvault custody: the chain of custody of one testimony, as text, JSON, or a
// printable self-contained HTML page a lawyer can attach to a filing.
#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, html;
};

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += "&#xFFFD;";
        else out += c;
    }
  }
  return out;
}

std::string Describe(const AuditEvent& e) {
  std::string what = e.action;
  if (e.object_version != 0) what += " (version " + std::to_string(e.object_version) + ")";
  if (e.action == "export") {
    what = "exported in bundle " + e.object_id;
    if (!e.recipient_names.empty()) {
      what += " to";
      for (const PlainString& n : e.recipient_names) what += " " + Str(n) + ",";
      what.pop_back();
    }
  }
  if (!e.reason.empty()) what += "; reason: " + Str(e.reason);
  if (e.reason_erased) what += "; reason: (erased with the record)";
  return what;
}

std::string RenderHtml(const CustodyReport& r) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Chain of custody " +
      Html(r.id) +
      "</title>\n<style>body{font-family:serif;max-width:60em;margin:2em auto;color:#000}"
      "table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #444;"
      "padding:.3em;vertical-align:top;text-align:left;font-size:.9em}code,pre{font-family:"
      "monospace;font-size:.85em;word-break:break-all;white-space:pre-wrap}h1{font-size:1.4em}"
      "@media print{a{color:#000}}</style></head><body>\n";
  h += "<h1>Chain of custody of testimony " + Html(r.id) + "</h1>\n";
  h += "<p>Witness (pseudonym): " + Html(r.witness_id.empty() ? "-" : r.witness_id) +
       (r.shredded ? ". <strong>This testimony was shredded;</strong> only its hashes remain." : ".") +
       "</p>\n";
  if (!r.provenance.bundle_id.empty()) {
    h += "<p>Imported from bundle " + Html(r.provenance.bundle_id) + ", signed by " +
         Html(r.provenance.signer) + " (sender's record " + Html(r.provenance.origin_record) +
         ").</p>\n";
  }
  h += "<h2>Versions</h2>\n<table><tr><th>Version</th><th>Recorded (UTC)</th><th>SHA-256 of the "
       "exact statement bytes</th><th>Size</th><th>Reason</th></tr>\n";
  for (const CustodyVersion& v : r.versions) {
    h += "<tr><td>" + std::to_string(v.version) + "</td><td>" +
         (v.shredded ? "-" : Html(FormatUtc(v.created_at_unix_s))) + "</td><td><code>" +
         Sha256Hex(v.sha256) + "</code></td><td>" +
         (v.shredded ? "-" : std::to_string(v.size_bytes) + " bytes") + "</td><td>" +
         Html(v.shredded ? "shredded" : Str(v.reason)) + "</td></tr>\n";
  }
  h += "</table>\n<h2>Every recorded action</h2>\n<table><tr><th>#</th><th>Time (UTC)</th><th>By "
       "(custodian key)</th><th>What</th></tr>\n";
  for (const CustodyEvent& ce : r.events) {
    h += "<tr><td>" + std::to_string(ce.event.seq) + "</td><td>" +
         Html(FormatUtc(ce.event.time_unix_s)) + "</td><td><code>" + Html(ce.event.actor) +
         "</code></td><td>" + Html(Describe(ce.event)) + "</td></tr>\n";
  }
  h += "</table>\n<h2>How to verify this report</h2>\n<p>Each action above is an entry of the "
       "vault's tamper-evident audit log, a Merkle tree (RFC 9162) whose state was signed by "
       "the custodian at size " +
       std::to_string(r.checkpoint_size) +
       " in the checkpoint below (C2SP signed-note format). The custodian's public signing key "
       "(minisign format) is:</p>\n<pre>" +
       Html(r.signer_key) + "</pre>\n<p>Signed checkpoint:</p>\n<pre>" + Html(r.checkpoint) +
       "</pre>\n<p>To check: obtain a checkpoint from the custodian independently (one they sent "
       "you earlier, or one filed with a court), then run <code>tvault audit verify --checkpoint "
       "FILE</code> on the vault, or <code>tvault audit verify --log EXPORTED_LOG --signer-key " +
       Html(r.signer_key) +
       " --checkpoint FILE</code> on an exported log. The JSON form of this report "
       "(<code>tvault custody " +
       Html(r.id) +
       " --json</code>) carries each entry and its inclusion proof, and each version's "
       "commitment salt: SHA-256(\"tvault/v1/statement-commitment\" || salt || SHA-256(statement)) "
       "equals the digest logged at intake, so the statement bytes can be tied to the log "
       "without revealing them to anyone else.</p>\n</body></html>\n";
  return h;
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(CustodyReport r, vault.Custody(a.id));
  if (!a.html.empty()) {
    std::string page = RenderHtml(r);
    Status st = WriteNewFile(a.html, page);
    SecureWipe(page.data(), page.size());
    TVAULT_TRY(st);
  }
  if (cli.global.json) {
    PlainString j = CustodyReportJson(r);
    return cli.WriteStdout(AsBytes(j));
  }
  std::string out = "custody of " + r.id + " (witness " + r.witness_id + ")" +
                    (r.shredded ? ", SHREDDED" : "") + "\n";
  for (const CustodyVersion& v : r.versions) {
    out += "  v" + std::to_string(v.version) + "  sha256:" + Sha256Hex(v.sha256) +
           (v.shredded ? "  (shredded)" : "  " + FormatUtc(v.created_at_unix_s) + "  " + Str(v.reason)) +
           "\n";
  }
  for (const CustodyEvent& ce : r.events) {
    out += "  #" + std::to_string(ce.event.seq) + "  " + FormatUtc(ce.event.time_unix_s) + "  " +
           ce.event.actor + "  " + Describe(ce.event) + "\n";
  }
  out += "  signed checkpoint at size " + std::to_string(r.checkpoint_size) + " by " + r.signer_key;
  if (!a.html.empty()) out += "\n  HTML report written to " + a.html;
  Status st = cli.PrintLine(out);
  SecureWipe(out.data(), out.size());
  return st;
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
