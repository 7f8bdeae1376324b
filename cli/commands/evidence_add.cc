// tvault evidence add: stream one file (any size) into the vault as evidence
// of a testimony; prints the new evidence id.
#include "cli.h"
#include "progress.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string testimony;
  std::string file;
  std::string description;
  std::string media_type;
};

Status Run(Cli& cli, Args& a) {
  EvidenceMeta meta;
  meta.description = TakeText(a.description);
  meta.media_type = TakeText(a.media_type);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  ProgressBar bar("Adding", human::ProgressUnit::kBytes);
  auto added = vault.AddEvidence(a.testimony, a.file, meta, bar.Callback());
  bar.Finish();
  if (!added.ok()) return added.take_error();
  if (cli.global.json) {
    Json j = EvidenceJson(*added);
    return cli.PrintJson(j);
  }
  return cli.PrintLine(human::Format("{}", added->id));
}

}  // namespace

void RegisterEvidenceAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add",
      "Attach a file (audio, video, scan: any size) to a testimony, encrypted and\n"
      "streamed in bounded memory; its SHA-256 (equal to sha256sum's) is recorded.\n"
      "Prints the new evidence id. --file - reads standard input. The evidence\n"
      "appears only once the whole file is stored: an interrupted add leaves nothing.");
  cmd->add_option("TESTIMONY_ID", a->testimony, "Testimony id, e.g. T-4K2M9P")->required();
  cmd->add_option("--file", a->file, "The file (- for standard input)")->required();
  cmd->add_option("--description", a->description, "What the file is (encrypted)");
  cmd->add_option("--media-type", a->media_type, "e.g. audio/ogg, video/mp4 (encrypted)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
