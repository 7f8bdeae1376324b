// Creating a vault: the folder, the custodian's name, the passphrase twice
// with the library's strength estimate as a meter and the CLI's words
// (PassphraseStrength::verdict and hint). A passphrase below strong needs
// an explicit tick, as the CLI asks "Use it anyway?". Init and the first
// open run on a worker thread ("Creating…", controls disabled). The first
// run text says what Linux cannot protect. UI thread only.
#ifndef TVAULT_GUI_CREATE_VAULT_PAGE_H_
#define TVAULT_GUI_CREATE_VAULT_PAGE_H_

#include <QWidget>
#include <functional>

#include "vault/vault.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tvault::gui {

class CreateVaultPage : public QWidget {
  Q_OBJECT

 public:
  CreateVaultPage(KdfParams kdf, QWidget* parent);

  std::function<void(Vault)> on_opened;
  std::function<void()> on_back;

  void SetFolder(const QString& folder);
  void Reset();

 private:
  void ShowStrength();
  void Create();
  void SetBusy(bool busy);
  void Failed(const QString& words);

  KdfParams kdf_;
  bool busy_ = false;
  QLineEdit* folder_;
  QLineEdit* name_;
  QLineEdit* first_;
  QLineEdit* second_;
  QProgressBar* meter_;
  QLabel* strength_;
  QCheckBox* accept_weak_;
  QPushButton* create_;
  QPushButton* back_;
  QLabel* status_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_CREATE_VAULT_PAGE_H_
