// tvault redact T-... (--ranges FILE | --interactive) --reason TEXT
// [--version N]: a redaction of one statement version
// (docs/redaction-format.md). The ranges file is parsed here (its format:
// `tvault redact --help`); the library snaps byte ranges to whole tokens.
// --interactive shows the version's tokens numbered and takes the numbers
// to hide, line by line, then shows the result and asks before creating it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <iostream>
#include <iterator>

#include "cli.h"
#include "human/render.h"
#include "line_reader.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

struct Args {
  std::string id, ranges_file, reason;
  std::optional<uint32_t> version;
  bool interactive = false;
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

// The statement with each token's number before it: "[0]The [1]officer".
human::Text NumberedText(const StatementTokens& st) {
  PlainString numbered;  // wiped when it goes
  for (std::size_t i = 0; i < st.tokens.size(); ++i) {
    const auto [offset, length] = st.tokens[i];
    const std::string number = "[" + std::to_string(i) + "]";
    numbered.append(number.data(), number.size());
    numbered.append(st.text.data() + offset, length);
  }
  return human::TextLines({numbered.data(), numbered.size()});
}

// What the proof will show (docs/redaction-format.md section 5): the
// revealed tokens, and one mark per hidden run.
human::Text Preview(const StatementTokens& st, const std::vector<bool>& hidden) {
  PlainString shown;  // wiped when it goes
  const std::string_view mark = "\u2588\u2588\u2588\u2588\u2588";
  std::size_t run = 0;
  std::string counts;
  for (std::size_t i = 0; i < st.tokens.size(); ++i) {
    if (!hidden[i]) {
      shown.append(st.text.data() + st.tokens[i].first, st.tokens[i].second);
      continue;
    }
    ++run;
    if (i + 1 == st.tokens.size() || !hidden[i + 1]) {
      shown.append(mark.data(), mark.size());
      if (i + 1 != st.tokens.size()) shown.push_back(' ');
      counts += (counts.empty() ? "" : ", ") + std::to_string(run);
      run = 0;
    }
  }
  human::Text out = human::TextLines({shown.data(), shown.size()});
  // The marks all look alike, but the proof says how many tokens each one
  // hides (docs/redaction-format.md 5.1): the person redacting must know.
  out += human::Format(
      "(tokens hidden under each mark, in order: {}; the recipient can count them, though "
      "not read them)\n",
      counts);
  return out;
}

// "2 5-7": tokens 2, 5, 6 and 7 (inclusive, as people count). An empty
// string when the line is well formed, else why not.
std::string Mark(std::string_view line, std::vector<bool>& hidden) {
  const uint64_t n = hidden.size();
  std::vector<std::pair<uint64_t, uint64_t>> marks;
  while (!line.empty()) {
    const std::size_t end = line.find_first_of(" \t,");
    const std::string_view word = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end + 1);
    if (word.empty()) continue;
    const std::size_t dash = word.find('-');
    uint64_t first = 0, last = 0;
    if (!ParseNumber(word.substr(0, dash), first) ||
        (dash != std::string_view::npos && !ParseNumber(word.substr(dash + 1), last))) {
      return "not a token number or range: " + std::string(word);
    }
    if (dash == std::string_view::npos) last = first;
    if (first > last) return "a range runs from the lower number to the higher";
    if (last >= n) {
      return "the statement has tokens 0 to " + std::to_string(n - 1) + " only";
    }
    marks.emplace_back(first, last);
  }
  for (const auto& [first, last] : marks)
    for (uint64_t i = first; i <= last; ++i) hidden[i] = true;
  return {};
}

// The hidden tokens as ranges, END exclusive.
std::vector<RedactionRange> HiddenRanges(const std::vector<bool>& hidden) {
  std::vector<RedactionRange> out;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (!hidden[i]) continue;
    if (!out.empty() && out.back().end == i) {
      ++out.back().end;
    } else {
      out.push_back({RedactionRange::Unit::kTokens, i, i + 1});
    }
  }
  return out;
}

Error Cancelled() {
  return MakeError(ErrorCode::kFailedPrecondition, "redaction cancelled: nothing was created");
}

