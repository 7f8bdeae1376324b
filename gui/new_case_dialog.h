// "New case": title, reference, notes. A form: when the window locks while
// it is open it is rejected and what it held is discarded (MainWindow::Lock
// names it after the next unlock). Opened with open(), never exec(), so
// that no nested event loop returns into code that expects the vault.
#ifndef TVAULT_GUI_NEW_CASE_DIALOG_H_
#define TVAULT_GUI_NEW_CASE_DIALOG_H_

#include <QDialog>

#include "vault/vault.h"

class QLineEdit;
class QPlainTextEdit;

namespace tvault::gui {

// The dynamic property a form dialog carries: its name, as the notice of a
// lock that discarded it says it.
inline constexpr char kFormNameProperty[] = "tvaultFormName";

class NewCaseDialog : public QDialog {
  Q_OBJECT

 public:
  explicit NewCaseDialog(QWidget* parent);
  // What was typed; the fields keep their text until the dialog is deleted.
  CaseDetails Details() const;

 private:
  QLineEdit* title_;
  QLineEdit* reference_;
  QPlainTextEdit* notes_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_NEW_CASE_DIALOG_H_
