// tvault shred: crypto-erase a testimony, a witness or one evidence file,
// keeping a tombstone. What will be destroyed is shown first; on a terminal
// the user confirms by typing the id, elsewhere --yes is the confirmation.
#include "cli.h"
#include "confirm.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, reason;
  bool cascade = false;
  bool yes = false;
  bool dry_run = false;
};

Error Usage(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); }

// Everything that needs no vault, before the passphrase is asked.
Status Preflight(const Args& a, bool terminal) {
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  if (id[0] != 'T' && id[0] != 'W' && id[0] != 'E') {
    return Usage("shred takes a witness, testimony or evidence id (W-..., T-..., E-...), not " +
                 id);
  }
  if (a.dry_run) return OkStatus();
  if (a.reason.empty()) {
    return Usage("--reason is required: say why " + id + " is shredded (kept in the tombstone)");
  }
  if (!a.yes && !terminal) {
    return Usage("shred destroys " + id +
                 " for good and there is no terminal to confirm on: add --yes (see what it "
                 "would destroy with --dry-run)");
  }
  return OkStatus();
}

human::Text PlanText(const ShredPlan& plan) {
  human::Text out;
  for (const ShredPlanItem& item : plan.items) {
    switch (item.id[0]) {
      case 'T':
        out += human::Format("  testimony  {}  {} {}  {} bytes\n", item.id, item.versions,
                             item.versions == 1 ? "version" : "versions", item.size_bytes);
        break;
      case 'E':
        out += human::Format("  evidence   {}  of {}  {} bytes\n", item.id, item.testimony_id,
                             item.size_bytes);
        break;
      default:
        if (item.versions > 1) {
          out += human::Format("  witness    {}  contact details, {} versions\n", item.id,
                               item.versions);
        } else {
          out += human::Format("  witness    {}  contact details\n", item.id);
        }
        break;
    }
  }
  return out;
}

Status PrintPlanJson(const Cli& cli, const ShredPlan& plan) {
  Json items = Json::array();
  for (const ShredPlanItem& item : plan.items) {
    Json j{{"id", item.id}};
    if (item.id[0] == 'T' || item.id[0] == 'W') j["versions"] = item.versions;
    if (item.id[0] == 'E') j["testimony"] = item.testimony_id;
    if (item.id[0] != 'W') j["size_bytes"] = item.size_bytes;
    items.push_back(std::move(j));
  }
  Json out{{"dry_run", true}, {"would_shred", std::move(items)}};
  return cli.PrintJson(out);
}

Status Run(Cli& cli, Args& a) {
  TVAULT_TRY(Preflight(a, CanAskOnTerminal()));
  TVAULT_ASSIGN_OR_RETURN(std::string id, NormalizeRecordId(a.id));
  PlainString reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(ShredPlan plan, vault.PlanShred(id, a.cascade));
  if (a.dry_run) {
    if (cli.global.json) return PrintPlanJson(cli, plan);
    human::Text text = human::Format("shred {} would destroy (dry run, nothing changed):\n", id);
    text += PlanText(plan);
    return cli.Print(text);
  }
  if (!a.yes) {
    human::Text what = human::Format("shred {} destroys, for good:\n", id);
    what += PlanText(plan);
    TVAULT_TRY(ConfirmByTypingId(what, id, "shred"));
  }
  TVAULT_ASSIGN_OR_RETURN(ShredReport report, vault.Shred(id, reason, a.cascade));
  if (cli.global.json) {
    Json j{{"shredded", report.shredded_ids}};
    return cli.PrintJson(j);
  }
  for (const std::string& shredded : report.shredded_ids) {
    TVAULT_TRY(cli.PrintLine(human::Format("shredded {}", shredded)));
  }
  return OkStatus();
}

}  // namespace

void RegisterShred(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "shred",
      "Crypto-erase a testimony (T-...) with its evidence, a witness (W-...) or one\n"
      "evidence file (E-...): record keys and ciphertext are destroyed; a tombstone keeps\n"
      "id, time, reason and the SHA-256 of each statement version or file. A witness\n"
      "with testimonies is refused unless --cascade.\n"
      "It first shows what will be destroyed (records, versions, evidence files, sizes).\n"
      "On a terminal you confirm by typing the id; anything else cancels (exit 1).\n"
      "Without a terminal (scripts, pipes) it is refused (exit 2) unless --yes.");
  cmd->add_option("ID", a->id, "Testimony, witness or evidence id")->required();
  cmd->add_option("--reason", a->reason,
                  "Why it is shredded (kept in the tombstone); required unless --dry-run");
  cmd->add_flag("--cascade", a->cascade, "Also shred every testimony of the witness");
  cmd->add_flag("--yes", a->yes, "Do not ask: shred at once (needed without a terminal)");
  cmd->add_flag("--dry-run", a->dry_run,
                "Show what would be destroyed and change nothing (no audit event is written: "
                "only ids, counts and sizes are shown)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
