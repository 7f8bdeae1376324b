#include "desktop_options.h"

#include <QSettings>
#include <QString>
#include <cstdlib>

namespace tvault::gui {
namespace {

// A whole number of seconds, at least `floor`, from the environment.
std::optional<int> EnvSeconds(const char* name, int floor) {
  const char* text = std::getenv(name);
  if (text == nullptr) return std::nullopt;
  bool ok = false;
  const int value = QString::fromLatin1(text).toInt(&ok);
  if (!ok || value < floor) return std::nullopt;
  return value;
}

}  // namespace

DesktopOptions DesktopOptionsFromSettings() {
  DesktopOptions options;
  QSettings settings;
  bool ok = false;
  const int idle_setting = settings.value(QStringLiteral("lock/idle_seconds")).toInt(&ok);
  if (ok && idle_setting >= 5) options.idle_lock = std::chrono::seconds(idle_setting);
  if (auto idle = EnvSeconds("TVAULT_IDLE_LOCK_SECONDS", 5)) {
    options.idle_lock = std::chrono::seconds(*idle);
  }
  if (auto clear = EnvSeconds("TVAULT_CLIPBOARD_CLEAR_SECONDS", 1)) {
    options.clipboard_clear = std::chrono::seconds(*clear);
  }
  const QString last = settings.value(QStringLiteral("vault/last_folder")).toString();
  if (!last.isEmpty()) options.vault_dir = std::filesystem::path(last.toStdString());
  return options;
}

}  // namespace tvault::gui
