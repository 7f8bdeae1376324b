// tvault testimony add: one testimony per --file, all in one transaction.
#include "cli.h"
#include "preflight.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string witness, case_id;
  std::vector<std::string> files;
  MetadataOptions meta;
};

Status Run(Cli& cli, Args& a) {
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
  for (const std::string& f : a.files) TVAULT_TRY(CheckInputFile(f));
  std::vector<StatementSource> sources;
  for (const std::string& f : a.files) sources.push_back(StatementFromFile(f));
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(std::vector<AddedTestimony> added,
                          vault.AddTestimonies(a.witness, metadata, sources, a.case_id));
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
      "Add testimonies: one per --file, stored byte for byte with their SHA-256.\n"
      "Prints the new ids one per line, in the order of the files. All files are\n"
      "stored in one transaction: if any fails, none is stored. --file - reads stdin.");
  cmd->add_option("--witness", a->witness, "Witness id the statements belong to")->required();
  cmd->add_option("--file", a->files, "Statement file (repeatable; - for standard input)")
      ->required();
  a->meta.AddTo(*cmd);
  cmd->add_option("--case", a->case_id, "Also assign the new testimonies to this case (C-...)");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
