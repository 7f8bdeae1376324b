#include "screen_lock_listener.h"

namespace tvault::gui {

ScreenLockListener::ScreenLockListener(QDBusConnection session, QDBusConnection system,
                                       QObject* parent)
    : QObject(parent) {
  if (session.isConnected()) {
    for (const char* saver : {"freedesktop", "gnome"}) {
      const QString name = QStringLiteral("org.%1.ScreenSaver").arg(QLatin1String(saver));
      const QString path = QStringLiteral("/org/%1/ScreenSaver").arg(QLatin1String(saver));
      listening_ += session.connect(QString(), path, name, QStringLiteral("ActiveChanged"), this,
                                    SLOT(ActiveChanged(bool)));
    }
  }
  if (system.isConnected()) {
    const QString logind = QStringLiteral("org.freedesktop.login1");
    listening_ +=
        system.connect(logind, QStringLiteral("/org/freedesktop/login1"),
                       QStringLiteral("org.freedesktop.login1.Manager"),
                       QStringLiteral("PrepareForSleep"), this, SLOT(PrepareForSleep(bool)));
    // Any session's Lock: locking for another session of the same machine
    // is harmless, missing our own is not.
    listening_ +=
        system.connect(logind, QString(), QStringLiteral("org.freedesktop.login1.Session"),
                       QStringLiteral("Lock"), this, SLOT(SessionLocked()));
  }
}

ScreenLockListener::ScreenLockListener(QObject* parent)
    : ScreenLockListener(QDBusConnection::sessionBus(), QDBusConnection::systemBus(), parent) {}

void ScreenLockListener::ActiveChanged(bool active) {
  if (active) Q_EMIT LockRequested();
}

void ScreenLockListener::PrepareForSleep(bool starting) {
  if (starting) Q_EMIT LockRequested();
}

void ScreenLockListener::SessionLocked() { Q_EMIT LockRequested(); }

}  // namespace tvault::gui
