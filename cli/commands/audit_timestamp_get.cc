// tvault audit timestamp get: a time-stamped checkpoint as two files that
// standard tools check (openssl ts -verify).
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  uint64_t size = 0;
  std::string out_dir;
};

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(TimestampFiles files, vault.AuditTimestampFiles(a.size));
  const std::string stem = a.out_dir + "/checkpoint-" + std::to_string(a.size);
  TVAULT_TRY(WriteNewFile(stem + ".txt", files.checkpoint));
  TVAULT_TRY(WriteNewFile(stem + ".tsr", std::string(files.response.begin(), files.response.end())));
  if (cli.global.json) {
    Json j{{"checkpoint_file", stem + ".txt"}, {"response_file", stem + ".tsr"}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "wrote {}.txt (the signed checkpoint) and {}.tsr (the authority's response)\n"
      "Anyone can check them with the authority's CA certificate:\n"
      "  openssl ts -verify -data {}.txt -in {}.tsr -CAfile AUTHORITY-CA.pem",
      stem, stem, stem, stem));
}

}  // namespace

void RegisterAuditTimestampGet(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "get",
      "Write the checkpoint of size SIZE and its time-stamp response as\n"
      "checkpoint-SIZE.txt and checkpoint-SIZE.tsr into --out-dir (refuses to overwrite),\n"
      "for a court or an auditor to check with `openssl ts -verify`");
  cmd->add_option("size", a->size, "The checkpoint's tree size, as `audit timestamp list` shows")
      ->required();
  cmd->add_option("--out-dir", a->out_dir, "An existing directory")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
