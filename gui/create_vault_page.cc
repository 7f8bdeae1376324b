#include "create_vault_page.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <memory>

#include "qt_text.h"
#include "vault/front_end.h"
#include "widgets.h"
#include "worker.h"

namespace tvault::gui {
namespace {

// The library's words for the score, the same the CLI prints.
QString Verdict(int score) {
  const std::string_view words = PassphraseVerdict(score);
  return QString::fromUtf8(words.data(), static_cast<qsizetype>(words.size()));
}

}  // namespace

CreateVaultPage::CreateVaultPage(KdfParams kdf, QWidget* parent) : QWidget(parent), kdf_(kdf) {
  setObjectName(QStringLiteral("createVaultPage"));
  auto* intro = ValueLabel("firstRunText", tr("About this window"), this);
  intro->setText(
      tr("Everything you keep here is encrypted with a key made from your passphrase. While the "
         "vault is open, anything on the screen can be captured: Linux offers no way to keep a "
         "window out of screenshots or screen sharing. Lock the vault (Ctrl+L) before you share "
         "your screen or leave the computer; it also locks by itself after some minutes "
         "without use."));
  folder_ = LineEdit("newVaultFolder", tr("Folder of the new vault"), this);
  name_ = LineEdit("custodianName", tr("Your name as custodian"), this);
  first_ = LineEdit("newPassphrase", tr("New passphrase"), this);
  first_->setEchoMode(QLineEdit::Password);
  second_ = LineEdit("repeatPassphrase", tr("Repeat the new passphrase"), this);
  second_->setEchoMode(QLineEdit::Password);
  meter_ = Named(new QProgressBar(this), "strengthMeter", tr("Passphrase strength"));
  meter_->setRange(0, 4);
  meter_->setFormat(tr("%v of 4"));
  strength_ = ValueLabel("strengthText", tr("Passphrase strength in words"), this);
  accept_weak_ = Named(new QCheckBox(tr("Use this passphrase &although it is not strong"), this),
                       "acceptWeakPassphrase", tr("Use this passphrase although it is not strong"));
  create_ = Button(tr("C&reate vault"), "createButton", this);
  create_->setDefault(true);
  back_ = Button(tr("&Back"), "backToUnlock", this);
  status_ = ValueLabel("createStatus", tr("Create status"), this);
  connect(first_, &QLineEdit::textChanged, this, &CreateVaultPage::ShowStrength);
  connect(create_, &QPushButton::clicked, this, &CreateVaultPage::Create);
  connect(back_, &QPushButton::clicked, this, [this] {
    Reset();
    if (on_back) on_back();
  });

  auto* form = new QFormLayout;
  form->addRow(tr("&Folder:"), folder_);
  form->addRow(tr("Your &name:"), name_);
  form->addRow(tr("&Passphrase:"), first_);
  form->addRow(tr("Re&peat it:"), second_);
  form->addRow(tr("Strength:"), meter_);
  form->addRow(QString(), strength_);
  form->addRow(QString(), accept_weak_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(back_);
  buttons->addStretch();
  buttons->addWidget(create_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(status_);
  layout->addLayout(buttons);
  layout->addStretch();
  Reset();
}

void CreateVaultPage::SetFolder(const QString& folder) { folder_->setText(folder); }

void CreateVaultPage::Reset() {
  name_->clear();
  first_->setText(QString());
  second_->setText(QString());
  accept_weak_->setChecked(false);
  status_->clear();
  ShowStrength();
}

void CreateVaultPage::ShowStrength() {
  const PassphraseStrength s = EstimatePassphraseStrength(Utf8Secret(first_->text()));
  meter_->setValue(s.score);
  QString words = tr("Strength: %1 (about 10^%2 guesses)")
                      .arg(Verdict(s.score))
                      .arg(qRound(s.guesses_log10));
  if (!s.hint.empty()) words += tr(": %1").arg(QString::fromStdString(s.hint));
  strength_->setText(words);
  accept_weak_->setVisible(!s.strong && !first_->text().isEmpty());
}

void CreateVaultPage::SetBusy(bool busy) {
  busy_ = busy;
  for (QWidget* w : std::initializer_list<QWidget*>{folder_, name_, first_, second_, accept_weak_,
                                                    create_, back_}) {
    w->setEnabled(!busy);
  }
  status_->setText(busy ? tr("Creating the vault…") : QString());
}

void CreateVaultPage::Failed(const QString& words) { status_->setText(words); }

void CreateVaultPage::Create() {
  if (busy_) return;
  const std::filesystem::path dir = folder_->text().toStdString();
  InitOptions init{QStringToPlain(name_->text()), kdf_};
  if (dir.empty()) return Failed(tr("Choose a folder for the vault."));
  if (init.custodian_name.empty()) return Failed(tr("Type your name: bundles you send carry it."));
  if (Status can = Vault::CheckInit(dir, init); !can.ok()) return Failed(ErrorWords(can.error()));
  if (first_->text().isEmpty()) return Failed(tr("Type a passphrase."));
  const PassphraseStrength s = EstimatePassphraseStrength(Utf8Secret(first_->text()));
  if (!s.strong && !accept_weak_->isChecked()) {
    return Failed(tr("This passphrase is %1. Choose a stronger one (5 or more random words), or "
                     "tick the box to use it anyway.")
                      .arg(Verdict(s.score)));
  }
  auto passphrase = std::make_shared<SecretBytes>(TakePassphrase(*first_));
  const SecretBytes repeated = TakePassphrase(*second_);
  if (!passphrase->Equals(repeated)) {
    return Failed(tr("The two passphrases differ. Type them again; nothing was created."));
  }
  SetBusy(true);
  RunOffUiThread(
      this,
      [dir, init, passphrase]() -> Result<Vault> {
        TVAULT_TRY(Vault::Init(dir, *passphrase, init));
        return Vault::Open(dir, *passphrase, OpenOptions{});
      },
      [this](Result<Vault> opened) {
        SetBusy(false);
        if (!opened.ok()) return Failed(ErrorWords(opened.error()));
        Reset();
        if (on_opened) on_opened(std::move(opened).value());
      });
}

}  // namespace tvault::gui
