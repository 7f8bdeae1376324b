// Panic: make a vault unreadable at once and for good (docs/format.md,
// section 8; docs/threat-model.md, "Panic").
//
// The master key exists only inside the keyslots of vault.header, so
// destroying the header's bytes is what makes every record, evidence file
// and the database itself undecryptable; removing the files after that is
// tidiness. Hence the order, each step durable before the next:
//   1. vault.header (and a vault.header.tmp left by an interrupted header
//      change, which holds keyslots too) is overwritten in place with
//      random bytes of its own length and fsynced: every keyslot, passphrase
//      and recovery, is gone. Its time does not depend on the vault's size.
//   2. The header is unlinked and the directory fsynced.
//   3. The database and its journal, every evidence file, unlock-failures,
//      the lock file, and then the empty directories are removed.
// No passphrase is needed: anyone who can delete the files can do as much.
// It does not wait for the vault lock: a command running in another process
// keeps its keys in memory until it exits (the report says so). A directory
// whose header is already gone (an interrupted panic) is finished.
// Files tvault did not create are left where they are and listed.
#ifndef TVAULT_PANIC_H_
#define TVAULT_PANIC_H_

#include <filesystem>
#include <string>
#include <vector>

#include "vault/result.h"

namespace tvault {

struct PanicReport {
  // From the call to the end of step 1 (keyslots overwritten and synced).
  double keyslots_destroyed_ms = 0;
  bool another_command_running = false;  // the vault lock was held
  std::vector<std::string> removed;      // names relative to the vault directory
  std::vector<std::string> left;         // "NAME: why" for what could not be removed
};

struct PanicOptions {
  // A vault under legal hold (its plaintext `holds` count, docs/format.md
  // 4.9, is above 0) is refused unless this is set.
  bool override_hold = false;
};

// Whether `dir` holds something PanicVault would destroy (a header, its
// temporary copy, or a database): kNotFound "no vault at DIR" otherwise;
// kFailedPrecondition for a vault under legal hold without override_hold.
Status CheckPanicTarget(const std::filesystem::path& dir, const PanicOptions& options = {});

// Destroys the vault at `dir` as above, after CheckPanicTarget (nothing is
// touched if it fails); kIo if step 1 or 2 fails (then nothing later was
// attempted, and the error names the file).
Result<PanicReport> PanicVault(const std::filesystem::path& dir,
                               const PanicOptions& options = {});

}  // namespace tvault

#endif  // TVAULT_PANIC_H_
