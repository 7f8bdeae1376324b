// tvault tombstones: what shred left behind.
#include "cli.h"
#include "human/render.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<Tombstone> list, vault.ListTombstones());
  Json j = Json::array();
  for (const Tombstone& t : list) {
    Json versions = Json::array();
    for (const auto& [version, sha] : t.version_hashes) {
      versions.push_back(Json{{"version", version}, {"sha256", Sha256Hex(sha)}});
    }
    j.push_back(Json{{"id", t.id},
                     {"shredded_at", FormatUtc(t.shredded_at_unix_s)},
                     {"reason", std::string(t.reason.data(), t.reason.size())},
                     {"versions", versions}});
  }
  if (cli.global.json) return cli.PrintJson(j);
  return cli.Print(human::Tombstones(list));
}

}  // namespace

void RegisterTombstones(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand("tombstones", "List shredded records and their tombstones");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
