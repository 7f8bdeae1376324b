// tvault evidence get: the exact original bytes, verified.
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id;
  std::string out;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_TRY(CheckRecordId(a.id, 'E', "ID"));
  // Binary on a terminal is garbage at best and escape sequences at worst;
  // an explicit `--out -` still writes it (as age does).
  if (a.out.empty() && ::isatty(STDOUT_FILENO) == 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "standard output is a terminal and evidence files are binary: use --out "
                     "FILE or redirect (--out - writes to the terminal anyway)");
  }
  if (!a.out.empty() && a.out != "-") TVAULT_TRY(CheckNewOutput(a.out));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  const std::string out = a.out.empty() ? "-" : a.out;
  // No bar when the bytes go to standard output: it may be the terminal.
  ProgressBar bar("Extracting", human::ProgressUnit::kBytes);
  auto got = vault.GetEvidence(a.id, out, out == "-" ? EvidenceProgress{} : bar.Callback());
  bar.Finish();
  if (!got.ok()) return got.take_error();
  return OkStatus();
}

}  // namespace

void RegisterEvidenceGet(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "get",
      "Write an evidence file's exact original bytes to --out PATH (or standard\n"
      "output), checking every chunk, the end of the stream, the size and the\n"
      "SHA-256. PATH is written under a temporary name and appears only when all\n"
      "checks passed: on failure (exit 4) nothing is left. On standard output each\n"
      "chunk is written once it has been authenticated, so if the file turns out to\n"
      "be truncated or altered further on, a verified prefix has been written before\n"
      "the failure (exit 4): use --out when the result must be all or nothing.\n"
      "PATH must not exist. Without --out, standard output must not be a terminal\n"
      "(exit 2: use --out FILE or redirect); --out - writes there anyway.");
  cmd->add_option("ID", a->id, "Evidence id, e.g. E-4K2M9P")->required();
  cmd->add_option("--out", a->out, "Output file (default: standard output, refused if a terminal)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