// --interactive: the ranges come from the person at the terminal.
Status AskForRanges(Cli& cli, Vault& vault, NewRedaction& request) {
  TVAULT_ASSIGN_OR_RETURN(StatementTokens st,
                          vault.TokensOf(request.testimony_id, request.version));
  if (st.tokens.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "the statement is empty: nothing to hide");
  }
  TVAULT_TRY(cli.Print(NumberedText(st)));
  PrintNote(human::Format(
      "Type the numbers of the tokens to hide (e.g. 2 5-7; ranges include both ends),\n"
      "? to see the text again, clear to start over, an empty line when done."));
  std::unique_ptr<LineReader> reader = LineReader::ForStandardInput("hide> ");
  std::vector<bool> hidden(st.tokens.size(), false);
  std::string line;
  for (;;) {
    if (reader->Read(line, std::chrono::milliseconds(0), {}) != LineReader::Outcome::kLine) {
      return Cancelled();
    }
    const std::string_view typed = Trim(line);
    if (typed == "?") {
      TVAULT_TRY(cli.Print(NumberedText(st)));
      continue;
    }
    if (typed == "clear") {
      std::fill(hidden.begin(), hidden.end(), false);
      continue;
    }
    if (typed.empty()) {
      if (std::find(hidden.begin(), hidden.end(), true) != hidden.end()) break;
      PrintNote(human::Format("Nothing is marked yet; type token numbers, or Ctrl-D to cancel."));
      continue;
    }
    const std::string why = Mark(typed, hidden);
    if (!why.empty()) PrintNote(human::Format("{}", why));
  }
  human::Text preview = human::Format("With those hidden, a recipient will read:\n");
  preview += Preview(st, hidden);
  TVAULT_TRY(cli.Print(preview));
  // The same reader: one per process (a plain one may have read ahead).
  reader->SetPrompt("Create it? (yes/no) ");
  if (reader->Read(line, std::chrono::milliseconds(0), {}) != LineReader::Outcome::kLine ||
      (Trim(line) != "yes" && Trim(line) != "y")) {
    return Cancelled();
  }
  request.ranges = HiddenRanges(hidden);
  return OkStatus();
}

Status Run(Cli& cli, Args& a) {
  NewRedaction request;
  TVAULT_ASSIGN_OR_RETURN(request.testimony_id, NormalizeRecordId(a.id));
  if (a.reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a redaction needs a reason (--reason)");
  }
  if (a.interactive == !a.ranges_file.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "give either --ranges FILE or --interactive");
  }
  if (!a.interactive) {
    TVAULT_ASSIGN_OR_RETURN(std::string text, ReadRanges(a.ranges_file));
    TVAULT_ASSIGN_OR_RETURN(request.ranges, ParseRanges(text));
  }
  request.version = a.version;
  request.reason = TakeText(a.reason);
  TVAULT_ASSIGN_OR_RETURN(Vault vault, cli.OpenVault());
  if (a.interactive) TVAULT_TRY(AskForRanges(cli, vault, request));
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
      "--interactive instead shows the version's text with each token's number and\n"
      "takes the numbers to hide (e.g. 2 5-7, both ends included) line by line, then\n"
      "shows what a recipient will read and asks before creating it (the text is\n"
      "shown on the terminal; reading it is logged as testimony.view).\n"
      "A version without a commitment from intake (made by an older tvault) gets one\n"
      "now, logged as testimony.redaction_commitment: weaker evidence, said in custody.\n"
      "Text that is not UTF-8, or above 16 MiB or 2^23 tokens, cannot be redacted\n"
      "(exit 1). With --json: the object of `redaction show --json` without text.\n"
      "The reason is sealed in the redaction and removed by shred; audited\n"
      "(redaction.add).");
  cmd->add_option("ID", a->id, "Testimony id, e.g. T-4K2M9P")->required();
  cmd->add_option("--version", a->version, "Version to redact (default: the latest)")
      ->check(CLI::Range(1u, UINT32_MAX));
  auto* ranges =
      cmd->add_option("--ranges", a->ranges_file, "File of ranges to hide, or - for stdin");
  auto* interactive = cmd->add_flag("--interactive", a->interactive,
                                    "Mark the tokens to hide on the terminal instead");
  ranges->excludes(interactive);
  interactive->excludes(ranges);
  cmd->add_option("--reason", a->reason, "Why (sealed; may name people)")->required();
  cmd->callback([&cli, a] { cli.action = [&cli, a] { return Run(cli, *a); }; });
}

}  // namespace tvault::cli
