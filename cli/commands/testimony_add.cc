// tvault testimony add: one testimony per --file, or per file of --dir, all
// in one transaction. Each keeps its file's name and, without --title, is
// titled after it.
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string witness, case_id, dir;
  std::vector<std::string> files;
  MetadataOptions meta;
};

// --dir: the folder's files, in the order they will be added.
Status ListFolder(Args& a) {
  TVAULT_ASSIGN_OR_RETURN(StatementFolder folder, ListStatementFolder(a.dir));
  if (folder.hidden_skipped > 0) {
    PrintWarning(human::Format("left out {} hidden files of {} (names starting with '.')",
                               folder.hidden_skipped, a.dir));
  }
  for (const std::filesystem::path& f : folder.files) a.files.push_back(f.string());
  return OkStatus();
}

Result<std::vector<NewTestimony>> FromFiles(const std::vector<std::string>& files,
                                            const TestimonyMetadata& metadata) {
  std::vector<NewTestimony> out;
  for (const std::string& f : files) {
    TVAULT_ASSIGN_OR_RETURN(NewTestimony t, TestimonyFromFile(f, metadata));
    if (f != "-" && t.metadata.file_name.empty()) {
      PrintWarning(human::Format(
          "the name of {} is not UTF-8 text, so it is not kept with the testimony{} (rename "
          "the file to keep it)",
          f, metadata.title.empty() ? " nor used as its title" : ""));
    }
    out.push_back(std::move(t));
  }
  return out;
}

Status Run(Cli& cli, Args& a) {
  if (a.files.empty() && a.dir.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "give the statements: --file FILE or --dir DIR");
  }
  if (std::count(a.files.begin(), a.files.end(), "-") > 1) {
    return MakeError(ErrorCode::kInvalidArgument, "standard input (--file -) can be read only once");
  }
  TestimonyMetadata metadata = a.meta.Take();
  TVAULT_ASSIGN_OR_RETURN(std::string witness, NormalizeRecordId(a.witness));
  if (witness[0] != 'W') {
    return MakeError(ErrorCode::kInvalidArgument, "not a witness id",
                     ErrorDetail::kNotAWitnessId);
  }
  TVAULT_TRY(ValidateTestimonyMetadata(metadata));
  if (!a.case_id.empty()) TVAULT_TRY(CheckRecordId(a.case_id, 'C', "--case"));
  if (!a.dir.empty()) TVAULT_TRY(ListFolder(a));
  for (const std::string& f : a.files) TVAULT_TRY(CheckInputFile(f));
  TVAULT_ASSIGN_OR_RETURN(std::vector<NewTestimony> testimonies, FromFiles(a.files, metadata));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<AddedTestimony> added,
                          vault.AddTestimonies(a.witness, testimonies, a.case_id));
  if (cli.global.json) {
    Json j = Json::array();
    for (std::size_t i = 0; i < added.size(); ++i) {
      j.push_back(Json{{"id", added[i].id},
                       {"file", a.files[i]},
                       {"sha256", Sha256Hex(added[i].sha256)},
                       {"size_bytes", added[i].size_bytes}});
    }
    return cli.PrintJson(j);
  }
  for (const AddedTestimony& t : added) TVAULT_TRY(cli.PrintLine(human::Format("{}", t.id)));
  return OkStatus();
}

}  // namespace

void RegisterTestimonyAdd(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "add",
      "Add testimonies: one per --file, or one per file of --dir, stored byte for byte\n"
      "with their SHA-256. Prints the new ids one per line, in the order of the files.\n"
      "All files are stored in one transaction: if any fails, none is stored.\n"
      "--file - reads stdin. Each testimony keeps its file's name (sealed, never\n"
      "exported) and, without --title, is titled after it (the name without its\n"
      "extension).");
  cmd->add_option("--witness", a->witness, "Witness id the statements belong to")->required();
  CLI::Option* file =
      cmd->add_option("--file", a->files, "Statement file (repeatable; - for standard input)");
  cmd->add_option("--dir", a->dir,
                  "Add every regular file directly inside DIR, in name order (names starting\n"
                  "with '.' are left out; a folder or link inside DIR is refused)")
      ->excludes(file);
  a->meta.AddTo(*cmd);
  cmd->add_option("--case", a->case_id, "Also assign the new testimonies to this case (C-...)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
