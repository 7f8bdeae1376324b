// tvault bundle verify FILE [--identity AGE_IDENTITY_FILE] [--signer-key RW...]
//                           [--tsa-ca PEM]
#include "bundle_summary.h"
#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

// A CA file is small; the library refuses more.
constexpr std::size_t kMaxCaBytes = 1 << 20;

struct Args {
  std::string file, identity, signer_key, tsa_ca;
};

// With --tsa-ca, every time-stamp token must verify under it.
Status Finish(Cli& cli, const Args& a, const std::string& ca, BundleSummary& s) {
  if (!a.tsa_ca.empty()) {
    TVAULT_TRY(CheckBundleTimestampAuthority(
        s, {reinterpret_cast<const uint8_t*>(ca.data()), ca.size()}));
    if (s.timestamps.empty()) {
      PrintNote(human::Format("the bundle carries no time-stamps: --tsa-ca checked nothing"));
    }
  }
  return PrintBundleSummary(cli, s);
}

Status Run(Cli& cli, const Args& a) {
  std::string ca;
  if (!a.tsa_ca.empty()) {
    TVAULT_ASSIGN_OR_RETURN(ca, ReadTextFile(a.tsa_ca, kMaxCaBytes));
  }
  if (OpensWithoutVault(cli, a.identity, a.signer_key)) {
    TVAULT_ASSIGN_OR_RETURN(
        BundleSummary s,
        WithProgress("Verifying", human::ProgressUnit::kBytes, [&](const Progress& p) {
          return VerifyBundleWithIdentityFile(a.file, a.identity, a.signer_key, p);
        }));
    return Finish(cli, a, ca, s);
  }
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(BundleSummary s,
                          WithProgress("Verifying", human::ProgressUnit::kBytes,
                                       [&](const Progress& p) {
                                         return vault.VerifyBundle(a.file, a.signer_key, p, a.identity);
                                       }));
  return Finish(cli, a, ca, s);
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
      "log. Prints who signed it, when, why, and what it holds. A format 3 bundle\n"
      "carries trusted time-stamps (RFC 3161): for each record, the earliest time by\n"
      "which the sender's log provably held it; who vouches for that time is checked\n"
      "only with --tsa-ca. Exit 0 if all holds, 4 naming the first failure. Nothing is\n"
      "stored.");
  cmd->add_option("FILE", a->file, "The bundle")->required();
  cmd->add_option("--identity", a->identity,
                  "An age identity file (AGE-SECRET-KEY-1..., e.g. from age-keygen) to open the\n"
                  "bundle with instead of this vault's identity; with --signer-key, no vault is\n"
                  "needed (nor opened)");
  cmd->add_option("--signer-key", a->signer_key,
                  "The sender's minisign public key (RW...); default: any peer's key");
  cmd->add_option("--tsa-ca", a->tsa_ca,
                  "PEM file of the time-stamping authorities' CA certificates you trust, from\n"
                  "the authorities themselves (never from the bundle): every time-stamp token\n"
                  "must then be signed by one of them, judged at the token's own time (exit 4\n"
                  "otherwise). Without it the times are shown as the tokens state them");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
