// tvault redaction show R-... [--proof-out FILE]: the redacted text, and the
// proof bytes for tools/verify_redaction.py.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, proof_out;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  Redaction r;
  if (!a.proof_out.empty()) {
    TVAULT_ASSIGN_OR_RETURN(RedactionProofBundle p, vault.RedactionProof(a.id));
    // Created 0600, never replacing a file: it holds revealed plaintext.
    TVAULT_TRY(WriteNewFile(a.proof_out, std::span<const uint8_t>(p.proof)));
    r.summary = std::move(p.summary);
    r.redacted_text = std::move(p.redacted_text);
    TVAULT_ASSIGN_OR_RETURN(Redaction shown, vault.ShowRedaction(a.id));
    r.reason = std::move(shown.reason);
  } else {
    TVAULT_ASSIGN_OR_RETURN(r, vault.ShowRedaction(a.id));
  }
  if (cli.global.json) {
    Json j = RedactionJson(r.summary);
    j["reason"] = std::string(r.reason.data(), r.reason.size());
    j["text"] = std::string(r.redacted_text.data(), r.redacted_text.size());
    return cli.PrintJson(j);
  }
  const RedactionSummary& s = r.summary;
  human::Text out = human::Format(
      "{}  {}@{}  {}\nreason: {}\nhidden: {} of {} tokens\ncommitment: {} (audit event {}{})\n"
      "\n",
      s.id, s.testimony_id, std::to_string(s.version), FormatUtc(s.created_at_unix_s), r.reason,
      std::to_string(s.hidden_tokens), std::to_string(s.token_count), Sha256Hex(s.commitment),
      std::to_string(s.commitment_seq),
      s.commitment_at_intake ? ", at intake" : ", logged at the first redaction, not at intake");
  // Line by line, so that the statement keeps its lines while every other
  // control character in it is escaped.
  out += human::TextLines({r.redacted_text.data(), r.redacted_text.size()});
  return cli.Print(out);
}

}  // namespace

void RegisterRedactionShow(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "show",
      "Show a redaction: testimony and version, reason, how many tokens it hides, the\n"
      "commitment and the audit event that holds it, then the redacted text (each\n"
      "hidden run shown as one mark of five U+2588, whatever its length). The proof\n"
      "is rebuilt and checked against the logged commitment first (exit 4 if not).\n"
      "--proof-out FILE writes the proof (docs/redaction-format.md, section 4.1;\n"
      "created 0600, never replacing a file); check it with\n"
      "  python3 tools/verify_redaction.py FILE COMMITMENT\n"
      "With --json: an object with id, testimony, version, created_at, token_count,\n"
      "hidden_tokens, hidden ([first, end) token ranges), commitment, commitment_seq,\n"
      "commitment_at_intake, reason, text. Audited (redaction.view).");
  cmd->add_option("ID", a->id, "Redaction id, e.g. R-4K2M9P")->required();
  cmd->add_option("--proof-out", a->proof_out, "Write the proof bytes to FILE");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
