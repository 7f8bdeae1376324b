// tvault check: authenticate everything in the vault.
#include <cstdio>

#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

// Unknown evidence files are not damage (each is a complete ciphertext), but
// `check` cannot verify them and their keys are not in this database: exit 1
// so that a scheduled check does not report the vault as in order.
Status ReportUnknownEvidence(const CheckReport& report) {
  for (const std::string& name : report.unknown_evidence_files) {
    PrintWarning(human::Format("evidence/{} is a complete evidence file that vault.db does not "
                               "know (kept); vault.db is probably older than the evidence folder",
                               name));
  }
  return MakeError(ErrorCode::kFailedPrecondition,
                   std::to_string(report.unknown_evidence_files.size()) +
                       " evidence file(s) unknown to vault.db (everything else verified); "
                       "restore the vault.db that matches the evidence folder, or keep the "
                       "files aside");
}

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(CheckReport report,
                          WithProgress("Checking", human::ProgressUnit::kSteps,
                                       [&](const Progress& p) { return vault.Check(p); }));
  const bool clean = report.unknown_evidence_files.empty();
  if (cli.global.json) {
    Json j{{"ok", clean}};
    if (!clean) {
      j["unknown_evidence_files"] = report.unknown_evidence_files;
      j["note"] = "complete evidence files that vault.db does not know, kept; vault.db is "
                  "probably older than the evidence folder";
    }
    TVAULT_TRY(cli.PrintJson(j));
  } else if (clean) {
    TVAULT_TRY(cli.PrintLine(human::Format("vault OK: every page, record and statement hash verified")));
  }
  return clean ? OkStatus() : ReportUnknownEvidence(report);
}

}  // namespace

void RegisterCheck(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Read every database page and authenticate every record and statement hash.\n"
      "Exit 4 naming the first failure. Exit 1 if the evidence folder holds complete\n"
      "files that vault.db does not know (named on standard error, kept): vault.db is\n"
      "probably older than the evidence folder.");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
