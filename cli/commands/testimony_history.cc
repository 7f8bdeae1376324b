// tvault testimony history: every version with hash, time and reason.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const std::string& id) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<TestimonyVersionInfo> versions, vault.TestimonyHistory(id));
  if (cli.global.json) {
    Json j = Json::array();
    for (const TestimonyVersionInfo& v : versions) {
      j.push_back(Json{{"version", v.version},
                       {"sha256", Sha256Hex(v.sha256)},
                       {"created_at", FormatUtc(v.created_at_unix_s)},
                       {"reason", std::string(v.reason.data(), v.reason.size())},
                       {"size_bytes", v.size_bytes}});
    }
    return cli.PrintJson(j);
  }
  return cli.Print(human::TestimonyHistory(versions));
}

}  // namespace

void RegisterTestimonyHistory(CLI::App& group, Cli& cli) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand("history", "List every version of a testimony");
  cmd->add_option("ID", *id, "Testimony id")->required();
  cmd->callback([&cli, id] { cli.action = [&cli, id] { return Run(cli, *id); }; });
}

}  // namespace tvault::cli
