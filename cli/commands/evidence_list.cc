// tvault evidence list: a testimony's evidence files, metadata only.
#include "cli.h"
#include "human/render.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const std::string& testimony) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<EvidenceInfo> list, vault.ListEvidence(testimony));
  if (cli.global.json) {
    Json j = Json::array();
    for (const EvidenceInfo& e : list) j.push_back(EvidenceJson(e));
    return cli.PrintJson(j);
  }
  return cli.Print(human::EvidenceList(list));
}

}  // namespace

void RegisterEvidenceList(CLI::App& group, Cli& cli) {
  auto testimony = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "list",
      "List a testimony's evidence, one per line: id, size in bytes, sha256, media\n"
      "type, added, description (oldest first).");
  cmd->add_option("TESTIMONY_ID", *testimony, "Testimony id, e.g. T-4K2M9P")->required();
  cmd->callback([&cli, testimony] { cli.action = [&cli, testimony] { return Run(cli, *testimony); }; });
}

}  // namespace tvault::cli
