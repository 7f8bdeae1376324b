// The window: the unlock page, the create page and the vault page in one
// stack. It owns the open Vault (nothing else does) and the lock:
// Ctrl+L, the idle timer, the session's screen lock or a suspend (D-Bus)
// and a close all call Lock(), which no dialog can cancel. UI thread only.
#ifndef TVAULT_GUI_MAIN_WINDOW_H_
#define TVAULT_GUI_MAIN_WINDOW_H_

#include <QMainWindow>
#include <QStringList>
#include <filesystem>

#include "desktop_options.h"
#include "vault/vault.h"

class QAction;
class QStackedWidget;

namespace tvault::gui {

class CreateVaultPage;
class InactivityTimer;
class ScreenLockListener;
class SecretClipboard;
class UnlockPage;
class VaultHolder;
class VaultPage;

enum class LockReason { kAsked, kIdle, kScreenLocked, kClosing };

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(DesktopOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  bool unlocked() const;
  // A slow call (verify, import, export) is running, perhaps on a Vault a
  // lock already closed: that Vault is destroyed when the call returns.
  bool working() const;

  // "Receive a bundle" for `file` (File > Open bundle…, or a .tvb dropped
  // on the window).
  void OpenBundle(const std::filesystem::path& file);
  // "Export" for the chosen testimony or case (Records > Export…).
  void Export();

  // Locks now: every open dialog is rejected (a form's content discarded,
  // and named after the next unlock), a secret copy leaves the clipboard,
  // every view and model is emptied, the Vault is destroyed (its keys
  // wiped, its folder released), and the unlock page is shown.
  void Lock(LockReason reason);

  // Also locks when `listener` asks (the window always listens to the
  // desktop's buses; the tests add one on a private bus).
  void LockOn(ScreenLockListener* listener);

 protected:
  void closeEvent(QCloseEvent* event) override;
  // Ctrl+L while a modal dialog blocks the window: Qt does not deliver an
  // application shortcut of a blocked window, so the key itself is caught.
  bool eventFilter(QObject* watched, QEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void Opened(Vault vault);
  QStringList CloseDialogs();
  void ChooseBundle();
  void SetVaultActionsEnabled(bool enabled);

  DesktopOptions options_;
  VaultHolder* vault_;
  QStringList discarded_forms_;  // by the last lock, told at the next unlock
  SecretClipboard* clipboard_;
  InactivityTimer* idle_;
  QStackedWidget* pages_;
  UnlockPage* unlock_;
  CreateVaultPage* create_;
  VaultPage* vault_page_;
  QAction* lock_action_;
  QAction* new_case_action_;
  QAction* copy_statement_action_;
  QAction* open_bundle_action_;
  QAction* export_action_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_MAIN_WINDOW_H_
