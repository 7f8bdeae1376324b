// tvault export --to PEER ... (--testimony ID ... | --all | --case C-...) [--with-contacts]
//               [--redaction R-... ...] [--redacted]
//               [--escape-invalid-text] --purpose SCOPE [--override-consent]
//               --reason TEXT --out FILE
#include "cli.h"
#include "progress.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::vector<std::string> to, testimonies, redactions;
  bool redacted = false;
  bool all = false, with_contacts = false, escape_invalid_text = false, override_consent = false;
  std::string reason, out, case_id, purpose;
  int format = 0;  // automatic
};

Status Run(Cli& cli, Args& a) {
  ExportRequest req;
  for (std::string& name : a.to) req.to.push_back(TakeText(name));
  req.testimonies = a.testimonies;
  req.all = a.all;
  req.case_id = a.case_id;
  req.with_contacts = a.with_contacts;
  req.escape_invalid_text = a.escape_invalid_text;
  req.reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(req.purpose, ParseConsentScope(a.purpose));
  req.override_consent = a.override_consent;
  req.bundle_format = a.format;
  req.redactions = a.redactions;
  req.redacted = a.redacted;
  req.out = a.out;
  if (a.out == "-") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--out needs a file name (the bundle appears only once it is complete)");
  }
  for (const std::string& id : a.testimonies) TVAULT_TRY(CheckRecordId(id, 'T', "--testimony"));
  if (!a.case_id.empty()) TVAULT_TRY(CheckRecordId(a.case_id, 'C', "--case"));
  for (const std::string& id : a.redactions) TVAULT_TRY(CheckRecordId(id, 'R', "--redaction"));
  TVAULT_TRY(CheckNewOutput(a.out));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(ExportResult r,
                          WithProgress("Exporting", human::ProgressUnit::kTestimonies,
                                       [&](const Progress& p) {
                                         req.progress = p;
                                         return vault.Export(req);
                                       }));
  if (cli.global.json) {
    Json j{{"bundle_id", r.bundle_id},
           {"file", a.out},
           {"sha256", ToHex(r.bundle_sha256)},
           {"records", r.records},
           {"versions", r.versions},
           {"contacts", r.contacts},
           {"evidence", r.evidence},
           {"redacted", r.redacted},
           {"recipients", r.recipient_fingerprints},
           {"format", r.format_version},
           {"timestamps", r.timestamps},
           {"timestamps_left_out", r.timestamps_left_out}};
    return cli.PrintJson(j);
  }
  TVAULT_TRY(cli.PrintLine(human::Format(
      "exported {} to {}: {} testimonies, {} versions, {} contact files, {} evidence files",
      r.bundle_id, a.out, r.records, r.versions, r.contacts, r.evidence)));
  if (r.redacted != 0) {
    TVAULT_TRY(cli.PrintLine(human::Format(
        "{} of the testimonies went out redacted: only the redacted text and its proof", r.redacted)));
  }
  if (r.timestamps != 0) {
    TVAULT_TRY(cli.PrintLine(human::Format(
        "format {}, with {} trusted time-stamps that date its records", r.format_version,
        r.timestamps)));
  }
  if (r.timestamps_left_out != 0) {
    PrintNote(human::Format(
        "{} trusted time-stamps cover these records, but format {} cannot carry them; "
        "without --format (or with --format 3) the bundle would",
        r.timestamps_left_out, r.format_version));
  }
  TVAULT_TRY(cli.PrintLine(
      human::Format("sealed to {}", human::Join(r.recipient_fingerprints, ", "))));
  return cli.PrintLine(human::Format("sha256 {}", ToHex(r.bundle_sha256)));
}

}  // namespace

