// tvault consent withdraw ID --reason TEXT
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, reason;
};

Status Run(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  if (id[0] != 'W' && id[0] != 'T') {
    return MakeError(ErrorCode::kInvalidArgument,
                     id + ": consent is recorded for a witness (W-...) or a testimony (T-...)");
  }
  if (a.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a withdrawal needs a reason (--reason)");
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(uint32_t number, vault.WithdrawConsent(id, TakeText(a.reason)));
  if (cli.global.json) {
    Json j{{"id", id}, {"record", number}, {"withdrawn", true}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} consent record {}: withdrawn", id, number));
}

}  // namespace

void RegisterConsentWithdraw(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "withdraw",
      "Record that a witness withdrew their consent (a new record: the earlier ones stay).\n"
      "A witness's withdrawal covers every testimony of theirs, including those with a\n"
      "consent of their own recorded before it. Audited (consent.withdraw).");
  cmd->add_option("ID", a->id, "Witness (W-...) or testimony (T-...) id")->required();
  cmd->add_option("--reason", a->reason, "Why, or how the witness said so (sealed)")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
