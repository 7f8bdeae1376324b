// The command tree of tvault, and how an outcome becomes a message and an
// exit code: shared by main() and by `tvault shell`.
#include "app.h"

#include "command_names.h"
#include "error_text.h"
#include "exit_codes.h"

namespace tvault::cli {

// The message holds text from outside (paths, ids, words typed): escaped
// here, once, which also keeps it on one line.
void PrintErrorMessage(const std::string& message) {
  PrintError(human::Format("{}", message));
}

// The exit code of a command's outcome, its error printed.
int ExitFor(const Status& status) {
  if (status.ok()) return tvault::cli::kExitOk;
  PrintErrorMessage(tvault::cli::ErrorText(status.error()));
  return tvault::cli::ExitCodeFor(status.error().code);
}

void BuildApp(CLI::App& app, Cli& cli) {
  app.footer(std::string("\n") + tvault::cli::kExitCodesHelp +
             "\nThe passphrase is read from --passphrase-file or asked on the terminal; never\n"
             "from the command line or the environment. The vault is --vault DIR, else\n"
             "$TVAULT_DIR, else ~/.local/share/tvault.\n");
  app.require_subcommand(1);
  app.fallthrough();
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--vault", cli.global.vault_dir, "Vault directory");
  app.add_option("--passphrase-file", cli.global.passphrase_file,
                 "Read the passphrase from FILE: its content without one trailing line end\n"
                 "(\\n or \\r\\n). A new passphrase with a control character (tab, CR, ...)\n"
                 "is refused: it could not be typed at the prompt. A vault whose passphrase\n"
                 "was set from a \\r\\n file by an earlier tvault (so ends in CR) still\n"
                 "opens, with a warning to change it");
  app.add_flag("--json", cli.global.json, "Machine-readable output on standard output");
  app.set_version_flag("--version", std::string(),
                       "Print the versions of tvault and its libraries and exit");
  app.add_flag("--read-only", cli.global.read_only,
               "Write nothing to the vault: commands that read it work, but what they show\n"
               "is NOT recorded in the audit log (said on standard error) and failed\n"
               "unlocks are not counted; commands that change it are refused (exit 2).\n"
               "Implied, with the same note, when the vault is on read-only media");
  app.add_option("--wait", cli.global.wait_seconds,
                 "Seconds to wait for another command to release the vault (default 10)")
      ->check(CLI::Range(0, 3600));

  tvault::cli::RegisterInit(app, cli);

  CLI::App* witness = app.add_subcommand("witness", "Witnesses and their contact details");
  witness->require_subcommand(1);
  tvault::cli::RegisterWitnessAdd(*witness, cli);
  tvault::cli::RegisterWitnessShow(*witness, cli);
  tvault::cli::RegisterWitnessList(*witness, cli);
  tvault::cli::RegisterWitnessEdit(*witness, cli);
  tvault::cli::RegisterWitnessHistory(*witness, cli);

  CLI::App* testimony = app.add_subcommand("testimony", "Witness statements");
  testimony->require_subcommand(1);
  tvault::cli::RegisterTestimonyAdd(*testimony, cli);
  tvault::cli::RegisterTestimonyShow(*testimony, cli);
  tvault::cli::RegisterTestimonyList(*testimony, cli);
  tvault::cli::RegisterTestimonyAmend(*testimony, cli);
  tvault::cli::RegisterTestimonyHistory(*testimony, cli);

  CLI::App* evidence =
      app.add_subcommand("evidence", "Evidence files (audio, video, scans) of a testimony");
  evidence->require_subcommand(1);
  tvault::cli::RegisterEvidenceAdd(*evidence, cli);
  tvault::cli::RegisterEvidenceList(*evidence, cli);
  tvault::cli::RegisterEvidenceGet(*evidence, cli);
  tvault::cli::RegisterEvidenceShow(*evidence, cli);

  CLI::App* kase = app.add_subcommand("case", "Cases: matters that group witnesses and testimonies");
  kase->require_subcommand(1);
  tvault::cli::RegisterCaseAdd(*kase, cli);
  tvault::cli::RegisterCaseList(*kase, cli);
  tvault::cli::RegisterCaseShow(*kase, cli);
  tvault::cli::RegisterCaseEdit(*kase, cli);
  tvault::cli::RegisterCaseAssign(*kase, cli);
  tvault::cli::RegisterCaseUnassign(*kase, cli);
  tvault::cli::RegisterCaseRetention(*kase, cli);

  CLI::App* consent = app.add_subcommand(
      "consent", "What each witness agreed to: recorded, and enforced by export");
  consent->require_subcommand(1);
  tvault::cli::RegisterConsentRecord(*consent, cli);
  tvault::cli::RegisterConsentWithdraw(*consent, cli);
  tvault::cli::RegisterConsentShow(*consent, cli);
  tvault::cli::RegisterConsentHistory(*consent, cli);
  tvault::cli::RegisterHold(app, cli);
  tvault::cli::RegisterDue(app, cli);

  tvault::cli::RegisterRedact(app, cli);
  CLI::App* redaction =
      app.add_subcommand("redaction", "Provable redactions of statements (tvault redact)");
  redaction->require_subcommand(1);
  tvault::cli::RegisterRedactionList(*redaction, cli);
  tvault::cli::RegisterRedactionShow(*redaction, cli);

  tvault::cli::RegisterShred(app, cli);
  tvault::cli::RegisterTombstones(app, cli);
  tvault::cli::RegisterPanic(app, cli);
  tvault::cli::RegisterBackup(app, cli);
  tvault::cli::RegisterRestore(app, cli);

  CLI::App* passphrase = app.add_subcommand("passphrase", "Change the vault passphrase");
  passphrase->require_subcommand(1);
  tvault::cli::RegisterPassphraseChange(*passphrase, cli);

  CLI::App* keyslot = app.add_subcommand("keyslot", "Additional passphrases (keyslots)");
  keyslot->require_subcommand(1);
  tvault::cli::RegisterKeyslotAdd(*keyslot, cli);
  tvault::cli::RegisterKeyslotList(*keyslot, cli);
  tvault::cli::RegisterKeyslotRemove(*keyslot, cli);
  tvault::cli::RegisterKeyslotLabel(*keyslot, cli);

  CLI::App* recovery = app.add_subcommand(
      "recovery", "Recovery shares: T of N trusted people can open the vault together");
  recovery->require_subcommand(1);
  tvault::cli::RegisterRecoveryCreate(*recovery, cli);
  tvault::cli::RegisterRecoveryRestore(*recovery, cli);
  tvault::cli::RegisterRecoveryList(*recovery, cli);
  tvault::cli::RegisterRecoveryRevoke(*recovery, cli);

  tvault::cli::RegisterCheck(app, cli);

  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  tvault::cli::RegisterAuditLog(*audit, cli);
  tvault::cli::RegisterAuditCheckpoint(*audit, cli);
  tvault::cli::RegisterAuditVerify(*audit, cli);
  tvault::cli::RegisterAuditExport(*audit, cli);
  CLI::App* timestamp = audit->add_subcommand(
      "timestamp", "Trusted timestamps (RFC 3161) of the audit log, for a court");
  timestamp->require_subcommand(1);
  tvault::cli::RegisterAuditTimestampRequest(*timestamp, cli);
  tvault::cli::RegisterAuditTimestampAdd(*timestamp, cli);
  tvault::cli::RegisterAuditTimestampList(*timestamp, cli);
  tvault::cli::RegisterAuditTimestampGet(*timestamp, cli);
  tvault::cli::RegisterCustody(app, cli);
  tvault::cli::RegisterSearch(app, cli);
  tvault::cli::RegisterShell(app, cli);

  CLI::App* identity = app.add_subcommand("identity", "Your keys, as others see them");
  identity->require_subcommand(1);
  tvault::cli::RegisterIdentityShow(*identity, cli);

  CLI::App* peer = app.add_subcommand("peer", "People you exchange bundles with");
  peer->require_subcommand(1);
  tvault::cli::RegisterPeerAdd(*peer, cli);
  tvault::cli::RegisterPeerList(*peer, cli);
  tvault::cli::RegisterPeerRemove(*peer, cli);
  tvault::cli::RegisterPeerRename(*peer, cli);
  tvault::cli::RegisterPeerEdit(*peer, cli);

  tvault::cli::RegisterExport(app, cli);
  CLI::App* bundle = app.add_subcommand("bundle", "Bundles you received: verify, import, extract");
  bundle->require_subcommand(1);
  tvault::cli::RegisterBundleVerify(*bundle, cli);
  tvault::cli::RegisterBundleImport(*bundle, cli);
  tvault::cli::RegisterBundleExtract(*bundle, cli);

  tvault::cli::RegisterVersion(app, cli);
  tvault::cli::RegisterHelp(app, cli);
}

// A parse error as tvault words it: an unknown command is named with the
// closest known one; anything else in CLI11's words.
void PrintParseError(const CLI::App& app, const CLI::ParseError& e) {
  if (auto unknown = tvault::cli::UnknownCommandMessage(app)) {
    PrintErrorMessage(*unknown);
    return;
  }
  PrintErrorMessage(std::string(e.what()) + " (see `tvault --help`)");
}

std::optional<int> ParseCommandLine(CLI::App& app, Cli& cli, const std::function<void()>& parse) {
  try {
    parse();
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion&) {
    // --json may stand after --version; the flag's count is known either way.
    return ExitFor(PrintVersion(cli, app.get_option("--json")->count() > 0));
  } catch (const CLI::ParseError& e) {
    PrintParseError(app, e);
    return kExitUsage;
  }
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    cli.command += (cli.command.empty() ? "" : " ") + sub->get_name();
  }
  return std::nullopt;
}

int RunCommand(Cli& cli) {
  if (!cli.action) {
    PrintErrorMessage("no command given (see `tvault --help`)");
    return kExitUsage;
  }
  const Status status = cli.action();
  if (status.ok() && cli.exit_status != 0) return cli.exit_status;
  return ExitFor(status);
}

}  // namespace tvault::cli
