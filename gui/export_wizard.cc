#include "export_wizard.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QWizardPage>

#include "dialogs.h"
#include "new_case_dialog.h"
#include "progress_bar.h"
#include "qt_text.h"
#include "vault/text.h"
#include "vault_holder.h"
#include "widgets.h"

namespace tvault::gui {
namespace {

enum PageId { kRecordsPage, kRecipientsPage, kPurposePage, kFilePage, kResultPage };

QLabel* RedLabel(const char* object_name, const QString& accessible, QWidget* parent) {
  QLabel* label = ValueLabel(object_name, accessible, parent);
  label->setStyleSheet(QStringLiteral("QLabel { color: #a00000; font-weight: bold; }"));
  return label;
}

// Which records: the chosen testimony, every testimony of a case, or all.
class RecordsPage : public QWizardPage {
 public:
  RecordsPage(Vault& vault, const std::string& testimony_id, const std::string& case_id,
              ExportRequest& request)
      : request_(request), testimony_id_(testimony_id) {
    setTitle(ExportWizard::tr("Which testimonies"));
    chosen_ = Named(new QRadioButton(this), "exportChosenTestimony",
                    ExportWizard::tr("The chosen testimony"));
    chosen_->setText(testimony_id.empty()
                         ? ExportWizard::tr("The chosen testimony (none is chosen)")
                         : ExportWizard::tr("The chosen testimony, %1")
                               .arg(QString::fromStdString(testimony_id)));
    chosen_->setEnabled(!testimony_id.empty());
    whole_case_ = Named(new QRadioButton(ExportWizard::tr("Every testimony of the &case"), this),
                        "exportWholeCase", ExportWizard::tr("Every testimony of the case"));
    cases_ = Named(new QComboBox(this), "exportCase", ExportWizard::tr("Case"));
    all_ = Named(new QRadioButton(ExportWizard::tr("Every testimony in the &vault"), this),
                 "exportAll", ExportWizard::tr("Every testimony in the vault"));
    auto* group = new QButtonGroup(this);
    for (QRadioButton* b : {chosen_, whole_case_, all_}) group->addButton(b);
    if (Result<std::vector<CaseSummary>> list = vault.ListCases(); list.ok()) {
      for (const CaseSummary& c : *list) {
        cases_->addItem(QStringLiteral("%1  %2").arg(QString::fromStdString(c.id),
                                                     PlainToQString(c.title)),
                        QString::fromStdString(c.id));
        if (c.id == case_id) cases_->setCurrentIndex(cases_->count() - 1);
      }
    }
    whole_case_->setEnabled(cases_->count() > 0);
    (!testimony_id.empty() ? chosen_ : !case_id.empty() ? whole_case_ : all_)->setChecked(true);
    cases_->setEnabled(whole_case_->isChecked());
    connect(whole_case_, &QRadioButton::toggled, cases_, &QWidget::setEnabled);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(chosen_);
    layout->addWidget(whole_case_);
    layout->addWidget(cases_);
    layout->addWidget(all_);
    layout->addStretch(1);
  }

  bool validatePage() override {
    ExportRequest& r = request_;
    r.testimonies.clear();
    r.case_id.clear();
    r.all = all_->isChecked();
    if (chosen_->isChecked()) r.testimonies = {testimony_id_};
    if (whole_case_->isChecked()) r.case_id = cases_->currentData().toString().toStdString();
    return true;
  }

