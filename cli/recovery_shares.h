// Showing recovery shares to the custodian, once: on the terminal one at a
// time, or as one printable page per share (text and a QR code, made with
// Debian's libqrencode) in a directory. Used by `recovery create` and by
// `recovery restore` when it makes the new set. Not thread-safe (standard
// streams, the terminal).
#ifndef TVAULT_CLI_RECOVERY_SHARES_H_
#define TVAULT_CLI_RECOVERY_SHARES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "vault/recovery.h"
#include "vault/result.h"

namespace tvault::cli {

// Whether shares can be shown here: on a terminal (standard input and
// output) when `out_dir` is empty, else whether `out_dir` can take the pages
// (created 0700 if missing; no page of this set's names may exist there).
// kInvalidArgument naming what to do otherwise. Called before the passphrase.
Status CheckShareOutput(const std::filesystem::path& out_dir, uint8_t share_count);

// "share-K-of-N.html".
std::string SharePageName(std::size_t number, std::size_t count);

// Writes each share to `out_dir` (files 0600, each complete or absent) or,
// with an empty `out_dir`, shows each on the terminal, clearing the screen
// after the holder's copy is written down. Returns the page paths written.
Result<std::vector<std::filesystem::path>> ShowShares(const RecoverySet& set,
                                                      const std::filesystem::path& out_dir);

// The page of share `number` as bytes (HTML with an inline SVG QR code of
// the mnemonic in upper case, the QR alphanumeric alphabet). For tests.
Result<SecretBytes> RenderSharePage(const RecoverySet& set, std::size_t number);

class Cli;
// Shows a set made by CreateRecovery (ShowShares), then says what was made;
// with --json one object: slot, threshold, shares, vault_fingerprint, pages.
Status PrintNewShares(Cli& cli, const RecoverySet& set, const std::filesystem::path& out_dir);

}  // namespace tvault::cli

#endif  // TVAULT_CLI_RECOVERY_SHARES_H_
