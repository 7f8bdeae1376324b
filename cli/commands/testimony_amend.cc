// tvault testimony amend: append a new version; nothing is overwritten.
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, file, reason;
  MetadataOptions meta;
};

Status Run(Cli& cli, Args& a) {
  PlainString reason = TakeText(a.reason);
  TestimonyMetadata changes = a.meta.Take();
  // Exit 1, as when the vault answered "no testimony W-...".
  TVAULT_TRY(CheckRecordId(a.id, 'T', "ID", ErrorCode::kNotFound));
  TVAULT_TRY(CheckInputFile(a.file));
  TVAULT_TRY(ValidateTestimonyMetadata(changes));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(uint32_t version,
                          vault.AmendTestimony(a.id, StatementFromFile(a.file), reason, changes));
  if (cli.global.json) {
    Json j{{"id", a.id}, {"version", version}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} version {}", a.id, version));
}

}  // namespace

void RegisterTestimonyAmend(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "amend",
      "Add a new version of a testimony with a reason. Earlier versions stay readable.\n"
      "Metadata options given here replace the previous version's; others carry over.\n"
      "A statement identical to the latest version, with no metadata change, is refused\n"
      "(exit 1): nothing is stored.");
  cmd->add_option("ID", a->id, "Testimony id")->required();
  cmd->add_option("--file", a->file, "The new statement (- for standard input)")->required();
  cmd->add_option("--reason", a->reason, "Why this version exists")->required();
  a->meta.AddTo(*cmd);
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
