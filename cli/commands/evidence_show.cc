// tvault evidence show: one evidence file's metadata (not its bytes).
#include "cli.h"
#include "human/render.h"

namespace tvault::cli {

void RegisterEvidenceShow(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand(
      "show",
      "Show an evidence file's metadata: id, testimony, size, sha256, media type,\n"
      "description, added time. With --json: an object with the fields id, testimony,\n"
      "size_bytes, sha256, media_type, description, added_at. The bytes themselves:\n"
      "`tvault evidence get`.");
  cmd->add_option("ID", *id, "Evidence id, e.g. E-4K2M9P")->required();
  cmd->callback([&cli, id] {
    cli.action = [&cli, id]() -> Status {
      TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
      TVAULT_ASSIGN_OR_RETURN(EvidenceInfo e, vault.ShowEvidence(*id));
      if (cli.global.json) {
        Json j = EvidenceJson(e);
        return cli.PrintJson(j);
      }
      return cli.Print(human::EvidenceShow(e));
    };
  });
}

}  // namespace tvault::cli
