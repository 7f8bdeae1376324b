// What a tvault-desktop window is started with. main.cc fills it from the
// settings and the environment; the tests set short times and a cheap KDF.
#ifndef TVAULT_GUI_DESKTOP_OPTIONS_H_
#define TVAULT_GUI_DESKTOP_OPTIONS_H_

#include <chrono>
#include <filesystem>
#include <optional>

#include "vault/vault.h"

namespace tvault::gui {

struct DesktopOptions {
  // Without keyboard or mouse input in the window for this long, it locks.
  std::chrono::milliseconds idle_lock = std::chrono::minutes(5);
  // Copied statement text and contact details leave the clipboard after
  // this long, unless something else was copied meanwhile.
  std::chrono::milliseconds clipboard_clear = std::chrono::seconds(30);
  // The Argon2id cost of a vault created in the window.
  KdfParams kdf = KdfParams::Default();
  // The folder first shown: the last one unlocked, else the library's
  // DefaultVaultDirectory().
  std::optional<std::filesystem::path> vault_dir;
};

// The options of the installed program: the defaults above, the idle time
// from the setting "lock/idle_seconds" or, overriding it,
// $TVAULT_IDLE_LOCK_SECONDS (at least 5), the clearing time from
// $TVAULT_CLIPBOARD_CLEAR_SECONDS (at least 1); the folder from the
// setting "vault/last_folder". Malformed values are ignored.
DesktopOptions DesktopOptionsFromSettings();

}  // namespace tvault::gui

#endif  // TVAULT_GUI_DESKTOP_OPTIONS_H_
