// tvault bundle verify FILE [--identity AGE_IDENTITY_FILE] [--signer-key RW...]
#include "bundle_summary.h"
#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string file, identity, signer_key;
};

Status Run(Cli& cli, const Args& a) {
  if (OpensWithoutVault(cli, a.identity, a.signer_key)) {
    TVAULT_ASSIGN_OR_RETURN(
        BundleSummary s,
        WithProgress("Verifying", human::ProgressUnit::kBytes, [&](const Progress& p) {
          return VerifyBundleWithIdentityFile(a.file, a.identity, a.signer_key, p);
        }));
    return PrintBundleSummary(cli, s);
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(BundleSummary s,
                          WithProgress("Verifying", human::ProgressUnit::kBytes,
                                       [&](const Progress& p) {
                                         return vault.VerifyBundle(a.file, a.signer_key, p, a.identity);
                                       }));
  return PrintBundleSummary(cli, s);
}

}  // namespace

void RegisterBundleVerify(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "verify",
      "Check a bundle completely: it decrypts with this vault's identity (or with\n"
      "--identity, an age identity file, and no vault), SHA256SUMS is signed by a peer\n"
      "(or by --signer-key), the signed recipients include the identity that opened it\n"
      "(else it was forwarded), every file matches its hash with none missing or extra,\n"
      "the manifest agrees, and each custody excerpt is in the sender's signed audit\n"
      "log. Prints who signed it, when, why, and what it holds. Exit 0 if all holds,\n"
      "4 naming the first failure. Nothing is stored.");
  cmd->add_option("FILE", a->file, "The bundle")->required();
  cmd->add_option("--identity", a->identity,
                  "An age identity file (AGE-SECRET-KEY-1..., e.g. from age-keygen) to open the\n"
                  "bundle with instead of this vault's identity; with --signer-key, no vault is\n"
                  "needed (nor opened)");
  cmd->add_option("--signer-key", a->signer_key,
                  "The sender's minisign public key (RW...); default: any peer's key");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
