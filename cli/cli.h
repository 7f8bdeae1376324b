// Shared state of one tvault invocation: global options, how to get the
// passphrase, how to open the vault, and how to print.
#ifndef TVAULT_CLI_CLI_H_
#define TVAULT_CLI_CLI_H_

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "human/human.h"
#include "vault/result.h"
#include "vault/secret.h"
#include "vault/vault.h"

namespace tvault::cli {

using Json = nlohmann::ordered_json;

struct GlobalOptions {
  std::string vault_dir;
  std::string passphrase_file;
  bool json = false;
  bool read_only = false;
  int wait_seconds = 10;
};

// A passphrase as read, and whether its file line ended in "\r\n" (see
// Cli::OpenVault).
struct PassphraseInput {
  SecretBytes passphrase;
  bool crlf = false;
};
// `p` followed by a carriage return.
SecretBytes WithCarriageReturn(const SecretBytes& p);

class Cli {
 public:
  GlobalOptions global;
  // Set by the subcommand the user chose; run after parsing.
  std::function<Status()> action;
  // The chosen command's path ("testimony list"), set after parsing.
  std::string command;
  // Set by `tvault shell`: OpenVault opens with this kept unlock while it
  // holds one, and keeps a new one after each passphrase unlock.
  UnlockKey* kept_unlock = nullptr;
  // An exit code for a command that succeeds with another code than 0
  // (`tvault shell` exits with its last command's).
  int exit_status = 0;

  Result<std::filesystem::path> VaultDir() const;
  // Whether VaultDir() holds a vault (its vault.header exists): for commands
  // that work with or without one (bundle verify and extract --identity).
  bool HaveVault() const;
  // The passphrase of the vault: --passphrase-file (without one trailing
  // "\n" or "\r\n"), else asked on the terminal.
  Result<PassphraseInput> Passphrase() const;
  // A new passphrase: from `file` if given, else asked twice on the
  // terminal. kInvalidArgument if it holds a control character (C0 or DEL):
  // it could not be typed at the prompt.
  Result<SecretBytes> NewPassphrase(const std::string& file) const;
  // Opens the vault of --vault. Read-only (OpenOptions::read_only, with a
  // note on standard error that the view is not recorded) under --read-only
  // or when the vault is on read-only media; then a command that changes
  // the vault is refused before the passphrase is asked. A passphrase file
  // whose line ended in "\r\n" that does not open the vault is tried once
  // more with the CR kept (passphrases set from such a file by earlier
  // versions), with a warning to change it; that counts as one failed
  // unlock, not two. With kept_unlock (a shell): no passphrase while the
  // kept unlock opens the vault; when it has expired (passphrase changed or
  // keyslot removed) a note, and the passphrase is asked again.
  Result<Vault> OpenVault() const;

