#include "testimony_pane.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "qt_text.h"
#include "secret_clipboard.h"
#include "statement_view.h"
#include "versions_dialog.h"
#include "widgets.h"

namespace tvault::gui {
namespace {

QString Hex(const Sha256Bytes& bytes) {
  return QString::fromLatin1(
      QByteArray(reinterpret_cast<const char*>(bytes.data()), bytes.size()).toHex());
}

}  // namespace

TestimonyPane::TestimonyPane(SecretClipboard& clipboard, QWidget* parent)
    : QWidget(parent), clipboard_(clipboard) {
  setObjectName(QStringLiteral("testimonyPane"));
  error_ = ValueLabel("testimonyError", tr("Error"), this);
  id_ = ValueLabel("testimonyId", tr("Testimony id"), this);
  title_ = ValueLabel("testimonyTitle", tr("Title"), this);
  witness_ = ValueLabel("testimonyWitness", tr("Witness"), this);
  taken_ = ValueLabel("testimonyTakenAt", tr("Taken on"), this);
  place_ = ValueLabel("testimonyPlace", tr("Place"), this);
  language_ = ValueLabel("testimonyLanguage", tr("Language"), this);
  people_ = ValueLabel("testimonyPeople", tr("Interviewer and interpreter"), this);
  version_ = ValueLabel("testimonyVersion", tr("Version"), this);
  sha256_ = ValueLabel("testimonySha256", tr("SHA-256 of the statement"), this);
  statement_ = Named(new StatementView(clipboard_, this), "statementView", tr("Statement"));
  copy_ = Button(tr("&Copy statement"), "copyStatement", this);
  copy_->setEnabled(false);
  connect(copy_, &QPushButton::clicked, this, &TestimonyPane::CopyStatement);
  versions_ = Button(tr("&Versions and amend…"), "versionsButton", this);
  connect(versions_, &QPushButton::clicked, this, &TestimonyPane::OpenVersions);

  auto* form = new QFormLayout;
  form->addRow(tr("Id:"), id_);
  form->addRow(tr("Title:"), title_);
  form->addRow(tr("Witness:"), witness_);
  form->addRow(tr("Taken on:"), taken_);
  form->addRow(tr("Place:"), place_);
  form->addRow(tr("Language:"), language_);
  form->addRow(tr("Interviewer, interpreter:"), people_);
  form->addRow(tr("Version:"), version_);
  form->addRow(tr("SHA-256:"), sha256_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(error_);
  layout->addLayout(form);
  layout->addWidget(statement_, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(versions_);
  buttons->addWidget(copy_);
  layout->addLayout(buttons);
  Clear();
}

void TestimonyPane::Show(Vault& vault, const std::string& id) {
  Clear();
  Result<Testimony> t = vault.GetTestimony(id, std::nullopt);
  if (!t.ok()) {
    error_->setText(ErrorWords(t.error()));
    error_->show();
    return;
  }
  SetFields(*t);
  statement_->ShowStatement(PlainToQString(t->statement));
  copy_->setEnabled(true);
  vault_ = &vault;
  testimony_id_ = id;
  versions_->setEnabled(true);
}

void TestimonyPane::SetFields(const Testimony& t) {
  const TestimonyMetadata& m = t.metadata;
  id_->setText(QString::fromStdString(t.id));
  title_->setText(PlainToQString(m.title));
  witness_->setText(QString::fromStdString(t.witness_id));
  taken_->setText(PlainToQString(m.taken_at));
  place_->setText(PlainToQString(m.place));
  language_->setText(PlainToQString(m.language));
  QStringList people;
  for (const PlainString* who : {&m.interviewer, &m.interpreter}) {
    if (!who->empty()) people << PlainToQString(*who);
  }
  people_->setText(people.join(QStringLiteral("; ")));
  version_->setText(tr("%1 of %2, %3 bytes, added %4")
                        .arg(t.version.version)
                        .arg(t.version_count)
                        .arg(t.version.size_bytes)
                        .arg(DayUtc(t.version.created_at_unix_s)));
  sha256_->setText(Hex(t.version.sha256));
}

void TestimonyPane::Clear() {
  error_->hide();
  error_->clear();
  for (QLabel* label :
       {id_, title_, witness_, taken_, place_, language_, people_, version_, sha256_}) {
    label->clear();
  }
  statement_->clear();
  copy_->setEnabled(false);
  versions_->setEnabled(false);
  vault_ = nullptr;
  testimony_id_.clear();
}

void TestimonyPane::OpenVersions() {
  if (vault_ == nullptr) return;
  auto* dialog = new VersionsDialog(*vault_, clipboard_, testimony_id_, this);
  // The pane shows the new latest version (the vault may have locked
  // meanwhile: then the pane is empty and stays so).
  dialog->on_amended = [this] {
    if (vault_ != nullptr) Show(*vault_, std::string(testimony_id_));
  };
  dialog->open();
}

void TestimonyPane::CopyStatement() {
  if (statement_->document()->isEmpty()) return;
  clipboard_.Copy(statement_->toPlainText());
}

}  // namespace tvault::gui