 private:
  ExportRequest& request_;
  const std::string testimony_id_;
  QRadioButton* chosen_;
  QRadioButton* whole_case_;
  QComboBox* cases_;
  QRadioButton* all_;
};

// To whom: one box per peer with an age key.
class RecipientsPage : public QWizardPage {
 public:
  RecipientsPage(Vault& vault, ExportRequest& request) : request_(request) {
    setTitle(ExportWizard::tr("Who receives it"));
    setSubTitle(ExportWizard::tr("The bundle is sealed to each peer you tick: only they can "
                                 "open it."));
    auto* layout = new QVBoxLayout(this);
    Result<std::vector<Peer>> peers = vault.ListPeers();
    if (peers.ok()) {
      for (Peer& p : *peers) {
        if (p.age_recipient.empty()) continue;
        auto* box = Named(new QCheckBox(this),
                          ("exportRecipient" + std::to_string(boxes_.size())).c_str(),
                          UntrustedToQString(p.name));
        box->setText(ExportWizard::tr("%1 (key %2)")
                         .arg(UntrustedToQString(p.name),
                              QString::fromStdString(p.recipient_fingerprint)));
        connect(box, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
        layout->addWidget(box);
        boxes_.push_back({box, std::move(p.name)});
      }
    }
    auto* none = ValueLabel("noRecipients", ExportWizard::tr("No recipients"), this);
    none->setText(
        peers.ok() ? ExportWizard::tr(
                         "None of your peers has an age key, so there is nobody to seal a "
                         "bundle to. Ask the recipient for their age recipient (age1…), compare "
                         "it with them, and add it to a peer; until the window can add peers: "
                         "tvault peer add NAME --age-recipient age1… in a terminal.")
                   : ErrorWords(peers.error()));
    none->setVisible(boxes_.empty());
    layout->addWidget(none);
    layout->addStretch(1);
  }

  bool isComplete() const override {
    for (const auto& [box, name] : boxes_) {
      if (box->isChecked()) return true;
    }
    return false;
  }

  bool validatePage() override {
    request_.to.clear();
    for (const auto& [box, name] : boxes_) {
      if (box->isChecked()) request_.to.push_back(name);
    }
    return true;
  }

 private:
  ExportRequest& request_;
  std::vector<std::pair<QCheckBox*, PlainString>> boxes_;
};

// What for and why, and the contact details only when asked for twice.
class PurposePage : public QWizardPage {
 public:
  explicit PurposePage(ExportRequest& request) : request_(request) {
    setTitle(ExportWizard::tr("What for, and why"));
    purpose_ = Named(new QComboBox(this), "exportPurpose", ExportWizard::tr("Purpose"));
    for (const char* scope : {"court", "ngo", "press", "public", "research"}) {
      purpose_->addItem(QString::fromLatin1(scope), QString::fromLatin1(scope));
    }
    reason_ = LineEdit("exportReason", ExportWizard::tr("Reason"), this);
    reason_->setPlaceholderText(ExportWizard::tr("Why these records leave the vault (signed "
                                                 "and logged)"));
    contacts_ = Named(new QCheckBox(ExportWizard::tr("Include the witnesses' &contact details"),
                                    this),
                      "exportWithContacts", ExportWizard::tr("Include contact details"));
    warning_ = RedLabel("contactsWarning", ExportWizard::tr("Warning"), this);
    warning_->setText(ExportWizard::tr(
        "The bundle will carry names, phone numbers, addresses and relatives of the witnesses. "
        "Anyone who opens it, or takes it from a recipient, learns where to find them."));
    confirm_ = Named(new QCheckBox(ExportWizard::tr("Yes, I have checked that every recipient "
                                                    "may have the contact details"),
                                   this),
                     "confirmContacts", ExportWizard::tr("Confirm contact details"));
    warning_->hide();
    confirm_->hide();
    connect(contacts_, &QCheckBox::toggled, this, [this](bool on) {
      warning_->setVisible(on);
      confirm_->setVisible(on);
      if (!on) confirm_->setChecked(false);
      Q_EMIT completeChanged();
    });
    connect(confirm_, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(reason_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    auto* form = new QFormLayout;
    auto* purpose_label = new QLabel(ExportWizard::tr("&Purpose (checked against consent):"), this);
    purpose_label->setBuddy(purpose_);
    auto* reason_label = new QLabel(ExportWizard::tr("&Reason:"), this);
    reason_label->setBuddy(reason_);
    form->addRow(purpose_label, purpose_);
    form->addRow(reason_label, reason_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(contacts_);
    layout->addWidget(warning_);
    layout->addWidget(confirm_);
    layout->addStretch(1);
  }

  bool isComplete() const override {
    return !reason_->text().trimmed().isEmpty() &&
           (!contacts_->isChecked() || confirm_->isChecked());
  }

  bool validatePage() override {
    ExportRequest& r = request_;
    Result<ConsentScope> purpose =
        ParseConsentScope(purpose_->currentData().toString().toStdString());
    if (!purpose.ok()) return false;
    r.purpose = *purpose;
    r.reason = QStringToPlain(reason_->text());
    r.with_contacts = contacts_->isChecked() && confirm_->isChecked();
    return true;
  }

 private:
  ExportRequest& request_;
  QComboBox* purpose_;
  QLineEdit* reason_;
  QCheckBox* contacts_;
  QLabel* warning_;
  QCheckBox* confirm_;
};

// Where: a new file; an existing one is refused.
class FilePage : public QWizardPage {
 public:
  explicit FilePage(ExportRequest& request) : request_(request) {
    setTitle(ExportWizard::tr("Where to save the bundle"));
    setButtonText(QWizard::NextButton, ExportWizard::tr("&Export"));
    file_ = LineEdit("exportFile", ExportWizard::tr("Bundle file"), this);
    auto* choose = Button(ExportWizard::tr("C&hoose…"), "chooseExportFile", this);
    problem_ = RedLabel("exportFileProblem", ExportWizard::tr("File problem"), this);
    connect(choose, &QPushButton::clicked, this, [this] {
      const QString chosen = ChooseBundleToSave(this, file_->text());
      if (!chosen.isEmpty()) file_->setText(chosen);
    });
    connect(file_, &QLineEdit::textChanged, this, [this] {
      problem_->clear();
      Q_EMIT completeChanged();
    });
    auto* label = new QLabel(ExportWizard::tr("&File:"), this);
    label->setBuddy(file_);
    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(file_, 1);
    row->addWidget(choose);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(problem_);
    layout->addStretch(1);
  }

  bool isComplete() const override { return !file_->text().trimmed().isEmpty(); }

  bool validatePage() override {
    std::filesystem::path out(file_->text().toStdString());
    if (out.extension().empty()) out += ".tvb";
    // As the CLI: an existing file is never replaced.
    if (Status free = CheckNewOutputFile(out); !free.ok()) {
      problem_->setText(ExportWizard::tr("%1. Choose another name; the window does not replace "
                                         "a file.")
                            .arg(ErrorWords(free.error())));
      return false;
    }
    request_.out = out;
    return true;
  }

 private:
  ExportRequest& request_;
  QLineEdit* file_;
  QLabel* problem_;
};

// The export on a worker, then what it made.
class ResultPage : public QWizardPage {
 public:
  ResultPage(VaultHolder& vaults, ExportRequest& request) : vaults_(vaults), request_(request) {
    setTitle(ExportWizard::tr("Export"));
    status_ = ValueLabel("exportStatus", ExportWizard::tr("Status"), this);
    progress_ = new WorkProgressBar("exportProgress", ExportWizard::tr("Progress"), this);
    result_ = ValueLabel("exportResult", ExportWizard::tr("What was exported"), this);
    failure_ = RedLabel("exportFailure", ExportWizard::tr("Why the export failed"), this);
    show_ = Button(ExportWizard::tr("&Show in folder"), "showInFolder", this);
    show_->hide();
    connect(show_, &QPushButton::clicked, this, [this] {
      QDesktopServices::openUrl(QUrl::fromLocalFile(
          QString::fromStdString(request_.out.parent_path().string())));
    });
    auto* layout = new QVBoxLayout(this);
    for (QWidget* w : std::initializer_list<QWidget*>{status_, progress_, failure_, result_}) {
      layout->addWidget(w);
    }
    layout->addWidget(show_, 0, Qt::AlignLeft);
    layout->addStretch(1);
  }

  void initializePage() override {
    done_ = false;
    failure_->hide();
    status_->setText(ExportWizard::tr("Exporting…"));
    request_.progress = SharedProgress::Into(progress_->Watch());
    QPointer<ResultPage> self(this);
    const bool started = vaults_.Run<ExportResult>(
        [request = request_](Vault& v) { return v.Export(request); },
        [self](Result<ExportResult> r) {
          if (!self.isNull()) self->Finished(r);
        });
    if (!started) progress_->Stop();
  }

  bool isComplete() const override { return done_; }

 private:
  void Finished(const Result<ExportResult>& r) {
    progress_->Stop();
    done_ = true;
    Q_EMIT completeChanged();
    if (!r.ok()) {
      status_->setText(ExportWizard::tr("Nothing was exported; no file was written."));
      failure_->setText(ErrorWords(r.error()));
      failure_->show();
      return;
    }
    status_->setText(ExportWizard::tr("The bundle is ready: %1")
                         .arg(UntrustedToQString(request_.out.string())));
    QStringList lines;
    lines << ExportWizard::tr("Bundle: %1").arg(QString::fromStdString(r->bundle_id));
    lines << ExportWizard::tr("SHA-256: %1").arg(QString::fromStdString(ToHex(r->bundle_sha256)));
    lines << ExportWizard::tr("%n testimony(ies), ", nullptr, static_cast<int>(r->records)) +
                 ExportWizard::tr("%n version(s), ", nullptr, static_cast<int>(r->versions)) +
                 ExportWizard::tr("%n contact file(s), ", nullptr, static_cast<int>(r->contacts)) +
                 ExportWizard::tr("%n evidence file(s)", nullptr, static_cast<int>(r->evidence));
    lines << ExportWizard::tr("Sealed to these keys; compare each with its recipient:");
    for (const std::string& fp : r->recipient_fingerprints) {
      lines << QStringLiteral("  ") + QString::fromStdString(fp);
    }
    result_->setText(lines.join(QLatin1Char('\n')));
    show_->show();
  }

  VaultHolder& vaults_;
  ExportRequest& request_;
  QLabel* status_;
  WorkProgressBar* progress_;
  QLabel* result_;
  QLabel* failure_;
  QPushButton* show_;
  bool done_ = false;
};

}  // namespace

ExportWizard::ExportWizard(VaultHolder& vaults, const std::string& testimony_id,
                           const std::string& case_id, QWidget* parent)
    : QWizard(parent), vaults_(vaults) {
  setObjectName(QStringLiteral("exportWizard"));
  setWindowTitle(tr("Export"));
  setProperty(kFormNameProperty, tr("Export"));
  setAttribute(Qt::WA_DeleteOnClose);
  setWindowModality(Qt::WindowModal);
  setWizardStyle(QWizard::ClassicStyle);
  setOptions(QWizard::NoBackButtonOnLastPage | QWizard::NoCancelButtonOnLastPage);
  Vault& vault = *vaults.get();
  setPage(kRecordsPage, new RecordsPage(vault, testimony_id, case_id, request_));
  setPage(kRecipientsPage, new RecipientsPage(vault, request_));
  setPage(kPurposePage, new PurposePage(request_));
  setPage(kFilePage, new FilePage(request_));
  setPage(kResultPage, new ResultPage(vaults, request_));
  const std::pair<QWizard::WizardButton, const char*> names[] = {
      {QWizard::NextButton, "wizardNext"},
      {QWizard::BackButton, "wizardBack"},
      {QWizard::FinishButton, "wizardFinish"},
      {QWizard::CancelButton, "wizardCancel"}};
  for (const auto& [which, name] : names) {
    QAbstractButton* b = button(which);
    QString spoken = b->text();
    spoken.remove(QLatin1Char('&'));
    Named(b, name, spoken);
  }
  resize(640, 460);
}

void ExportWizard::reject() {
  // A running export holds the Vault; a lock closes the Vault first.
  if (vaults_.busy() && vaults_.get() != nullptr) return;
  QWizard::reject();
}

}  // namespace tvault::gui
