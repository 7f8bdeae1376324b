#include "details_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace tvault::cli {
namespace {

// The whole of `fd`, up to one byte beyond the cap (so that a larger file
// is told from one exactly at the cap).
Result<PlainBytes> ReadCapped(int fd, const std::string& shown) {
  PlainBytes bytes(kMaxWitnessDetailsJson + 1);
  std::size_t used = 0;
  while (used < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kIo, "cannot read " + shown + ": " + std::strerror(errno));
    }
    used += static_cast<std::size_t>(n);
  }
  bytes.resize(used);
  return bytes;
}

// One line of standard input without its "\n" (and a "\r" before it);
// nullopt at end of input before any byte. Byte by byte: a terminal hands
// over a line at a time anyway, and no stdio buffer keeps a copy.
std::optional<PlainString> ReadLine() {
  PlainString line;
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (line.empty()) return std::nullopt;
      break;
    }
    if (c == '\n') break;
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void Prompt(const char* text) {
  std::fputs(text, stderr);
  std::fflush(stderr);
}

// Text between commas, without surrounding spaces; empty pieces dropped.
std::vector<PlainString> SplitAliases(const PlainString& line) {
  std::vector<PlainString> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t end = line.find(',', start);
    if (end == PlainString::npos) end = line.size();
    std::size_t a = start, b = end;
    while (a < b && line[a] == ' ') ++a;
    while (b > a && line[b - 1] == ' ') --b;
    if (b > a) out.emplace_back(line.substr(a, b - a));
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<WitnessDetails> ReadDetailsFile(const std::string& path) {
  const bool stdin_file = path == "-";
  const std::string shown = stdin_file ? "standard input" : path;
  int fd = STDIN_FILENO;
  if (!stdin_file) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path + " does not exist");
      return MakeError(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(errno));
    }
  }
  Result<PlainBytes> bytes = ReadCapped(fd, shown);
  if (!stdin_file) ::close(fd);
  if (!bytes.ok()) return bytes.error();
  Result<WitnessDetails> details = WitnessDetailsFromJson(*bytes);
  if (!details.ok()) {
    // "contact details: ..." becomes "contact details in FILE: ...".
    std::string message = details.error().message;
    const std::string prefix = "contact details";
    if (message.starts_with(prefix)) message.insert(prefix.size(), " in " + shown);
    return MakeError(details.error().code, message);
  }
  return details;
}

Result<WitnessDetails> AskDetails(const std::string& context) {
  const Error cancelled = MakeError(ErrorCode::kFailedPrecondition,
                                    context + " cancelled: input ended; nothing was stored");
  WitnessDetails d;
  while (d.name.empty()) {
    Prompt("Name: ");
    std::optional<PlainString> name = ReadLine();
    if (!name) return cancelled;
    d.name = std::move(*name);
  }
  Prompt("Aliases (comma-separated, empty for none): ");
  std::optional<PlainString> aliases = ReadLine();
  if (!aliases) return cancelled;
  d.aliases = SplitAliases(*aliases);
  struct Field {
    const char* prompt;
    PlainString* out;
  };
  for (const Field& f : {Field{"Phone: ", &d.phone}, Field{"Email: ", &d.email},
                         Field{"Address: ", &d.address}, Field{"Relatives at risk: ", &d.relatives},
                         Field{"Notes: ", &d.notes}}) {
    Prompt(f.prompt);
    std::optional<PlainString> value = ReadLine();
    if (!value) return cancelled;
    *f.out = std::move(*value);
  }
  return d;
}

}  // namespace tvault::cli
