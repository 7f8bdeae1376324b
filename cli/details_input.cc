#include "details_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
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

// The single-text fields after the name and aliases, in prompt order.
struct TextField {
  const char* label;
  PlainString WitnessDetails::*value;
  std::optional<PlainString> WitnessChanges::*change;
};
constexpr TextField kTextFields[] = {
    {"Phone", &WitnessDetails::phone, &WitnessChanges::phone},
    {"Email", &WitnessDetails::email, &WitnessChanges::email},
    {"Address", &WitnessDetails::address, &WitnessChanges::address},
    {"Relatives at risk", &WitnessDetails::relatives, &WitnessChanges::relatives},
    {"Notes", &WitnessDetails::notes, &WitnessChanges::notes},
};

Error Cancelled(const std::string& context) {
  return MakeError(ErrorCode::kFailedPrecondition,
                   context + " cancelled: input ended; nothing was stored");
}

// Options given on the command line, wiped as taken.
std::optional<PlainString> TakeIfGiven(const CLI::Option* o, std::string& value) {
  if (o->count() == 0) return std::nullopt;
  return TakeText(value);
}

}  // namespace

void DetailOptions::AddTo(CLI::App& cmd, bool edit) {
  constexpr const char* kTrace = " (leaves a trace in shell history; see --details-file)";
  // `clears`: an edit's empty value clears the field (all but the name).
  auto detail = [&](const char* flag, auto& target, const std::string& what, bool clears) {
    const std::string help = what + (edit && clears ? "; an empty value clears it" : "") + kTrace;
    CLI::Option* o = cmd.add_option(flag, target, help);
    all.push_back(o);
    return o;
  };
  name_option = detail("--name", name, edit ? "New name (it cannot be cleared)" : "Witness's name",
                       false);
  alias_option = detail("--alias", aliases,
                        edit ? "Replaces the aliases (repeatable); --alias \"\" alone removes them"
                             : "Another name the witness is known by (repeatable)",
                        false);
  // An edit's help reads "New phone number", an add's "Phone number".
  auto what = [edit](const char* field) {
    std::string w = field;
    if (edit) return "New " + w;
    w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    return w;
  };
  phone_option = detail("--phone", phone, what("phone number"), true);
  email_option = detail("--email", email, what("email address"), true);
  address_option = detail("--address", address, what("postal address"), true);
  relatives_option = detail("--relatives", relatives, what("relatives at risk"), true);
  notes_option = detail("--notes", notes, what("free-text notes"), true);
}

bool DetailOptions::Any() const {
  for (const CLI::Option* o : all) {
    if (o->count() > 0) return true;
  }
  return false;
}

WitnessDetails DetailOptions::TakeDetails() {
  WitnessDetails d;
  d.name = TakeText(name);
  for (std::string& alias : aliases) d.aliases.push_back(TakeText(alias));
  d.phone = TakeText(phone);
  d.email = TakeText(email);
  d.address = TakeText(address);
  d.relatives = TakeText(relatives);
  d.notes = TakeText(notes);
  return d;
}

WitnessChanges DetailOptions::TakeChanges() {
  WitnessChanges c;
  c.name = TakeIfGiven(name_option, name);
  if (alias_option->count() > 0) {
    c.aliases.emplace();
    const bool clear = aliases.size() == 1 && aliases[0].empty();
    for (std::string& alias : aliases) {
      PlainString a = TakeText(alias);
      if (!clear) c.aliases->push_back(std::move(a));
    }
  }
  c.phone = TakeIfGiven(phone_option, phone);
  c.email = TakeIfGiven(email_option, email);
  c.address = TakeIfGiven(address_option, address);
  c.relatives = TakeIfGiven(relatives_option, relatives);
  c.notes = TakeIfGiven(notes_option, notes);
  return c;
}

Status DetailOptions::RefuseWithDetailsFile(const std::string& details_file) const {
  if (details_file.empty() || !Any()) return OkStatus();
  return MakeError(ErrorCode::kInvalidArgument,
                   "--details-file cannot be combined with --name, --alias, --phone, --email, "
                   "--address, --relatives or --notes; put every field in the file");
}

Json WitnessDetailsJson(const WitnessDetails& d) {
  auto str = [](const PlainString& s) { return std::string(s.data(), s.size()); };
  Json aliases = Json::array();
  for (const PlainString& a : d.aliases) aliases.push_back(str(a));
  return Json{{"name", str(d.name)},
              {"aliases", std::move(aliases)},
              {"phone", str(d.phone)},
              {"email", str(d.email)},
              {"address", str(d.address)},
              {"relatives", str(d.relatives)},
              {"notes", str(d.notes)}};
}

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
  const Error cancelled = Cancelled(context);
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
  for (const TextField& f : kTextFields) {
    Prompt((std::string(f.label) + ": ").c_str());
    std::optional<PlainString> value = ReadLine();
    if (!value) return cancelled;
    d.*f.value = std::move(*value);
  }
  return d;
}

Result<WitnessChanges> AskChanges(const std::string& context) {
  const Error cancelled = Cancelled(context);
  WitnessChanges c;
  Prompt("Name (Enter: keep): ");
  std::optional<PlainString> line = ReadLine();
  if (!line) return cancelled;
  if (!line->empty()) c.name = std::move(*line);
  Prompt("Aliases (comma-separated; Enter: keep, '-': none): ");
  line = ReadLine();
  if (!line) return cancelled;
  if (*line == "-") {
    c.aliases.emplace();
  } else if (!line->empty()) {
    c.aliases = SplitAliases(*line);
  }
  for (const TextField& f : kTextFields) {
    Prompt((std::string(f.label) + " (Enter: keep, '-': clear): ").c_str());
    line = ReadLine();
    if (!line) return cancelled;
    if (*line == "-") {
      c.*f.change = PlainString();
    } else if (!line->empty()) {
      c.*f.change = std::move(*line);
    }
  }
  if (!c.name && !c.aliases && !c.phone && !c.email && !c.address && !c.relatives && !c.notes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     context + ": nothing to change (every field was kept); nothing was stored");
  }
  return c;
}

}  // namespace tvault::cli
