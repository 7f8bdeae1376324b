// The audit log and the chain of custody, as text and as HTML (render.h).
#include "human/render.h"
#include "vault/text.h"
#include "vault/trusted_time.h"

namespace tvault::cli::human {
namespace {

Text EventLine(const AuditEvent& e) {
  Text line = Format("{}  {}  {}", e.seq, FormatUtc(e.time_unix_s), e.action);
  if (!e.object_id.empty()) {
    line += Format("  {}", e.object_id);
    if (e.object_version != 0) line += Format(" v{}", e.object_version);
  }
  if (!e.refs.empty()) {
    line += Format("  [");
    for (std::size_t i = 0; i < e.refs.size() && i < 8; ++i) {
      line += i ? Format(" {}", e.refs[i]) : Format("{}", e.refs[i]);
    }
    if (e.refs.size() > 8) line += Format(" ... {} in all", e.refs.size());
    line += Format("]");
  }
  if (e.count) line += Format("  count {}", *e.count);
  if (!e.detail.empty()) line += Format("  {}", e.detail);
  if (!e.reason.empty()) line += Format("  reason: {}", e.reason);
  if (e.reason_erased) line += Format("  reason: (erased with the record)");
  return line;
}

// What happened, in one phrase: "testimony.amend (version 2); reason: ...".
Text Describe(const AuditEvent& e) {
  Text what;
  if (e.action == "export") {
    what = Format("exported in bundle {}", e.object_id);
    for (std::size_t i = 0; i < e.recipient_names.size(); ++i) {
      what += i == 0 ? Format(" to {}", e.recipient_names[i]) : Format(", {}", e.recipient_names[i]);
    }
  } else if (e.action.starts_with("case.")) {
    // In a record's custody the case is what matters: name it.
    what = Format("{} {}", e.action, e.object_id);
    if (e.object_version != 0) what += Format(" (version {})", e.object_version);
    if (!e.detail.empty()) what += Format(" ({})", e.detail);
  } else {
    what = Format("{}", e.action);
    if (e.object_version != 0) what += Format(" (version {})", e.object_version);
  }
  if (!e.reason.empty()) what += Format("; reason: {}", e.reason);
  if (e.reason_erased) what += Format("; reason: (erased with the record)");
  return what;
}

// HTML-escapes text that is already safe for a terminal.
PlainString HtmlOf(const Text& safe) {
  PlainString out;
  for (char c : safe.view()) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

PlainString Html(std::string_view untrusted) { return HtmlOf(Format("{}", untrusted)); }

// A multi-line text (a signed note) escaped line by line, its '\n' kept.
Text Lines(std::string_view text) {
  Text out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out += Format("{}", text.substr(start, end - start));
    if (end < text.size()) out += Format("\n");
    start = end + 1;
  }
  return out;
}

// The event that created version `version` of the record (testimony.add for
// version 1 or an import, testimony.amend after; the later if logged twice).
std::optional<uint64_t> CreatedAt(const CustodyReport& r, uint32_t version) {
  std::optional<uint64_t> seq;
  for (const CustodyEvent& ce : r.events) {
    const AuditEvent& e = ce.event;
    if ((e.action == "testimony.add" || e.action == "testimony.amend") && e.object_id == r.id &&
        e.object_version == version) {
      seq = e.seq;
    }
  }
  return seq;
}

const TimestampInfo* StampOf(const CustodyReport& r, const CustodyVersion& v,
                             std::span<const TimestampInfo> stamps) {
  const std::optional<uint64_t> seq = CreatedAt(r, v.version);
  return seq ? EarliestStampCovering(*seq, stamps) : nullptr;
}

}  // namespace

Text AuditLog(const std::vector<AuditEvent>& events) {
  Text out;
  for (const AuditEvent& e : events) out += Format("{}\n", EventLine(e));
  return out;
}

Text Custody(const CustodyReport& r, const std::string& html_file,
             std::span<const TimestampInfo> stamps) {
  Text out = Format("custody of {} (witness {}){}\n", r.id, r.witness_id,
                    r.shredded ? Format(", SHREDDED") : Text());
  for (const CustodyVersion& v : r.versions) {
    out += Format("  v{}  sha256:{}", v.version, ToHex(v.sha256));
    out += v.shredded ? Format("  (shredded)\n")
                      : Format("  {}  {}\n", FormatUtc(v.created_at_unix_s), v.reason);
    if (stamps.empty()) continue;
    if (const TimestampInfo* t = StampOf(r, v, stamps)) {
      out += Format("      existed by {} (RFC 3161 time-stamp by {} of checkpoint size {})\n",
                    FormatUtc(*t->time_unix_s), t->tsa, t->checkpoint_size);
    } else {
      out += Format("      no trusted time-stamp covers it yet (tvault audit timestamp request)\n");
    }
  }
  for (const CustodyEvent& ce : r.events) {
    out += Format("  #{}  {}  {}  {}\n", ce.event.seq, FormatUtc(ce.event.time_unix_s),
                  ce.event.actor, Describe(ce.event));
  }
  out += Format("  signed checkpoint at size {} by {}\n", r.checkpoint_size, r.signer_key);
  if (!html_file.empty()) out += Format("  HTML report written to {}\n", html_file);
  return out;
}

PlainString CustodyHtml(const CustodyReport& r, std::span<const TimestampInfo> stamps) {
  PlainString h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Chain of custody ";
  h += Html(r.id);
  h += "</title>\n<style>body{font-family:serif;max-width:60em;margin:2em auto;color:#000}"
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
       "exact statement bytes</th><th>Size</th><th>Reason</th>";
  if (!stamps.empty()) h += "<th>Existed by (trusted time, RFC 3161)</th>";
  h += "</tr>\n";
  for (const CustodyVersion& v : r.versions) {
    h += "<tr><td>" + Html(std::to_string(v.version)) + "</td><td>" +
         (v.shredded ? PlainString("-") : Html(FormatUtc(v.created_at_unix_s))) +
         "</td><td><code>" + Html(ToHex(v.sha256)) + "</code></td><td>" +
         (v.shredded ? PlainString("-") : Html(std::to_string(v.size_bytes) + " bytes")) +
         "</td><td>" + (v.shredded ? PlainString("shredded") : Html(v.reason)) + "</td>";
    if (!stamps.empty()) {
      const TimestampInfo* t = StampOf(r, v, stamps);
      h += t != nullptr ? "<td>" + Html(FormatUtc(*t->time_unix_s)) + ", time-stamp by " +
                              Html(t->tsa) + " of checkpoint size " +
                              Html(std::to_string(t->checkpoint_size)) + "</td>"
                        : PlainString("<td>not yet time-stamped</td>");
    }
    h += "</tr>\n";
  }
  h += "</table>\n<h2>Every recorded action</h2>\n<table><tr><th>#</th><th>Time (UTC)</th><th>By "
       "(custodian key)</th><th>What</th></tr>\n";
  for (const CustodyEvent& ce : r.events) {
    h += "<tr><td>" + Html(std::to_string(ce.event.seq)) + "</td><td>" +
         Html(FormatUtc(ce.event.time_unix_s)) + "</td><td><code>" + Html(ce.event.actor) +
         "</code></td><td>" + HtmlOf(Describe(ce.event)) + "</td></tr>\n";
  }
  h += "</table>\n<h2>How to verify this report</h2>\n<p>Each action above is an entry of the "
       "vault's tamper-evident audit log, a Merkle tree (RFC 9162) whose state was signed by "
       "the custodian at size ";
  h += Html(std::to_string(r.checkpoint_size));
  h += " in the checkpoint below (C2SP signed-note format). The custodian's public signing key "
       "(minisign format) is:</p>\n<pre>" +
       Html(r.signer_key) + "</pre>\n<p>Signed checkpoint:</p>\n<pre>" + HtmlOf(Lines(r.checkpoint)) +
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

}  // namespace tvault::cli::human
