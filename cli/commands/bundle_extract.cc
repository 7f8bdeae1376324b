// tvault bundle extract FILE --out DIR [--identity AGE_IDENTITY_FILE] [--signer-key RW...]
#include "bundle_summary.h"
#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string file, out, identity, signer_key;
};

Result<BundleSummary> Extract(Cli& cli, const Args& a) {
  auto run = [&](auto&& extract) {
    return WithProgress("Extracting", human::ProgressUnit::kBytes, extract);
  };
  if (OpensWithoutVault(cli, a.identity, a.signer_key)) {
    return run([&](const Progress& p) {
      return ExtractBundleWithIdentityFile(a.file, a.identity, a.signer_key, a.out, p);
    });
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  return run([&](const Progress& p) {
    return vault.ExtractBundle(a.file, a.out, a.signer_key, p, a.identity);
  });
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(BundleSummary s, Extract(cli, a));
  if (cli.global.json) {
    Json j = BundleSummaryJson(s);
    j["extracted_to"] = a.out;
    return cli.PrintJson(j);
  }
  TVAULT_TRY(PrintBundleSummary(cli, s));
  return cli.PrintLine(human::Format(
      "Extracted to {}: every file as the bundle holds it, after every check passed.\n"
      "There, `sha256sum -c SHA256SUMS` and `minisign -Vm SHA256SUMS -P {}` check them\n"
      "again without tvault (HOW_TO_VERIFY.txt explains).",
      a.out, s.signer_key));
}

}  // namespace

void RegisterBundleExtract(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "extract",
      "Verify a bundle exactly as `bundle verify` does and write its files (statements,\n"
      "custody, evidence, contacts if any, the manifest and the signed SHA256SUMS) into\n"
      "a new directory, for a recipient who keeps no vault. All or nothing: the\n"
      "directory appears only once every check passed; a bundle that fails anywhere\n"
      "leaves nothing (exit 4). With --identity and --signer-key no vault is needed;\n"
      "otherwise the vault's identity (or --identity) opens it and its peers (or\n"
      "--signer-key) decide who may have signed it (logged: bundle.extract). Each file\n"
      "is written as it arrives into a hidden folder beside DIR, renamed to DIR at the\n"
      "end: a killed tvault leaves that folder (.DIR.tvault-extract-*) behind.");
  cmd->add_option("FILE", a->file, "The bundle (a file or a pipe)")->required();
  cmd->add_option("--out", a->out, "The directory to create (refuses an existing one)")
      ->required();
  cmd->add_option("--identity", a->identity,
                  "An age identity file (AGE-SECRET-KEY-1..., e.g. from age-keygen)");
  cmd->add_option("--signer-key", a->signer_key,
                  "The sender's minisign public key (RW...); default: any peer's key");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
