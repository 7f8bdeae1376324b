// tvault witness show: a witness's contact details (the latest version, or
// the one --version names).
#include "cli.h"
#include "details_input.h"
#include "human/render.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id;
  uint32_t version = 0;
  const CLI::Option* version_option = nullptr;
};

Status Run(Cli& cli, const Args& a) {
  if (a.version_option->count() > 0) {
    // Checked before the passphrase; a testimony id stays "not found" (exit
    // 1), as it was before --version existed.
    TVAULT_TRY(CheckRecordId(a.id, 'W', "ID", ErrorCode::kNotFound));
    if (a.version == 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--version counts from 1 (omit it for the latest version)");
    }
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(Witness w, vault.GetWitness(a.id, a.version));
  if (cli.global.json) {
    Json j{{"id", w.id}, {"created_at", FormatUtc(w.created_at_unix_s)}};
    j.update(WitnessDetailsJson(w.details));
    j["version"] = w.version;
    j["version_created_at"] = FormatUtc(w.version_created_at_unix_s);
    return cli.PrintJson(j);
  }
  return cli.Print(human::WitnessShow(w));
}

}  // namespace

void RegisterWitnessShow(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand("show", "Show a witness's contact details");
  cmd->add_option("ID", a->id, "Witness id, e.g. W-7Q3KX")->required();
  a->version_option = cmd->add_option(
      "--version", a->version,
      "Show this version of the contact details (1 = as first recorded; see `witness history`)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
