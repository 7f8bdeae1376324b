// tvault keyslot list
#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<KeyslotInfo> slots, vault.ListKeyslots());
  if (cli.global.json) {
    Json j = Json::array();
    for (const KeyslotInfo& s : slots) {
      j.push_back(Json{{"slot", s.slot_id},
                       {"kdf", s.recovery ? "recovery-shares" : "argon2id"},
                       {"kdf_memory_mib", s.kdf_memory_kib / 1024},
                       {"kdf_passes", s.kdf_passes},
                       {"created_at", FormatUtc(s.created_at_unix_s)},
                       {"current", s.used_for_this_unlock},
                       {"label", s.label.empty() ? Json(nullptr)
                                                 : Json(std::string(s.label.data(), s.label.size()))},
                       {"recovery", s.recovery}});
    }
    return cli.PrintJson(j);
  }
  for (const KeyslotInfo& s : slots) {
    if (s.recovery) {
      TVAULT_TRY(cli.PrintLine(human::Format(
          "{}  recovery shares (see `tvault recovery list`)  created {}", s.slot_id,
          FormatUtc(s.created_at_unix_s))));
      continue;
    }
    TVAULT_TRY(cli.PrintLine(human::Format(
        "{}  argon2id {} MiB, {} passes  created {}{}{}", s.slot_id, s.kdf_memory_kib / 1024,
        s.kdf_passes, FormatUtc(s.created_at_unix_s),
        s.used_for_this_unlock ? human::Format("  (opened now)") : human::Text(),
        s.label.empty() ? human::Text() : human::Format("  label: {}", s.label))));
  }
  return OkStatus();
}

}  // namespace

void RegisterKeyslotList(CLI::App& group, Cli& cli) {
  CLI::App* cmd = group.add_subcommand("list", "List keyslots and their KDF parameters");
  cmd->callback([&cli] { cli.action = [&cli] { return Run(cli); }; });
}

}  // namespace tvault::cli
