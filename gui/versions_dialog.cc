#include "versions_dialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "dialogs.h"
#include "new_case_dialog.h"
#include "qt_text.h"
#include "statement_view.h"
#include "vault/line_diff.h"
#include "vault/text.h"
#include "widgets.h"

namespace tvault::gui {
namespace {

std::string_view AsText(const PlainBytes& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The statement of one version, read as `testimony show --version` reads it.
Result<PlainBytes> StatementOf(Vault& vault, const std::string& id, uint32_t version) {
  TVAULT_ASSIGN_OR_RETURN(Testimony t, vault.GetTestimony(id, version));
  return std::move(t.statement);
}

}  // namespace

VersionsDialog::VersionsDialog(Vault& vault, SecretClipboard& clipboard, std::string testimony_id,
                               QWidget* parent)
    : QDialog(parent), vault_(vault), id_(std::move(testimony_id)) {
  setObjectName(QStringLiteral("versionsDialog"));
  setWindowTitle(tr("Versions"));
  setProperty(kFormNameProperty, tr("Versions and amendment"));
  setAttribute(Qt::WA_DeleteOnClose);
  setWindowModality(Qt::WindowModal);
  problem_ = ValueLabel("versionsProblem", tr("Problem"), this);
  problem_->setStyleSheet(QStringLiteral("QLabel { color: #a00000; font-weight: bold; }"));
  versions_ = Named(new QTableWidget(0, 5, this), "versionTable", tr("Versions"));
  versions_->setHorizontalHeaderLabels(
      {tr("Version"), tr("Added"), tr("Bytes"), tr("SHA-256"), tr("Reason")});
  versions_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  versions_->setSelectionBehavior(QAbstractItemView::SelectRows);
  versions_->verticalHeader()->hide();
  versions_->horizontalHeader()->setStretchLastSection(true);
  versions_->setTabKeyNavigation(false);
  from_ = Named(new QComboBox(this), "diffFrom", tr("Compare from version"));
  to_ = Named(new QComboBox(this), "diffTo", tr("Compare to version"));
  compare_ = Button(tr("Com&pare"), "compareVersions", this);
  diff_ = Named(new StatementView(clipboard, this), "diffView", tr("Differences"));
  text_ = Named(new QPlainTextEdit(this), "amendText", tr("New statement text"));
  text_->setTabChangesFocus(true);
  text_->setPlaceholderText(tr("Paste the corrected statement here, or choose a file"));
  from_file_ = Button(tr("From a &file…"), "amendFromFile", this);
  file_label_ = ValueLabel("amendFile", tr("Statement file"), this);
  reason_ = LineEdit("amendReason", tr("Reason for the amendment"), this);
  amend_ = Button(tr("&Store as a new version"), "amendButton", this);
  auto* close = Button(tr("&Close"), "closeVersions", this);
  connect(compare_, &QPushButton::clicked, this, &VersionsDialog::Compare);
  connect(from_file_, &QPushButton::clicked, this, &VersionsDialog::ChooseFile);
  connect(amend_, &QPushButton::clicked, this, &VersionsDialog::Amend);
  connect(close, &QPushButton::clicked, this, &QDialog::reject);
  connect(text_, &QPlainTextEdit::textChanged, this, [this] {
    // Pasted text replaces a chosen file.
    if (!text_->document()->isEmpty()) {
      file_.clear();
      file_label_->clear();
    }
    UpdateAmendButton();
  });
  connect(reason_, &QLineEdit::textChanged, this, &VersionsDialog::UpdateAmendButton);

  auto* compare_row = new QHBoxLayout;
  auto* from_label = new QLabel(tr("Compare &version"), this);
  from_label->setBuddy(from_);
  auto* to_label = new QLabel(tr("&with version"), this);
  to_label->setBuddy(to_);
  compare_row->addWidget(from_label);
  compare_row->addWidget(from_);
  compare_row->addWidget(to_label);
  compare_row->addWidget(to_);
  compare_row->addWidget(compare_);
  compare_row->addStretch(1);
  auto* amend_box = new QGroupBox(tr("Amend: a new version, the old ones kept"), this);
  auto* amend_layout = new QVBoxLayout(amend_box);
  amend_layout->addWidget(text_);
  auto* file_row = new QHBoxLayout;
  file_row->addWidget(from_file_);
  file_row->addWidget(file_label_, 1);
  amend_layout->addLayout(file_row);
  auto* reason_form = new QFormLayout;
  auto* reason_label = new QLabel(tr("&Reason (required):"), this);
  reason_label->setBuddy(reason_);
  reason_form->addRow(reason_label, reason_);
  amend_layout->addLayout(reason_form);
  amend_layout->addWidget(amend_, 0, Qt::AlignRight);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(problem_);
  layout->addWidget(versions_, 1);
  layout->addLayout(compare_row);
  layout->addWidget(diff_, 2);
  layout->addWidget(amend_box, 1);
  layout->addWidget(close, 0, Qt::AlignRight);
  problem_->hide();
  UpdateAmendButton();
  LoadVersions();
  resize(820, 700);
}

void VersionsDialog::SetProblem(const QString& text) {
  problem_->setText(text);
  problem_->setVisible(!text.isEmpty());
}

void VersionsDialog::LoadVersions() {
  Result<std::vector<TestimonyVersionInfo>> history = vault_.TestimonyHistory(id_);
  if (!history.ok()) return SetProblem(ErrorWords(history.error()));
  versions_->setRowCount(static_cast<int>(history->size()));
  from_->clear();
  to_->clear();
  int row = 0;
  for (const TestimonyVersionInfo& v : *history) {
    const QString cells[] = {QString::number(v.version), DayUtc(v.created_at_unix_s),
                             QString::number(v.size_bytes), QString::fromStdString(ToHex(v.sha256)),
                             PlainToQString(v.reason)};
    for (int column = 0; column < 5; ++column) {
      versions_->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    ++row;
    from_->addItem(QString::number(v.version), v.version);
    to_->addItem(QString::number(v.version), v.version);
  }
  versions_->resizeColumnsToContents();
  // The last change: the version before the latest against the latest.
  from_->setCurrentIndex(std::max(0, from_->count() - 2));
  to_->setCurrentIndex(to_->count() - 1);
  compare_->setEnabled(from_->count() > 1);
}

void VersionsDialog::Compare() {
  SetProblem(QString());
  diff_->clear();
  Result<PlainBytes> before = StatementOf(vault_, id_, from_->currentData().toUInt());
  if (!before.ok()) return SetProblem(ErrorWords(before.error()));
  Result<PlainBytes> after = StatementOf(vault_, id_, to_->currentData().toUInt());
  if (!after.ok()) return SetProblem(ErrorWords(after.error()));
  Result<std::vector<DiffLine>> diff = DiffLines(AsText(*before), AsText(*after));
  if (!diff.ok()) return SetProblem(ErrorWords(diff.error()));
  diff_->ShowDiff(*diff);
}

void VersionsDialog::ChooseFile() {
  const QString chosen = ChooseStatementFile(this);
  if (chosen.isEmpty()) return;
  text_->setPlainText(QString());
  file_ = std::filesystem::path(chosen.toStdString());
  file_label_->setText(UntrustedToQString(file_.string()));
  UpdateAmendButton();
}

void VersionsDialog::UpdateAmendButton() {
  amend_->setEnabled(!reason_->text().trimmed().isEmpty() &&
                     (!file_.empty() || !text_->document()->isEmpty()));
}

void VersionsDialog::Amend() {
  SetProblem(QString());
  StatementSource source;
  if (!file_.empty()) {
    source = StatementFromFile(file_);
  } else {
    source = [text = text_->toPlainText()]() -> Result<PlainBytes> {
      const PlainString utf8 = QStringToPlain(text);
      return PlainBytes(utf8.begin(), utf8.end());
    };
  }
  Result<uint32_t> version = vault_.AmendTestimony(id_, source, QStringToPlain(reason_->text()), {});
  if (!version.ok()) return SetProblem(ErrorWords(version.error()));
  text_->setPlainText(QString());
  reason_->setText(QString());
  file_.clear();
  file_label_->clear();
  LoadVersions();
  Compare();
  if (on_amended) on_amended();
}

}  // namespace tvault::gui
