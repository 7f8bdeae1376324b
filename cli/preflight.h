// Checks of a command's arguments that need no vault, made before the
// passphrase is asked: a mistyped id, date, key or file name is reported at
// once, not after the unlock wait, and costs no unlock (nothing is counted,
// nothing is logged). Each returns the error the command would otherwise
// give after the unlock, or one in the same terms. No state; thread-safe.
#ifndef TVAULT_CLI_PREFLIGHT_H_
#define TVAULT_CLI_PREFLIGHT_H_

#include <string>
#include <string_view>
#include <vector>

#include "vault/result.h"

namespace tvault::cli {

// `id` is a record id of `kind` ('W', 'T', 'E' or 'C'); `what` names the argument
// ("ID", "--witness"). A malformed id is kInvalidArgument; a well-formed id
// of another kind is `wrong_kind`, the code the command gave for it when it
// asked the vault (exit codes are a contract).
Status CheckRecordId(const std::string& id, char kind, std::string_view what,
                     ErrorCode wrong_kind = ErrorCode::kInvalidArgument);
// `path` ("-": standard input, always accepted) exists and is not a
// directory: kNotFound / kInvalidArgument, as reading it would give.
Status CheckInputFile(const std::string& path);
// Nothing exists at `path` (not even a dangling link): kAlreadyExists.
Status CheckNewOutput(const std::string& path);

// --age-recipient and --minisign-key take the key itself or a file holding
// it. A value that is a valid key is the key, even if a file of that name
// exists. Otherwise an existing file is read: its lines without blank ones
// and comments ("#" lines for age recipients files, "untrusted comment:"
// lines for minisign .pub files) must be exactly one key. Anything else is
// returned as it is, for the key check to refuse.
enum class KeyKind { kAgeRecipient, kMinisignKey };
Result<std::string> KeyOption(const std::string& value, KeyKind kind);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_PREFLIGHT_H_
