// tvault hold add ID --reason TEXT / hold remove ID / hold list: legal holds.
#include "cli.h"
#include "preflight.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, reason;
};

Result<std::string> HoldId(const std::string& in) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(in));
  if (id[0] == 'C' || id[0] == 'W' || id[0] == 'T') return id;
  return MakeError(ErrorCode::kInvalidArgument,
                   id + ": a hold is placed on a case (C-...), a witness (W-...) or a testimony "
                        "(T-...)");
}

Status Add(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, HoldId(a.id));
  if (a.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a hold needs a reason (--reason)");
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.AddHold(id, TakeText(a.reason)));
  if (cli.global.json) {
    Json j{{"id", id}, {"held", true}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{} is under legal hold: shred and panic refuse it", id));
}

Status Remove(Cli& cli, Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, HoldId(a.id));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_TRY(vault.RemoveHold(id));
  if (cli.global.json) {
    Json j{{"id", id}, {"held", false}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{}: hold removed", id));
}

Status List(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<Hold> holds, vault.ListHolds());
  if (cli.global.json) {
    Json j = Json::array();
    for (const Hold& h : holds) {
      j.push_back(Json{{"id", h.id},
                       {"added_at", FormatUtc(h.added_at_unix_s)},
                       {"reason", std::string(h.reason.data(), h.reason.size())}});
    }
    return cli.PrintJson(j);
  }
  human::Text out = human::Format("");
  for (const Hold& h : holds) {
    out += human::Format("{} {} {}\n", h.id, FormatUtc(h.added_at_unix_s), h.reason);
  }
  return cli.Print(out);
}

}  // namespace

void RegisterHold(CLI::App& app, Cli& cli) {
  CLI::App* hold = app.add_subcommand(
      "hold", "Legal holds: records that must be kept (shred and panic refuse them)");
  hold->require_subcommand(1);
  auto a = std::make_shared<Args>();
  CLI::App* add = hold->add_subcommand(
      "add",
      "Place a legal hold on a case (C-...), witness (W-...) or testimony (T-...).\n"
      "While a hold applies (to the record, its witness, or a case either is in),\n"
      "`tvault shred` refuses it (exit 1, naming the hold), and `tvault panic` refuses\n"
      "the whole vault unless --override-hold. The reason is sealed; audited (hold.add)");
  add->add_option("ID", a->id, "Case, witness or testimony id")->required();
  add->add_option("--reason", a->reason, "Why (e.g. the court order; sealed)")->required();
  add->callback([&cli, a] { cli.action = [&cli, a] { return Add(cli, *a); }; });
  auto r = std::make_shared<Args>();
  CLI::App* remove =
      hold->add_subcommand("remove", "Lift a legal hold (audited: hold.remove)");
  remove->add_option("ID", r->id, "The held id")->required();
  remove->callback([&cli, r] { cli.action = [&cli, r] { return Remove(cli, *r); }; });
  CLI::App* list = hold->add_subcommand(
      "list", "Every legal hold: id, time, reason (logged: hold.view)");
  list->callback([&cli] { cli.action = [&cli] { return List(cli); }; });
}

}  // namespace tvault::cli
