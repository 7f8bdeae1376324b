// tvault audit timestamp add: verify a time-stamping authority's response
// to one of this vault's requests and keep it.
#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

// RFC 3161 responses and CA bundles are small; the library refuses more.
constexpr std::size_t kMaxInputBytes = 1 << 20;

struct Args {
  std::string response;
  std::string ca;
};

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(std::string response, ReadTextFile(a.response, kMaxInputBytes));
  TVAULT_ASSIGN_OR_RETURN(std::string ca, ReadTextFile(a.ca, kMaxInputBytes));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(TimestampInfo info, vault.AuditTimestampAdd(Bytes(response), Bytes(ca)));
  if (cli.global.json) {
    Json j = TimestampJson(info);
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format(
      "time-stamp added: the audit log up to checkpoint size {} existed at {}\n"
      "  authority: {}\n  serial: {}",
      info.checkpoint_size, FormatUtc(info.time_unix_s.value_or(0)), info.tsa, info.serial_hex));
}

}  // namespace

void RegisterAuditTimestampAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add",
      "Verify a time-stamping authority's response (DER, as `audit timestamp request`'s\n"
      "request was answered) and keep it. It must answer a request of this vault (same\n"
      "nonce and checkpoint hash), carry a valid signature by a time-stamping certificate\n"
      "that chains to a certificate in --ca, and a time close to this computer's clock;\n"
      "otherwise nothing is stored and the exit code is 4. Logged: audit.timestamp.");
  cmd->add_option("response", a->response, "The response file (.tsr)")->required();
  cmd->add_option("--ca", a->ca,
                  "PEM file of the authority's CA certificate(s) you trust, obtained from the\n"
                  "authority by a channel you trust")
      ->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
