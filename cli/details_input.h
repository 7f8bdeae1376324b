// Contact details of a witness that never pass through the command line
// (argv is readable in /proc by other users' tools and lands in shell
// history): read from a JSON file or standard input, or asked field by
// field on the terminal. For `witness add`, and for any command that takes
// a whole set of details. Not thread-safe (uses the standard streams).
#ifndef TVAULT_CLI_DETAILS_INPUT_H_
#define TVAULT_CLI_DETAILS_INPUT_H_

#include <string>
#include <vector>

#include "cli.h"
#include "vault/result.h"
#include "vault/vault.h"

namespace tvault::cli {

// The detail options of `witness add` and `witness edit` (--name, --alias,
// --phone, --email, --address, --relatives, --notes), declared once. The
// values are wiped as they are taken.
struct DetailOptions {
  std::string name, phone, email, address, relatives, notes;
  std::vector<std::string> aliases;
  const CLI::Option *name_option = nullptr, *alias_option = nullptr, *phone_option = nullptr,
                    *email_option = nullptr, *address_option = nullptr,
                    *relatives_option = nullptr, *notes_option = nullptr;
  std::vector<const CLI::Option*> all;  // the above

  // `edit`: the help says that an option not given keeps its value and an
  // empty one clears it.
  void AddTo(CLI::App& cmd, bool edit);
  bool Any() const;
  // Every field (witness add).
  WitnessDetails TakeDetails();
  // Only the options given (witness edit); `--alias ""` alone clears the
  // aliases.
  WitnessChanges TakeChanges();
  // kInvalidArgument when --details-file comes with a detail option.
  Status RefuseWithDetailsFile(const std::string& details_file) const;
};

// The details in `path` ("-": standard input), a JSON object parsed by
// WitnessDetailsFromJson. The bytes are read into wiped memory, at most
// kMaxWitnessDetailsJson of them. Errors name `path`: kInvalidArgument for
// malformed content or a file too large, kNotFound / kIo as reading gives.
Result<WitnessDetails> ReadDetailsFile(const std::string& path);

// The fields as `witness show --json` prints them and --details-file reads
// them back: name, aliases, phone, email, address, relatives, notes.
Json WitnessDetailsJson(const WitnessDetails& d);

// Asks for each field on standard error ("Name: ", "Aliases
// (comma-separated, empty for none): ", "Phone: ", ...) and reads one line
// of standard input for each, without stdio buffering (nothing is left in
// a buffer that is not wiped). Typed text is echoed, like any text typed
// at the terminal, but is never repeated in output or errors. An empty name
// is asked again. End of input before the last field: kFailedPrecondition
// "CONTEXT cancelled: ...". The caller checks CanAskOnTerminal() first.
Result<WitnessDetails> AskDetails(const std::string& context);

// The same questions for an edit, each saying "Enter: keep" (and, but for
// the name, "'-': clear"): an empty line keeps the field, "-" clears it.
// Nothing typed at all is kInvalidArgument "nothing to change"; end of
// input as AskDetails.
Result<WitnessChanges> AskChanges(const std::string& context);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_DETAILS_INPUT_H_
