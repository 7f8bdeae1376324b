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
  return cli.PrintLine("tvault " + v.tvault + "\nlibsodium " + v.libsodium + "\nSQLCipher " +
                       v.sqlcipher + " (SQLite " + v.sqlite + ")\n" + v.openssl +
                       "\nCLI11 " + CLI11_VERSION);
}

void RegisterVersion(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "version",
      "Print the versions of tvault and of the libraries it runs with (same as --version)");
  cmd->callback([&cli] { cli.action = [&cli] { return PrintVersion(cli, cli.global.json); }; });
}

}  // namespace tvault::cli
