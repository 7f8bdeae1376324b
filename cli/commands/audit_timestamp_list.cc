// tvault audit timestamp list: every time-stamp request and its answer.
#include "cli.h"
#include "human/table.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<TimestampInfo> all, vault.AuditTimestamps());
  if (cli.global.json) {
    Json j = Json::array();
    for (const TimestampInfo& t : all) j.push_back(TimestampJson(t));
    return cli.PrintJson(j);
  }
  if (all.empty()) {
    return cli.PrintLine(human::Format(
        "No time-stamp requests. Make one with: tvault audit timestamp request --out FILE"));
  }
  std::vector<std::vector<human::Text>> rows;
  for (const TimestampInfo& t : all) {
    rows.push_back({human::Format("{}", t.checkpoint_size),
                    human::Format("{}", FormatUtc(t.requested_at_unix_s)),
                    t.time_unix_s ? human::Format("{}", FormatUtc(*t.time_unix_s))
                                  : human::Format("pending"),
                    human::Format("{}", t.tsa)});
  }
  return cli.Print(human::Table({human::Format("CHECKPOINT"), human::Format("REQUESTED"),
                                 human::Format("TIME-STAMPED"), human::Format("AUTHORITY")},
                                rows));
}

}  // namespace

void RegisterAuditTimestampList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand(
      "list",
      "Every time-stamp request: the checkpoint (tree size) it covers, when it was made,\n"
      "and the authority's time and name once its response was added");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
