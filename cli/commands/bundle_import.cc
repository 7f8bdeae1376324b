// tvault bundle import FILE [--signer-key RW...] [--identity AGE_IDENTITY_FILE]
#include "bundle_summary.h"
#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string file, signer_key, identity;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(ImportResult r,
                          WithProgress("Importing", human::ProgressUnit::kBytes,
                                       [&](const Progress& p) {
                                         return vault.ImportBundle(a.file, a.signer_key, p, a.identity);
                                       }));
  if (cli.global.json) {
    Json j = BundleSummaryJson(r.bundle);
    j["already_imported"] = r.already_imported;
    Json map = Json::array();
    for (const auto& [theirs, ours] : r.testimonies) {
      map.push_back(Json{{"bundle_record", theirs}, {"testimony", ours}});
    }
    j["imported"] = map;
    Json evidence = Json::array();
    for (const auto& [theirs, ours] : r.evidence) {
      evidence.push_back(Json{{"bundle_evidence", theirs}, {"evidence", ours}});
    }
    j["imported_evidence"] = evidence;
    j["new_witnesses"] = r.new_witnesses;
    return cli.PrintJson(j);
  }
  return cli.Print(human::ImportText(r));
}

}  // namespace

void RegisterBundleImport(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "import",
      "Verify a bundle exactly as `bundle verify` does, then store its records as new\n"
      "testimonies (every version, byte-exact) with their provenance: bundle id, signer\n"
      "key and the sender's record id. Witnesses get new local ids, with the contact\n"
      "details if the bundle carries them. All or nothing: a bundle that fails anywhere\n"
      "stores nothing (exit 4). Importing the same bundle again adds nothing.");
  cmd->add_option("FILE", a->file, "The bundle")->required();
  cmd->add_option("--signer-key", a->signer_key,
                  "The sender's minisign public key (RW...); default: any peer's key");
  cmd->add_option("--identity", a->identity,
                  "An age identity file (AGE-SECRET-KEY-1..., e.g. from age-keygen) to open a\n"
                  "bundle sent to that key instead of to this vault");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
