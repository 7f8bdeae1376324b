#include "new_case_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "qt_text.h"
#include "widgets.h"

namespace tvault::gui {

NewCaseDialog::NewCaseDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("newCaseDialog"));
  setWindowTitle(tr("New case"));
  setProperty(kFormNameProperty, tr("New case"));
  setAttribute(Qt::WA_DeleteOnClose);
  title_ = LineEdit("caseTitle", tr("Case title"), this);
  reference_ = LineEdit("caseReference", tr("Case reference"), this);
  notes_ = Named(new QPlainTextEdit(this), "caseNotes", tr("Case notes"));
  notes_->setTabChangesFocus(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add case"));
  Named(buttons->button(QDialogButtonBox::Ok), "addCaseButton", tr("Add case"));
  Named(buttons->button(QDialogButtonBox::Cancel), "cancelCaseButton", tr("Cancel"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* form = new QFormLayout;
  form->addRow(tr("&Title:"), title_);
  form->addRow(tr("&Reference (court or UN file number):"), reference_);
  form->addRow(tr("&Notes:"), notes_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

CaseDetails NewCaseDialog::Details() const {
  return CaseDetails{QStringToPlain(title_->text()), QStringToPlain(reference_->text()),
                     QStringToPlain(notes_->toPlainText())};
}

}  // namespace tvault::gui