void RegisterExport(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write a signed, sealed bundle (docs/bundle-format.md): an age file to each --to\n"
      "peer holding a tar archive of the statements (byte-exact, every version), a\n"
      "manifest, the custody proofs, SHA256SUMS and its minisign signature by you, and\n"
      "HOW_TO_VERIFY.txt. Witness contact details stay out unless --with-contacts.\n"
      "Bundles are format 2 (one custody.json, statements/T-....vN.txt for text), or\n"
      "format 3 when trusted time-stamps (`tvault audit timestamp`) cover the records:\n"
      "format 2 plus the tokens, so that the recipient learns by when each record\n"
      "existed. --format chooses for a recipient whose tvault is older.\n"
      "The recipient can check it with `tvault bundle verify` or with age, tar,\n"
      "minisign and sha256sum. The export is recorded in the audit log.\n"
      "Consent is enforced: each testimony's consent in effect (`tvault consent show`)\n"
      "must cover --purpose, every --to peer and today, else nothing is written (exit 1,\n"
      "naming each record and why: no consent, scope, recipient, expired, withdrawn).\n"
      "Vaults made before consent existed, and testimonies imported from bundles, have\n"
      "no consent records: record them first, e.g.\n"
      "  tvault consent record T-... --scope court     (or W-... for all of a witness's)\n"
      "--override-consent exports anyway; that is its own audit event, in custody.");
  cmd->add_option("--to", a->to, "A peer with an age recipient, by name (matched ignoring case; repeatable)")->required();
  auto* t = cmd->add_option("--testimony", a->testimonies, "A testimony id (repeatable)");
  auto* all = cmd->add_flag("--all", a->all, "Every testimony in the vault");
  auto* kase = cmd->add_option(
      "--case", a->case_id,
      "Every testimony assigned to this case (C-...). Testimonies of the case's\n"
      "witnesses that are not themselves assigned to it are not included");
  cmd->add_option("--redaction", a->redactions,
                  "Send a testimony through this redaction (R-..., made with `tvault redact`;\n"
                  "repeatable): only the redacted version goes, as\n"
                  "statements/T-....vN.redacted.txt with its proof redactions/R-....proof, with\n"
                  "none of the testimony's other versions or evidence, and of its metadata only\n"
                  "the language and the date. Without --testimony, --all or --case, the\n"
                  "redactions choose the testimonies (docs/bundle-format.md 7.7)");
  cmd->add_flag("--redacted", a->redacted,
                "Send every chosen testimony redacted: through its --redaction if one is\n"
                "given, else through its newest redaction. A testimony without one refuses\n"
                "the export (exit 1), naming it. Excludes --with-contacts and --format 1");
  t->excludes(all);
  all->excludes(t);
  kase->excludes(t);
  kase->excludes(all);
  cmd->add_flag("--with-contacts", a->with_contacts,
                "Include the witnesses' contact details (names, phones, addresses)");
  cmd->add_flag("--escape-invalid-text", a->escape_invalid_text,
                "Carry text stored before tvault refused bytes that are not UTF-8 (a title,\n"
                "a reason, a description) in the escaped form of docs/bundle-format.md 3.1:\n"
                "readable as \\xFF in manifest.json, with the exact bytes beside it.\n"
                "`bundle import` restores the exact bytes. Without it such text fails the\n"
                "export, naming the record and the field");
  cmd->add_option("--purpose", a->purpose,
                  "What the bundle is for: court, ngo, press, public or research. Checked\n"
                  "against each witness's consent")
      ->required();
  cmd->add_flag("--override-consent", a->override_consent,
                "Export records that consent does not cover anyway (logged with --reason as\n"
                "export.override_consent, naming each record and why)");
  cmd->add_option("--reason", a->reason, "Why the records leave the vault (logged, signed)")
      ->required();
  cmd->add_option("--out", a->out, "The bundle file to create (refused if it exists)")
      ->required();
  cmd->add_option("--format", a->format,
                  "Bundle format (docs/bundle-format.md sections 7, 8): 3 carries the trusted\n"
                  "time-stamps, 2 leaves them out, 1 is the earliest; default: 3 when a\n"
                  "time-stamp covers an exported record, else 2")
      ->check(CLI::IsMember({1, 2, 3}));
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
