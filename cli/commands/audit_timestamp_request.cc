// tvault audit timestamp request: an RFC 3161 time-stamp request over a new
// signed checkpoint, for the user to send to a time-stamping authority.
#include "cli.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string out;
  std::string checkpoint_out;
};

Status Run(Cli& cli, const Args& a) {
  // Both files are checked before the vault logs a request it could not hand out.
  TVAULT_TRY(CheckNewOutputFile(a.out));
  if (!a.checkpoint_out.empty()) TVAULT_TRY(CheckNewOutputFile(a.checkpoint_out));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(TimestampRequest req, vault.AuditTimestampRequest());
  TVAULT_TRY(WriteNewFile(a.out, std::string(req.request.begin(), req.request.end())));
  if (!a.checkpoint_out.empty()) TVAULT_TRY(WriteNewFile(a.checkpoint_out, req.checkpoint));
  if (cli.global.json) {
    Json j{{"request", a.out},
           {"checkpoint_size", req.checkpoint_size},
           {"imprint_sha256", req.imprint_hex},
           {"checkpoint", req.checkpoint},
           {"checkpoint_file", a.checkpoint_out}};
    return cli.PrintJson(j);
  }
  TVAULT_TRY(cli.PrintLine(human::Format(
      "time-stamp request written to {} (checkpoint size {}, SHA-256 {})", a.out,
      req.checkpoint_size, req.imprint_hex)));
  return cli.PrintLine(human::Format(
      "Send it to a time-stamping authority (RFC 3161) by any means, for example from a\n"
      "computer with Internet access:\n"
      "  curl -sS -H 'Content-Type: application/timestamp-query' --data-binary @{} URL > response.tsr\n"
      "then, back here: tvault audit timestamp add response.tsr --ca AUTHORITY-CA.pem",
      a.out));
}

}  // namespace

void RegisterAuditTimestampRequest(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "request",
      "Sign a checkpoint of the audit log and write an RFC 3161 time-stamp request over it\n"
      "(its SHA-256 only: no record, name or id). Send the file to a time-stamping\n"
      "authority; `audit timestamp add` stores its answer, which proves to a court that\n"
      "everything the log held at that checkpoint existed by the authority's time.\n"
      "Logged: audit.timestamp_request.");
  cmd->add_option("--out", a->out, "Write the request (DER) to FILE (refuses to overwrite)")
      ->required();
  cmd->add_option("--checkpoint", a->checkpoint_out,
                  "Also write the signed checkpoint it covers to FILE, for `openssl ts -verify "
                  "-data FILE`");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
