#include "unlock_page.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <memory>

#include "dialogs.h"
#include "qt_text.h"
#include "widgets.h"
#include "worker.h"

namespace tvault::gui {

UnlockPage::UnlockPage(const std::filesystem::path& folder, QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("unlockPage"));
  notice_ = ValueLabel("lockNotice", tr("Why the vault is locked"), this);
  folder_ = LineEdit("vaultFolder", tr("Vault folder"), this);
  folder_->setText(QString::fromStdString(folder.string()));
  choose_ = Button(tr("C&hoose…"), "chooseFolder", this);
  passphrase_ = LineEdit("passphrase", tr("Passphrase"), this);
  passphrase_->setEchoMode(QLineEdit::Password);
  unlock_ = Button(tr("&Unlock"), "unlockButton", this);
  unlock_->setDefault(true);
  create_ = Button(tr("&Create a new vault…"), "createVaultButton", this);
  status_ = ValueLabel("unlockStatus", tr("Unlock status"), this);
  connect(choose_, &QPushButton::clicked, this, &UnlockPage::ChooseFolder);
  connect(unlock_, &QPushButton::clicked, this, &UnlockPage::Unlock);
  connect(passphrase_, &QLineEdit::returnPressed, this, &UnlockPage::Unlock);
  connect(create_, &QPushButton::clicked, this, [this] {
    if (on_create) on_create();
  });

  auto* folder_row = new QHBoxLayout;
  folder_row->addWidget(folder_, 1);
  folder_row->addWidget(choose_);
  auto* form = new QFormLayout;
  // A row whose field is a layout gets no buddy from QFormLayout: without
  // one the label would show its "&" instead of the Alt+F shortcut.
  auto* folder_label = new QLabel(tr("Vault &folder:"), this);
  folder_label->setBuddy(folder_);
  form->addRow(folder_label, folder_row);
  form->addRow(tr("&Passphrase:"), passphrase_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(create_);
  buttons->addStretch();
  buttons->addWidget(unlock_);
  auto* layout = new QVBoxLayout(this);
  layout->addStretch();
  layout->addWidget(notice_);
  layout->addLayout(form);
  layout->addWidget(status_);
  layout->addLayout(buttons);
  layout->addStretch();
  notice_->hide();
  setTabOrder(passphrase_, unlock_);
}

void UnlockPage::ShowLocked(const QString& notice) {
  notice_->setText(notice);
  notice_->setVisible(!notice.isEmpty());
  status_->clear();
  passphrase_->setText(QString());
  passphrase_->setFocus();
}

void UnlockPage::SetFolder(const QString& folder) { folder_->setText(folder); }

QString UnlockPage::Folder() const { return folder_->text(); }

void UnlockPage::ChooseFolder() {
  const QString chosen = gui::ChooseFolder(this, tr("Choose the vault folder"), folder_->text());
  if (!chosen.isEmpty()) folder_->setText(chosen);
}

void UnlockPage::SetBusy(bool busy) {
  busy_ = busy;
  for (QWidget* w :
       std::initializer_list<QWidget*>{folder_, choose_, passphrase_, unlock_, create_}) {
    w->setEnabled(!busy);
  }
  status_->setText(busy ? tr("Unlocking…") : QString());
}

void UnlockPage::Failed(const QString& words) {
  status_->setText(words);
  passphrase_->setFocus();
}

void UnlockPage::Unlock() {
  if (busy_) return;
  const std::filesystem::path dir = folder_->text().toStdString();
  if (dir.empty()) return Failed(tr("Choose the vault folder first."));
  if (passphrase_->text().isEmpty()) return Failed(tr("Type the passphrase first."));
  // A missing vault is said before the passphrase is taken from the field.
  if (Status files = Vault::CheckFiles(dir); !files.ok()) return Failed(ErrorWords(files.error()));
  auto passphrase = std::make_shared<SecretBytes>(TakePassphrase(*passphrase_));
  SetBusy(true);
  RunOffUiThread(
      this, [dir, passphrase] { return Vault::Open(dir, *passphrase, OpenOptions{}); },
      [this](Result<Vault> opened) {
        SetBusy(false);
        if (!opened.ok()) return Failed(ErrorWords(opened.error()));
        notice_->hide();
        if (on_opened) on_opened(std::move(opened).value());
      });
}

}  // namespace tvault::gui
