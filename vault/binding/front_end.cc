// vault/front_end.h: one answer for every front end.
#include "vault/front_end.h"

#include <cstdlib>
#include <system_error>

#include "binding/vault_impl.h"

namespace tvault {
namespace {

std::optional<std::filesystem::path> NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::filesystem::path(value);
}

}  // namespace

std::optional<std::filesystem::path> DefaultVaultDirectory() {
  if (auto dir = NonEmptyEnv("TVAULT_DIR")) return dir;
  if (auto home = NonEmptyEnv("HOME")) return *home / ".local/share/tvault";
  return std::nullopt;
}

bool HoldsVault(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir / vault_files::kHeader, ec);
}

std::string_view PassphraseVerdict(int score) {
  switch (score) {
    case 0:
    case 1: return "very weak";
    case 2: return "weak";
    case 3: return "fair, not strong against an offline attack";
    default: return "strong";
  }
}

}  // namespace tvault
