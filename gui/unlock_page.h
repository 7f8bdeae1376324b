// Opening a vault: its folder (the last one opened, else the library's
// default), the passphrase, and Unlock. The passphrase leaves the field
// for guarded memory at once; the KDF runs on a worker thread while the
// page shows "Unlocking…" with its controls disabled. Wrong passphrases
// and other failures are said in plain words. UI thread only.
#ifndef TVAULT_GUI_UNLOCK_PAGE_H_
#define TVAULT_GUI_UNLOCK_PAGE_H_

#include <QWidget>
#include <filesystem>
#include <functional>

#include "vault/vault.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace tvault::gui {

class UnlockPage : public QWidget {
  Q_OBJECT

 public:
  UnlockPage(const std::filesystem::path& folder, QWidget* parent);

  // Called on the UI thread with the opened vault.
  std::function<void(Vault)> on_opened;
  // Called when the user asks to create a vault instead.
  std::function<void()> on_create;

  // Back to this page after a lock: `notice` says why and what was lost.
  void ShowLocked(const QString& notice);
  void SetFolder(const QString& folder);
  QString Folder() const;
  bool busy() const { return busy_; }

 private:
  void ChooseFolder();
  void Unlock();
  void SetBusy(bool busy);
  void Failed(const QString& words);

  bool busy_ = false;
  QLabel* notice_;
  QLineEdit* folder_;
  QPushButton* choose_;
  QLineEdit* passphrase_;
  QPushButton* unlock_;
  QPushButton* create_;
  QLabel* status_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_UNLOCK_PAGE_H_
