#include "cli.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include "vault/front_end.h"
#include "vault/text.h"

namespace tvault::cli {
namespace {

void WipeJson(Json& j) {
  if (j.is_string()) {
    auto& s = j.get_ref<std::string&>();
    SecureWipe(s.data(), s.size());
  } else if (j.is_structured()) {
    for (auto& item : j) WipeJson(item);
  }
}

// Commands that only read the vault: the ones a read-only vault can serve
// (their views go unrecorded). `export` is not one: a disclosure that the
// audit log cannot record is refused.
bool IsReadingCommand(const std::string& command) {
  static const std::set<std::string, std::less<>> kReading{
      "witness list",   "witness show",  "testimony list", "testimony show",
      "testimony history", "evidence list", "evidence show", "evidence get",
      "tombstones",     "keyslot list",  "check",          "audit log",
      "audit verify",   "audit export",  "custody",        "identity show",
      "peer list",      "bundle verify", "case list",     "case show",
      "search",         "shell",         "recovery list",  "consent show",
      "consent history", "hold list",     "due",  "redaction list", "redaction show"};
  return kReading.contains(command);
}

// The vault directory or its database cannot be written (a write-protected
// USB stick, a read-only mount, no write permission).
bool OnReadOnlyMedia(const std::filesystem::path& dir) {
  for (const std::filesystem::path& p : {dir, dir / "vault.db"}) {
    if (::access(p.c_str(), W_OK) != 0 && (errno == EROFS || errno == EACCES)) return true;
  }
  return false;
}

void WriteStderr(const human::Text& line) {
  std::fwrite(line.view().data(), 1, line.view().size(), stderr);
  std::fflush(stderr);
}

bool IsUtf8(const std::string& s) {
  return IsValidUtf8({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

// The first string in `j` that is not UTF-8 (text stored before tvault
// refused such text at intake), as "ID: the field F", where ID is the "id"
// of the innermost object around it that has one.
std::optional<std::string> FindNonUtf8(const Json& j, const std::string& key,
                                       const std::string& id) {
  if (j.is_string()) {
    if (IsUtf8(j.get_ref<const std::string&>())) return std::nullopt;
    return (id.empty() ? std::string() : id + ": ") + "the field \"" + key + "\"";
  }
  if (j.is_object()) {
    std::string here = id;
    if (auto it = j.find("id"); it != j.end() && it->is_string() && IsUtf8(*it)) here = *it;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (auto found = FindNonUtf8(it.value(), it.key(), here)) return found;
    }
  } else if (j.is_array()) {
    for (const Json& item : j) {
      if (auto found = FindNonUtf8(item, key, id)) return found;
    }
  }
  return std::nullopt;
}

// "2026-12-01 14:02 UTC" (FormatUtc gives "2026-12-01T14:02:09Z").
std::string MinuteUtc(int64_t unix_s) {
  const std::string t = FormatUtc(unix_s);
  return t.substr(0, 10) + " " + t.substr(11, 5) + " UTC";
}

// Attempts that were not the custodian's are someone else at the vault:
// said at every unlock until one resets the count, on standard error (never
// in --json output).
void PrintUnlockFailures(const UnlockFailures& f) {
  if (f.count == 0) return;
  const std::string attempts = f.count == 1 ? "attempt" : "attempts";
  const std::string since = f.since_unix_s ? MinuteUtc(*f.since_unix_s)
                                           : std::string("the last successful unlock");
  PrintWarning(human::Format("{} failed unlock {} since {}", f.count, attempts, since));
}

}  // namespace

bool Cli::HaveVault() const {
  Result<std::filesystem::path> dir = VaultDir();
  return dir.ok() && HoldsVault(*dir);
}

Result<std::filesystem::path> Cli::VaultDir() const {
  if (!global.vault_dir.empty()) return std::filesystem::path(global.vault_dir);
  if (auto dir = DefaultVaultDirectory()) return *dir;
  return MakeError(ErrorCode::kInvalidArgument, "HOME is not set; pass --vault DIR");
}

namespace {

// What every open tells on standard error.
Result<Vault> Opened(Result<Vault> opened) {
  if (opened.ok()) PrintUnlockFailures(opened->unlock_failures());
  if (opened.ok() && opened->read_only()) {
    WriteStderr(human::Format("tvault: read-only vault: this view is not recorded in the audit "
                              "log\n"));
  }
  return opened;
}

}  // namespace

Result<Vault> Cli::OpenVault() const {
  TVAULT_ASSIGN_OR_RETURN(std::filesystem::path dir, VaultDir());
  // Fail fast on a missing vault, and on a write to a read-only one, before
  // asking for a passphrase.
  TVAULT_TRY(Vault::CheckFiles(dir));
  OpenOptions options;
  options.wait = std::chrono::milliseconds(int64_t{global.wait_seconds} * 1000);
  options.read_only = global.read_only || OnReadOnlyMedia(dir);
  if (options.read_only && !IsReadingCommand(command)) {
    if (global.read_only) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "`tvault " + command + "` changes the vault; drop --read-only");
    }
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the vault at " + dir.string() + " is read-only (read-only media or no "
                     "write permission): `tvault " + command + "` would change it; copy it to "
                     "writable storage first");
  }
  if (kept_unlock != nullptr && !kept_unlock->empty()) {
    auto kept = Vault::Open(dir, *kept_unlock, options);
    if (kept.ok() || kept.error().detail != ErrorDetail::kUnlockExpired) {
      return Opened(std::move(kept));
    }
    kept_unlock->Forget();
    PrintWarning(human::Format("the passphrase this shell was unlocked with was changed or "
                               "removed; unlock again"));
  }
  TVAULT_ASSIGN_OR_RETURN(PassphraseInput in, Passphrase());
  // A file line that ended in "\r\n": a wrong result is retried once with
  // the CR kept, and only that retry counts as a failed unlock.
  options.count_failed_unlock = !in.crlf;
  auto opened = Vault::Open(dir, in.passphrase, options);
  if (!opened.ok() && in.crlf && opened.error().code == ErrorCode::kWrongPassphrase) {
    options.count_failed_unlock = true;
    opened = Vault::Open(dir, WithCarriageReturn(in.passphrase), options);
    if (opened.ok()) {
      PrintWarning(human::Format(
          "this vault's passphrase ends in a carriage return (it was set from a file saved "
          "with Windows line ends) and cannot be typed at the prompt; change it with "
          "`tvault passphrase change`"));
    }
  }
  if (opened.ok() && kept_unlock != nullptr) *kept_unlock = opened->KeepUnlockKey();
  return Opened(std::move(opened));
}

Status Cli::WriteStdout(std::span<const uint8_t> bytes) const {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return MakeError(ErrorCode::kIo, std::string("cannot write to standard output: ") +
                                           std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return OkStatus();
}

Status Cli::Print(const human::Text& text) const { return WriteStdout(AsBytes(text.str())); }

Status Cli::PrintLine(const human::Text& line) const {
  human::Text with_end = line;
  with_end += human::Format("\n");
  return Print(with_end);
}

Status Cli::PrintJson(Json& j) const {
  // JSON output is exact or nothing: never a silent U+FFFD.
  if (auto where = FindNonUtf8(j, "", "")) {
    WipeJson(j);
    return MakeError(ErrorCode::kFailedPrecondition,
                     *where + " is not valid UTF-8 (stored before tvault refused such text), "
                     "so JSON cannot hold it exactly; the output without --json shows it "
                     "escaped (\\xNN)");
  }
  std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::strict);
  s.push_back('\n');
  Status st = WriteStdout({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  SecureWipe(s.data(), s.size());
  WipeJson(j);
  return st;
}

void PrintError(const human::Text& message) {
  WriteStderr(human::Format("tvault: error: {}\n", message));
}

void PrintWarning(const human::Text& message) {
  WriteStderr(human::Format("tvault: warning: {}\n", message));
}

void PrintNote(const human::Text& message) { WriteStderr(human::Format("{}\n", message)); }

Status WriteNewFile(const std::string& path, const std::string& text) {
  return WriteNewFile(path, std::span<const uint8_t>(
                                reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Status WriteNewFile(const std::string& path, std::span<const uint8_t> text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return MakeError(ErrorCode::kAlreadyExists, path + " already exists; nothing was written");
    }
    return MakeError(ErrorCode::kIo, "cannot create " + path + ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return MakeError(ErrorCode::kIo, "cannot write " + path + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(path.c_str());
    return MakeError(ErrorCode::kIo, "cannot write " + path);
  }
  return OkStatus();
}

Result<std::string> ReadTextFile(const std::string& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot open " + path + ": " + std::strerror(errno));
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return MakeError(ErrorCode::kIo, "cannot read " + path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      return MakeError(ErrorCode::kInvalidArgument, path + " is too large");
    }
  }
  ::close(fd);
  return out;
}

PlainString TakeText(std::string& s) {
  PlainString out(s.data(), s.size());
  SecureWipe(s.data(), s.size());
  s.clear();
  return out;
}

std::string Sha256Hex(const Sha256Bytes& digest) { return ToHex(digest); }

void MetadataOptions::AddTo(CLI::App& cmd) {
  cmd.add_option("--title", title, "Title of the statement");
  cmd.add_option("--language", language, "Language of the statement (e.g. ug, en)");
  cmd.add_option("--taken-at", taken_at, "Date the statement was taken, YYYY-MM-DD");
  cmd.add_option("--place", place, "Where it was taken");
  cmd.add_option("--interviewer", interviewer, "Who took it");
  cmd.add_option("--interpreter", interpreter, "Who interpreted, if anyone");
  cmd.add_option("--notes", notes, "Free-text notes");
}

TestimonyMetadata MetadataOptions::Take() {
  return TestimonyMetadata{TakeText(title),       TakeText(language),
                           TakeText(taken_at),    TakeText(place),
                           TakeText(interviewer), TakeText(interpreter),
                           TakeText(notes),       /*file_name=*/{}};
}

Result<std::optional<KdfParams>> KdfFromOptions(uint32_t memory_mib, uint32_t passes) {
  if (memory_mib == 0 && passes == 0) return std::optional<KdfParams>();
  TVAULT_ASSIGN_OR_RETURN(
      KdfParams p, KdfParams::Create(memory_mib ? memory_mib : KdfParams::kDefaultMemoryMib,
                                     passes ? passes : KdfParams::kDefaultPasses));
  return std::optional<KdfParams>(p);
}

void AddKdfOptions(CLI::App& cmd, uint32_t& memory_mib, uint32_t& passes) {
  cmd.add_option("--kdf-memory-mib", memory_mib,
                 "Argon2id memory in MiB for the new keyslot (minimum 64)");
  cmd.add_option("--kdf-passes", passes, "Argon2id passes for the new keyslot (minimum 1)");
}

// ---------------------------------------------------------------- evidence

Json RedactionJson(const RedactionSummary& s) {
  Json hidden = Json::array();
  for (const auto& [first, end] : s.hidden) hidden.push_back(Json::array({first, end}));
  return Json{{"id", s.id},
              {"testimony", s.testimony_id},
              {"version", s.version},
              {"created_at", FormatUtc(s.created_at_unix_s)},
              {"token_count", s.token_count},
              {"hidden_tokens", s.hidden_tokens},
              {"hidden", hidden},
              {"commitment", Sha256Hex(s.commitment)},
              {"commitment_seq", s.commitment_seq},
              {"commitment_at_intake", s.commitment_at_intake}};
}

Json EvidenceJson(const EvidenceInfo& e) {
  auto str = [](const PlainString& s) { return std::string(s.data(), s.size()); };
  Json j{{"id", e.id},
         {"testimony", e.testimony_id},
         {"size_bytes", e.size_bytes},
         {"sha256", Sha256Hex(e.sha256)},
         {"media_type", str(e.media_type)},
         {"description", str(e.description)},
         {"added_at", FormatUtc(e.added_at_unix_s)}};
  if (!e.provenance.bundle_id.empty()) {
    j["provenance"] = Json{{"bundle_id", e.provenance.bundle_id},
                           {"signer", e.provenance.signer},
                           {"origin_record", e.provenance.origin_record}};
  }
  return j;
}

Json TimestampJson(const TimestampInfo& t) {
  auto utc = [](const std::optional<int64_t>& s) { return s ? Json(FormatUtc(*s)) : Json(nullptr); };
  auto text = [](const std::string& s, bool stamped) { return stamped ? Json(s) : Json(nullptr); };
  const bool stamped = t.time_unix_s.has_value();
  return Json{{"checkpoint_size", t.checkpoint_size},
              {"requested_at", FormatUtc(t.requested_at_unix_s)},
              {"status", stamped ? "stamped" : "pending"},
              {"time", utc(t.time_unix_s)},
              {"added_at", utc(t.added_at_unix_s)},
              {"authority", text(t.tsa, stamped)},
              {"serial", text(t.serial_hex, stamped)},
              {"policy", text(t.policy, stamped)},
              {"response_sha256", text(t.response_sha256_hex, stamped)}};
}

}  // namespace tvault::cli
