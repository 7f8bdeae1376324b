#include "preflight.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "cli.h"

namespace tvault::cli {
namespace {

// "a witness id (W-...)".
std::string KindName(char kind) {
  switch (kind) {
    case 'W': return "a witness";
    case 'T': return "a testimony";
    case 'C': return "a case";
    default: return "an evidence";
  }
}

struct KeyWords {
  std::string_view option, name, prefix;
  // A line of the key's file that is not the key.
  bool (*is_comment)(std::string_view line);
};

KeyWords WordsFor(KeyKind kind) {
  if (kind == KeyKind::kAgeRecipient) {
    return {"--age-recipient", "an age recipient", "age1",
            [](std::string_view l) { return l.starts_with('#'); }};
  }
  return {"--minisign-key", "a minisign public key", "RW",
          [](std::string_view l) { return l.starts_with("untrusted comment:"); }};
}

Status CheckKey(const std::string& key, KeyKind kind) {
  const PlainString name("-");
  return kind == KeyKind::kAgeRecipient ? ValidatePeer(name, key, "") : ValidatePeer(name, "", key);
}

bool IsRegularFile(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The one key line of a key file.
Result<std::string> KeyFromFile(const std::string& path, KeyKind kind) {
  const KeyWords w = WordsFor(kind);
  TVAULT_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, 64 * 1024));
  std::vector<std::string> keys;
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = TrimSpace(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.empty() && !w.is_comment(line)) keys.emplace_back(line);
  }
  const std::string where = std::string(w.option) + ": the file " + path;
  if (keys.size() != 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     where + " holds " + std::to_string(keys.size()) +
                         " key lines; it must hold exactly one, " + std::string(w.name) +
                         " (one peer, one key)");
  }
  if (Status st = CheckKey(keys[0], kind); !st.ok()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     where + " does not hold " + std::string(w.name) + ": " +
                         st.error().message);
  }
  return keys[0];
}

}  // namespace

Status CheckRecordId(const std::string& id, char kind, std::string_view what,
                     ErrorCode wrong_kind) {
  TVAULT_ASSIGN_OR_RETURN(std::string normal, NormalizeRecordId(id));
  if (normal[0] == kind) return OkStatus();
  return MakeError(wrong_kind,
                   std::string(what) + " takes " + KindName(kind) + " id (" +
                       std::string(1, kind) + "-...); " + normal + " is " +
                       KindName(normal[0]) + " id");
}

Status CheckInputFile(const std::string& path) {
  if (path == "-") return OkStatus();
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, path + " does not exist");
    return MakeError(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return MakeError(ErrorCode::kInvalidArgument, path + " is a directory");
  return OkStatus();
}

Status CheckNewOutput(const std::string& path) { return CheckNewOutputFile(path); }

Result<std::string> KeyOption(const std::string& value, KeyKind kind) {
  if (value.empty() || CheckKey(value, kind).ok()) return value;
  if (IsRegularFile(value)) return KeyFromFile(value, kind);
  const KeyWords w = WordsFor(kind);
  // A secret key pasted by mistake is never echoed (not even in part).
  // (AGE-SECRET-KEY-1..., or a minisign secret key line: "Ed", "Sc", "B2"
  // encoded.)
  if (value.starts_with("AGE-SECRET-KEY-") || value.starts_with("RWRTY0Iy")) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(w.option) + " was given what looks like a SECRET key: give " +
                         std::string(w.name) + " (" + std::string(w.prefix) +
                         "...) instead, and keep the secret key to yourself");
  }
  if (!value.starts_with(w.prefix)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(w.option) + ": '" + value.substr(0, 60) + "' is neither " +
                         std::string(w.name) + " (" + std::string(w.prefix) +
                         "...) nor a file that exists");
  }
  return value;  // a malformed key: the key check words why
}

}  // namespace tvault::cli
