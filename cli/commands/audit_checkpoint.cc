// tvault audit checkpoint: a signed checkpoint of the audit log to keep off
// the device (mail it to a colleague, file it with a court).
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string out;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::string note, vault.AuditCheckpoint());
  if (!a.out.empty()) TVAULT_TRY(WriteNewFile(a.out, note));
  if (cli.global.json) {
    Json j{{"checkpoint", note}, {"file", a.out}};
    return cli.PrintJson(j);
  }
  if (!a.out.empty()) return cli.PrintLine(human::Format("checkpoint written to {}", a.out));
  return cli.WriteStdout({reinterpret_cast<const uint8_t*>(note.data()), note.size()});
}

}  // namespace

void RegisterAuditCheckpoint(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "checkpoint",
      "Sign a checkpoint of the audit log (C2SP signed note) and print it, or write it\n"
      "to --out. Keep it off this device: `audit verify --checkpoint FILE` later proves\n"
      "the log still contains everything it covered (no rollback, no rewriting).");
  cmd->add_option("--out", a->out, "Write the checkpoint to FILE (refuses to overwrite)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
