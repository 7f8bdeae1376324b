// What every front end (the CLI, the desktop window) shows or assumes the
// same way, so that neither words it on its own.
#ifndef TVAULT_FRONT_END_H_
#define TVAULT_FRONT_END_H_

#include <filesystem>
#include <optional>
#include <string_view>

namespace tvault {

// The vault directory a front end uses when the user names none: $TVAULT_DIR
// when set and non-empty, else $HOME/.local/share/tvault; nullopt when
// neither is set (the front end must then ask for one). Reads the
// environment only; does not look at the file system. Not thread-safe
// against a concurrent setenv.
std::optional<std::filesystem::path> DefaultVaultDirectory();

// A PassphraseStrength score (vault/vault.h) in words: "very weak" (0, 1),
// "weak" (2), "fair, not strong against an offline attack" (3), "strong"
// (4 and above). Thread-safe.
std::string_view PassphraseVerdict(int score);

// Whether `dir` holds a vault (its header file exists), without opening it:
// for commands that work with or without one. Errors read as "no".
bool HoldsVault(const std::filesystem::path& dir);

}  // namespace tvault

#endif  // TVAULT_FRONT_END_H_
