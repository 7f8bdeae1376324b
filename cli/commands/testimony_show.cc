// tvault testimony show: the exact statement bytes, or metadata + statement
// as JSON; with --info the metadata alone, as a readable block or JSON.
// Nothing is printed until the version has been fully authenticated.
#include <charconv>

#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id;
  uint32_t version = 0;  // 0: latest
  bool info = false;
};

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

Json MetadataJson(const Testimony& t) {
  const TestimonyMetadata& m = t.metadata;
  Json j{{"id", t.id},
         {"witness", t.witness_id},
         {"version", t.version.version},
         {"versions", t.version_count},
         {"created_at", FormatUtc(t.created_at_unix_s)},
         {"version_created_at", FormatUtc(t.version.created_at_unix_s)},
         {"sha256", Sha256Hex(t.version.sha256)},
         {"size_bytes", t.version.size_bytes},
         {"reason", Str(t.version.reason)},
         {"title", Str(m.title)},
         {"language", Str(m.language)},
         {"taken_at", Str(m.taken_at)},
         {"place", Str(m.place)},
         {"interviewer", Str(m.interviewer)},
         {"interpreter", Str(m.interpreter)},
         {"notes", Str(m.notes)},
         {"file_name", Str(m.file_name)}};
  if (!t.provenance.bundle_id.empty()) {
    j["provenance"] = Json{{"bundle_id", t.provenance.bundle_id},
                           {"signer", t.provenance.signer},
                           {"origin_record", t.provenance.origin_record}};
  }
  return j;
}

// The --info block: one "label: value" line per field, empty fields left out.
human::Text InfoText(const Testimony& t) {
  const TestimonyMetadata& m = t.metadata;
  human::Text out = human::Format(
      "id:           {}\nwitness:      {}\nversion:      {} of {}\ncreated:      {}\n"
      "this version: {}\nsize:         {} bytes\nsha256:       {}\n",
      t.id, t.witness_id, t.version.version, t.version_count, FormatUtc(t.created_at_unix_s),
      FormatUtc(t.version.created_at_unix_s), t.version.size_bytes, Sha256Hex(t.version.sha256));
  auto line = [&out](const human::Text& label, const PlainString& value) {
    if (!value.empty()) out += human::Format("{}{}\n", label, value);
  };
  line(human::Format("reason:       "), t.version.reason);
  line(human::Format("title:        "), m.title);
  line(human::Format("language:     "), m.language);
  line(human::Format("taken at:     "), m.taken_at);
  line(human::Format("place:        "), m.place);
  line(human::Format("interviewer:  "), m.interviewer);
  line(human::Format("interpreter:  "), m.interpreter);
  line(human::Format("notes:        "), m.notes);
  line(human::Format("file name:    "), m.file_name);
  if (!t.provenance.bundle_id.empty()) {
    out += human::Format("imported:     bundle {}, record {}, signer {}\n", t.provenance.bundle_id,
                         t.provenance.origin_record, t.provenance.signer);
  }
  return out;
}

Status Run(Cli& cli, const Args& a) {
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  std::optional<uint32_t> version;
  if (a.version != 0) version = a.version;
  TVAULT_ASSIGN_OR_RETURN(Testimony t, vault.GetTestimony(a.id, version));
  if (a.info) {
    if (!cli.global.json) return cli.Print(InfoText(t));
    Json j = MetadataJson(t);
    return cli.PrintJson(j);
  }
  if (!cli.global.json) return cli.WriteStdout(t.statement);
  Json j = MetadataJson(t);
  if (IsValidUtf8(t.statement)) {
    j["statement_encoding"] = "utf-8";
    j["statement"] = std::string(t.statement.begin(), t.statement.end());
  } else {
    j["statement_encoding"] = "base64";
    j["statement"] = ToBase64(t.statement);
  }
  return cli.PrintJson(j);
}

// CLI::PositiveNumber would answer 0 with a range up to DBL_MAX, some 400
// characters long.
std::string CheckVersionNumber(const std::string& value) {
  uint32_t n = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (ec != std::errc() || ptr != end || n == 0) {
    return "versions are numbered from 1; `tvault testimony history ID` lists them";
  }
  return "";
}

}  // namespace

void RegisterTestimonyShow(CLI::App& group, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "show",
      "Write a testimony's statement bytes, exactly, to standard output. With --json:\n"
      "metadata, sha256, version and the statement (\"statement_encoding\" says whether\n"
      "\"statement\" is UTF-8 text or base64 of non-UTF-8 bytes). With --info: the\n"
      "metadata, version, size and SHA-256 without the statement (with --json: as JSON).");
  cmd->add_option("ID", a->id, "Testimony id, e.g. T-4K2M9P")->required();
  cmd->add_option("--version", a->version, "Version to show, from 1 (default: the latest)")
      ->check(CLI::Validator(CheckVersionNumber, "VERSION"));
  cmd->add_flag("--info", a->info, "Show the metadata, version, size and SHA-256, not the statement");
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
