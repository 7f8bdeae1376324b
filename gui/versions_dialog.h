// A testimony's versions: each with its number, date, size, SHA-256 and
// the reason it was added; a line diff of any two (each version read is
// the audited view `tvault testimony show --version` is); and an amendment
// from pasted text or from a file, with a required reason, stored as
// `tvault testimony amend` stores it (nothing is overwritten). A form
// ("Versions and amendment"): a lock rejects it and discards what was
// typed. Uses the MainWindow's Vault on the UI thread; a lock closes the
// Vault and this dialog in one step, with nothing run in between. UI
// thread only.
#ifndef TVAULT_GUI_VERSIONS_DIALOG_H_
#define TVAULT_GUI_VERSIONS_DIALOG_H_

#include <QDialog>
#include <filesystem>
#include <functional>
#include <string>

#include "vault/vault.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace tvault::gui {

class SecretClipboard;
class StatementView;

class VersionsDialog : public QDialog {
  Q_OBJECT

 public:
  VersionsDialog(Vault& vault, SecretClipboard& clipboard, std::string testimony_id,
                 QWidget* parent);
  // After an amendment was stored.
  std::function<void()> on_amended;

 private:
  void LoadVersions();
  void Compare();
  void ChooseFile();
  void Amend();
  void UpdateAmendButton();
  void SetProblem(const QString& text);

  Vault& vault_;
  const std::string id_;
  std::filesystem::path file_;  // an amendment from a file, or empty
  QLabel* problem_;
  QTableWidget* versions_;
  QComboBox* from_;
  QComboBox* to_;
  QPushButton* compare_;
  StatementView* diff_;
  QPlainTextEdit* text_;
  QPushButton* from_file_;
  QLabel* file_label_;
  QLineEdit* reason_;
  QPushButton* amend_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_VERSIONS_DIALOG_H_
