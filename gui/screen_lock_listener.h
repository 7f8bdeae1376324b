// Locks with the session, over D-Bus where there is one: the session
// bus's screensaver ActiveChanged(true) (org.freedesktop.ScreenSaver and
// org.gnome.ScreenSaver, from any sender), and on the system bus logind's
// PrepareForSleep(true) (before a suspend) and the Lock signal of any
// login session (loginctl lock-session). A bus that is not there is
// skipped: then only Ctrl+L and the idle lock apply. UI thread only.
#ifndef TVAULT_GUI_SCREEN_LOCK_LISTENER_H_
#define TVAULT_GUI_SCREEN_LOCK_LISTENER_H_

#include <QDBusConnection>
#include <QObject>

namespace tvault::gui {

class ScreenLockListener : public QObject {
  Q_OBJECT

 public:
  // Listens on the given buses (the tests give a private session bus for
  // both).
  ScreenLockListener(QDBusConnection session, QDBusConnection system, QObject* parent);
  explicit ScreenLockListener(QObject* parent);

  // How many of the four signals are being listened to.
  int listening() const { return listening_; }

 Q_SIGNALS:
  void LockRequested();

 private Q_SLOTS:
  void ActiveChanged(bool active);
  void PrepareForSleep(bool starting);
  void SessionLocked();

 private:
  int listening_ = 0;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_SCREEN_LOCK_LISTENER_H_