  // Writes all bytes to standard output, exactly. kIo on failure (e.g. closed
  // pipe). Only for data meant to be exact (a statement, JSON, a signed
  // note): text for a person goes through Print.
  Status WriteStdout(std::span<const uint8_t> bytes) const;
  // Human-readable output: `text` (escaped by construction, see human.h) as
  // it is, or followed by a newline.
  Status Print(const human::Text& text) const;
  Status PrintLine(const human::Text& line) const;
  // Prints `j` followed by a newline, then wipes every string inside it.
  // Refuses (kFailedPrecondition, naming the record and field) a string that
  // is not UTF-8: JSON output is exact, never silently replaced.
  Status PrintJson(Json& j) const;
};

// Reads one line from the terminal with echo off, after `prompt`: a
// passphrase, a recovery share. kInvalidArgument without a terminal (naming
// `instead`, the option that reads it from a file) or for an empty line
// (naming `what`).
Result<SecretBytes> AskHidden(const char* prompt, const std::string& what,
                              const std::string& instead);

// Reads a file of secret bytes (a passphrase, a share) whole into guarded
// memory, with a warning if others may read it. Errors name `what` and the
// path; kInvalidArgument if it is larger than `max_bytes`.
Result<SecretBytes> ReadSecretFile(const std::string& path, std::size_t max_bytes,
                                   const std::string& what);

// Each subcommand registers itself under `parent`.
void RegisterInit(CLI::App& app, Cli& cli);
void RegisterWitnessAdd(CLI::App& group, Cli& cli);
void RegisterWitnessShow(CLI::App& group, Cli& cli);
void RegisterWitnessList(CLI::App& group, Cli& cli);
void RegisterWitnessEdit(CLI::App& group, Cli& cli);
void RegisterWitnessHistory(CLI::App& group, Cli& cli);
void RegisterTestimonyAdd(CLI::App& group, Cli& cli);
void RegisterTestimonyShow(CLI::App& group, Cli& cli);
void RegisterTestimonyList(CLI::App& group, Cli& cli);
void RegisterTestimonyAmend(CLI::App& group, Cli& cli);
void RegisterTestimonyHistory(CLI::App& group, Cli& cli);
void RegisterCaseAdd(CLI::App& group, Cli& cli);
void RegisterCaseList(CLI::App& group, Cli& cli);
void RegisterCaseShow(CLI::App& group, Cli& cli);
void RegisterCaseEdit(CLI::App& group, Cli& cli);
void RegisterCaseAssign(CLI::App& group, Cli& cli);
void RegisterCaseUnassign(CLI::App& group, Cli& cli);
void RegisterCaseRetention(CLI::App& group, Cli& cli);
void RegisterConsentRecord(CLI::App& group, Cli& cli);
void RegisterConsentWithdraw(CLI::App& group, Cli& cli);
void RegisterConsentShow(CLI::App& group, Cli& cli);
void RegisterConsentHistory(CLI::App& group, Cli& cli);
void RegisterHold(CLI::App& app, Cli& cli);
void RegisterDue(CLI::App& app, Cli& cli);
void RegisterRedact(CLI::App& app, Cli& cli);
void RegisterRedactionList(CLI::App& group, Cli& cli);
void RegisterRedactionShow(CLI::App& group, Cli& cli);
// The lines of a `redact --ranges` file (`tvault redact --help`).
Result<std::vector<RedactionRange>> ParseRanges(std::string_view text);
void RegisterShred(CLI::App& app, Cli& cli);
void RegisterTombstones(CLI::App& app, Cli& cli);
void RegisterPanic(CLI::App& app, Cli& cli);
void RegisterBackup(CLI::App& app, Cli& cli);
void RegisterRestore(CLI::App& app, Cli& cli);
void RegisterPassphraseChange(CLI::App& group, Cli& cli);
void RegisterKeyslotAdd(CLI::App& group, Cli& cli);
void RegisterKeyslotList(CLI::App& group, Cli& cli);
void RegisterKeyslotRemove(CLI::App& group, Cli& cli);
void RegisterKeyslotLabel(CLI::App& group, Cli& cli);
void RegisterRecoveryCreate(CLI::App& group, Cli& cli);
void RegisterRecoveryRestore(CLI::App& group, Cli& cli);
void RegisterRecoveryList(CLI::App& group, Cli& cli);
void RegisterRecoveryRevoke(CLI::App& group, Cli& cli);
void RegisterCheck(CLI::App& app, Cli& cli);
void RegisterAuditCheckpoint(CLI::App& group, Cli& cli);
void RegisterAuditVerify(CLI::App& group, Cli& cli);
void RegisterAuditLog(CLI::App& group, Cli& cli);
void RegisterAuditExport(CLI::App& group, Cli& cli);
void RegisterAuditTimestampRequest(CLI::App& group, Cli& cli);
void RegisterAuditTimestampAdd(CLI::App& group, Cli& cli);
void RegisterAuditTimestampList(CLI::App& group, Cli& cli);
void RegisterAuditTimestampGet(CLI::App& group, Cli& cli);
void RegisterCustody(CLI::App& app, Cli& cli);
void RegisterSearch(CLI::App& app, Cli& cli);
void RegisterShell(CLI::App& app, Cli& cli);
void RegisterIdentityShow(CLI::App& group, Cli& cli);
void RegisterPeerAdd(CLI::App& group, Cli& cli);
void RegisterPeerList(CLI::App& group, Cli& cli);
void RegisterPeerRemove(CLI::App& group, Cli& cli);
void RegisterPeerRename(CLI::App& group, Cli& cli);
void RegisterPeerEdit(CLI::App& group, Cli& cli);
void RegisterExport(CLI::App& app, Cli& cli);
void RegisterBundleVerify(CLI::App& group, Cli& cli);
void RegisterBundleImport(CLI::App& group, Cli& cli);
void RegisterBundleExtract(CLI::App& group, Cli& cli);
void RegisterEvidenceAdd(CLI::App& group, Cli& cli);
void RegisterEvidenceList(CLI::App& group, Cli& cli);
void RegisterEvidenceGet(CLI::App& group, Cli& cli);
void RegisterEvidenceShow(CLI::App& group, Cli& cli);
void RegisterVersion(CLI::App& app, Cli& cli);
// `help` finds the command it describes from `app`, which must outlive it.
void RegisterHelp(CLI::App& app, Cli& cli);

// tvault --version and tvault version: text, or one JSON object.
Status PrintVersion(const Cli& cli, bool json);

// One line on standard error: "tvault: error: MESSAGE" or "tvault: warning:
// MESSAGE". Text from outside (paths, ids, typed words) is escaped by
// human::Format when the message is built, exactly once.
void PrintError(const human::Text& message);
void PrintWarning(const human::Text& message);
// One line on standard error without a prefix: progress for the person at
// the terminal (standard output is the command's result).
void PrintNote(const human::Text& message);

// Creates `path` with `text` (0600, atomically); refuses an existing file.
Status WriteNewFile(const std::string& path, const std::string& text);
// The same for bytes that must not pass through a std::string (plaintext).
Status WriteNewFile(const std::string& path, std::span<const uint8_t> bytes);
// Reads a small text file whole.
Result<std::string> ReadTextFile(const std::string& path, std::size_t max_bytes);

// Copies a CLI string into wiping memory and wipes the original.
PlainString TakeText(std::string& s);
std::string Sha256Hex(const Sha256Bytes& digest);
// --kdf-memory-mib / --kdf-passes of passphrase change and keyslot add;
// both zero means "keep or use the defaults".
void AddKdfOptions(CLI::App& cmd, uint32_t& memory_mib, uint32_t& passes);
Result<std::optional<KdfParams>> KdfFromOptions(uint32_t memory_mib, uint32_t passes);

// Options shared by `testimony add` and `testimony amend`.
struct MetadataOptions {
  std::string title, language, taken_at, place, interviewer, interpreter, notes;
  void AddTo(CLI::App& cmd);
  TestimonyMetadata Take();
};

// One evidence file as `evidence show --json` and `evidence list --json`
// print it.
Json EvidenceJson(const EvidenceInfo& e);
// One redaction as `redaction list --json` prints it (show adds reason, text).
Json RedactionJson(const RedactionSummary& s);
// One time-stamp request as `audit timestamp list --json` and `add --json`
// print it.
Json TimestampJson(const TimestampInfo& t);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_CLI_H_
