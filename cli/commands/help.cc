// tvault help [COMMAND...]: the same text as `tvault COMMAND... --help`.
#include "cli.h"
#include "command_names.h"

namespace tvault::cli {
namespace {

Status Run(Cli& cli, const CLI::App& root, const std::vector<std::string>& words) {
  TVAULT_ASSIGN_OR_RETURN(const CLI::App* cmd, FindCommand(root, words));
  // The formatter directly: App::help() would describe the command being
  // run, which is `help` itself. The name is the one --help's usage line
  // shows, "tvault witness add".
  const std::string path = CommandPath(*cmd);
  const std::string name = root.get_name() + (path.empty() ? "" : " " + path);
  const std::string text =
      cmd->get_formatter()->make_help(cmd, name, CLI::AppFormatMode::Normal);
  return cli.WriteStdout({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

}  // namespace

void RegisterHelp(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand("help", "Show help for tvault, or for COMMAND (same as --help)");
  auto words = std::make_shared<std::vector<std::string>>();
  cmd->add_option("COMMAND", *words, "A command, e.g. `witness add`");
  cmd->callback([&cli, &app, words] {
    cli.action = [&cli, &app, words] { return Run(cli, app, *words); };
  });
}

}  // namespace tvault::cli
