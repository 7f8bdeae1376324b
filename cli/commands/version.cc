// tvault version / tvault --version: the versions of tvault and of the
// libraries it runs with.
#include "cli.h"
#include "vault/version.h"

namespace tvault::cli {

Status PrintVersion(const Cli& cli, bool json) {
  const RuntimeVersions v = GetRuntimeVersions();
  if (json) {
    Json j{{"tvault", v.tvault},   {"libsodium", v.libsodium}, {"sqlcipher", v.sqlcipher},
           {"sqlite", v.sqlite},   {"openssl", v.openssl},     {"cli11", CLI11_VERSION}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("tvault {}\nlibsodium {}\nSQLCipher {} (SQLite {})\n{}\nCLI11 {}",
                                     v.tvault, v.libsodium, v.sqlcipher, v.sqlite, v.openssl,
                                     CLI11_VERSION));
}

void RegisterVersion(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "version",
      "Print the versions of tvault and of the libraries it runs with (same as --version)");
  cmd->callback([&cli] { cli.action = [&cli] { return PrintVersion(cli, cli.global.json); }; });
}

}  // namespace tvault::cli
