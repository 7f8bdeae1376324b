// tvault redact T-... --ranges FILE --reason TEXT [--version N]: a
// redaction of one statement version (docs/redaction-format.md). The ranges
// file is parsed here (its format: `tvault redact --help`); the library
// snaps byte ranges to whole tokens.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>

#include "cli.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, ranges_file, reason;
  std::optional<uint32_t> version;
};

constexpr std::size_t kMaxRangesFileBytes = 1u << 20;

Error BadLine(std::size_t number, const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "ranges file line " + std::to_string(number) + ": " + why);
}

bool ParseNumber(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

// One range a line: `bytes START-END` or `tokens FIRST-END`, END exclusive;
// blank lines and lines starting with `#` are skipped.
Result<std::vector<RedactionRange>> ParseRanges(std::string_view text) {
  std::vector<RedactionRange> out;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (line.empty() || line.front() == '#') continue;
    RedactionRange r;
    const std::size_t space = line.find_first_of(" \t");
    const std::string_view unit = line.substr(0, space);
    if (unit == "bytes") {
      r.unit = RedactionRange::Unit::kBytes;
    } else if (unit == "tokens") {
      r.unit = RedactionRange::Unit::kTokens;
    } else {
      return BadLine(number, "expected `bytes START-END` or `tokens FIRST-END`");
    }
    const std::string_view span =
        space == std::string_view::npos ? std::string_view() : Trim(line.substr(space));
    const std::size_t dash = span.find('-');
    if (dash == std::string_view::npos || !ParseNumber(span.substr(0, dash), r.begin) ||
        !ParseNumber(span.substr(dash + 1), r.end)) {
      return BadLine(number, "expected two numbers START-END");
    }
    if (r.begin >= r.end) return BadLine(number, "the range is empty (END is exclusive)");
    out.push_back(r);
  }
  if (out.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the ranges file names no range to hide");
  }
  return out;
}

namespace {

Result<std::string> ReadRanges(const std::string& path) {
  if (path != "-") return ReadTextFile(path, kMaxRangesFileBytes);
  std::string text;
  char buf[4096];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, stdin);
    text.append(buf, n);
    if (text.size() > kMaxRangesFileBytes) {
      return MakeError(ErrorCode::kInvalidArgument, "the ranges on standard input exceed 1 MiB");
    }
    if (n < sizeof buf) break;
  }
  return text;
}

Status Run(Cli& cli, Args& a) {
  NewRedaction request;
  TVAULT_ASSIGN_OR_RETURN(request.testimony_id, NormalizeRecordId(a.id));
  if (a.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a redaction needs a reason (--reason)");
  }
  TVAULT_ASSIGN_OR_RETURN(std::string text, ReadRanges(a.ranges_file));
  TVAULT_ASSIGN_OR_RETURN(request.ranges, ParseRanges(text));
  request.version = a.version;
  request.reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  TVAULT_ASSIGN_OR_RETURN(RedactionSummary s, vault.CreateRedaction(request));
  if (cli.global.json) {
    Json j = RedactionJson(s);
    return cli.PrintJson(j);
  }
  human::Text out = human::Format("{}: version {} of {}, {} of {} tokens hidden\n", s.id,
                                  std::to_string(s.version), s.testimony_id,
                                  std::to_string(s.hidden_tokens), std::to_string(s.token_count));
  if (!s.commitment_at_intake) {
    out += human::Format(
        "note: this version predates redaction commitments; its commitment was logged now "
        "(audit event {}), not at intake\n",
        std::to_string(s.commitment_seq));
  }
  return cli.Print(out);
}

}  // namespace

void RegisterRedact(CLI::App& app, Cli& cli) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "redact",
      "Create a provable redaction of one statement version (docs/redaction-format.md):\n"
      "whole tokens (a word with the whitespace after it) are hidden; a recipient of\n"
      "its proof can check that the rest is the sealed text, unchanged. Prints the\n"
      "new R- id. The ranges file has one range a line, END exclusive, numbered from 0:\n"
      "  bytes START-END    bytes of the statement; every token they touch is hidden\n"
      "  tokens FIRST-END   tokens, as `redaction show` and the proof number them\n"
      "Blank lines and lines starting with # are skipped; `-` reads standard input.\n"
      "A version without a commitment from intake (made by an older tvault) gets one\n"
      "now, logged as testimony.redaction_commitment: weaker evidence, said in custody.\n"
      "Text that is not UTF-8, or above 16 MiB or 2^23 tokens, cannot be redacted\n"
      "(exit 1). With --json: the object of `redaction show --json` without text.\n"
      "The reason is sealed in the redaction and removed by shred; audited\n"
      "(redaction.add).");
  cmd->add_option("ID", a->id, "Testimony id, e.g. T-4K2M9P")->required();
  cmd->add_option("--version", a->version, "Version to redact (default: the latest)")
      ->check(CLI::Range(1u, UINT32_MAX));
  cmd->add_option("--ranges", a->ranges_file, "File of ranges to hide, or - for stdin")
      ->required();
  cmd->add_option("--reason", a->reason, "Why (sealed; may name people)")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
