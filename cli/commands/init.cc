// tvault init: create a vault.
#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct InitArgs {
  std::string name;
  uint32_t memory_mib = KdfParams::kDefaultMemoryMib;
  uint32_t passes = KdfParams::kDefaultPasses;
};

Status Run(Cli& cli, InitArgs& args) {
  TVAULT_ASSIGN_OR_RETURN(std::filesystem::path dir, cli.VaultDir());
  if (cli.global.read_only) {
    return MakeError(ErrorCode::kInvalidArgument, "`tvault init` writes a vault; drop --read-only");
  }
  TVAULT_ASSIGN_OR_RETURN(KdfParams kdf, KdfParams::Create(args.memory_mib, args.passes));
  InitOptions options;
  options.custodian_name = TakeText(args.name);
  options.kdf = kdf;
  // Before any passphrase is typed (twice) for nothing.
  TVAULT_TRY(Vault::CheckInit(dir, options));
  TVAULT_ASSIGN_OR_RETURN(SecretBytes passphrase, cli.NewPassphrase(cli.global.passphrase_file));
  TVAULT_TRY(Vault::Init(dir, passphrase, options));
  if (cli.global.json) {
    Json j{{"vault", std::filesystem::absolute(dir).string()},
           {"kdf_memory_mib", args.memory_mib},
           {"kdf_passes", args.passes}};
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("Created vault at {} (Argon2id {} MiB, {} passes)",
                                     std::filesystem::absolute(dir).string(), args.memory_mib,
                                     args.passes));
}

}  // namespace

void RegisterInit(CLI::App& app, Cli& cli) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Create a new vault. Asks for the passphrase twice unless --passphrase-file.");
  cmd->add_option("--name", args->name, "Custodian's name, shown in your identity and bundles");
  cmd->add_option("--kdf-memory-mib", args->memory_mib,
                  "Argon2id memory in MiB (default 256, minimum 64)");
  cmd->add_option("--kdf-passes", args->passes, "Argon2id passes (default 3, minimum 1)");
  cmd->callback([&cli, args] { cli.action = [&cli, args] { return Run(cli, *args); }; });
}

}  // namespace tvault::cli
