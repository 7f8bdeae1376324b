#include "receive_dialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "new_case_dialog.h"
#include "progress_bar.h"
#include "qt_text.h"
#include "vault_holder.h"
#include "widgets.h"

namespace tvault::gui {
namespace {

QString Ids(const std::vector<std::string>& ids) {
  QStringList out;
  for (const std::string& id : ids) out << UntrustedToQString(id);
  return out.join(QStringLiteral(", "));
}

// The peer that holds `key`, with the key id minisign prints.
QString SignerWords(Vault& vault, const BundleSummary& s) {
  Result<std::vector<Peer>> peers = vault.ListPeers();
  if (peers.ok()) {
    for (const Peer& p : *peers) {
      if (p.minisign_public_key == s.signer_key) {
        return ReceiveDialog::tr("%1 (signing key %2)")
            .arg(UntrustedToQString(p.name), QString::fromStdString(p.minisign_key_id));
      }
    }
  }
  return ReceiveDialog::tr("%1 (signing key %2)")
      .arg(UntrustedToQString(s.signer_peer), UntrustedToQString(s.signer_key));
}

// A time for a person, in UTC.
QString UtcWords(int64_t unix_s) {
  return QDateTime::fromSecsSinceEpoch(unix_s, Qt::UTC)
      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

}  // namespace

QString BundleSummaryWords(const BundleSummary& s, const QString& signer) {
  QStringList lines;
  lines << ReceiveDialog::tr("Every check passed: the bundle is complete, unchanged and signed.");
  lines << ReceiveDialog::tr("Signed by: %1").arg(signer);
  lines << ReceiveDialog::tr("The sender's name in the bundle: %1")
               .arg(UntrustedToQString(s.exporter_name));
  lines << ReceiveDialog::tr("For: %1 (opened with this vault's key %2)")
               .arg(Ids(s.recipient_fingerprints), UntrustedToQString(s.decrypted_by));
  lines << ReceiveDialog::tr("Made: %1").arg(UtcWords(s.created_at_unix_s));
  lines << ReceiveDialog::tr("Reason: %1").arg(UntrustedToQString(s.reason));
  lines << ReceiveDialog::tr("Holds: %n testimony(ies) (%1), ", nullptr,
                             static_cast<int>(s.records.size()))
                   .arg(Ids(s.records)) +
               ReceiveDialog::tr("%n version(s), ", nullptr, static_cast<int>(s.versions)) +
               ReceiveDialog::tr("%n evidence file(s)", nullptr, static_cast<int>(s.evidence));
  if (s.contacts > 0) {
    lines << ReceiveDialog::tr("It carries the contact details of %n witness(es).", nullptr,
                               static_cast<int>(s.contacts));
  }
  if (s.records_without_custody == s.records.size()) {
    lines << ReceiveDialog::tr("Custody: no custody claim (the sender sent no audit excerpt).");
  } else {
    QString custody = ReceiveDialog::tr("Custody verified: %n event(s) found in the sender's "
                                        "signed audit log",
                                        nullptr, static_cast<int>(s.custody_events_verified));
    if (s.records_without_custody > 0) {
      custody += ReceiveDialog::tr("; no custody claim for %n testimony(ies)", nullptr,
                                   static_cast<int>(s.records_without_custody));
    }
    lines << custody + QLatin1Char('.');
  }
  for (const BundleRedaction& r : s.redactions) {
    QString line = ReceiveDialog::tr("Redacted: %1 version %2 through %3, %4 of %5 words hidden; ")
                       .arg(UntrustedToQString(r.testimony_id))
                       .arg(r.version)
                       .arg(UntrustedToQString(r.redaction_id))
                       .arg(r.hidden_tokens)
                       .arg(r.token_count);
    if (!r.logged) {
      line += ReceiveDialog::tr("the proof holds but ties the text to no original.");
    } else if (r.commitment_at_intake) {
      line += ReceiveDialog::tr("the rest is the text the sender's log sealed when the version "
                                "was made.");
    } else {
      line += ReceiveDialog::tr("the rest is the text the sender's log sealed later than the "
                                "version was made (a weaker proof).");
    }
    lines << line;
  }
  for (const BundleTimestamp& t : s.timestamps) {
    const QString when = UtcWords(t.time_unix_s);
    lines << (t.authority_checked
                  ? ReceiveDialog::tr("Time-stamp: the sender's log existed at %1, signed by %2.")
                  : ReceiveDialog::tr("Time-stamp: the sender's log existed at %1, stated by %2 "
                                      "(the authority was not checked).")
              ).arg(when, UntrustedToQString(t.tsa));
  }
  for (const BundleVersionTime& v : s.existed_by) {
    // The window has no CA to check an authority against: a time is what
    // the token says, and the line says so.
    lines << (!v.existed_by_unix_s ? ReceiveDialog::tr("%1 version %2: no time-stamp covers it.")
                                         .arg(UntrustedToQString(v.testimony_id))
                                         .arg(v.version)
              : v.authority_checked
                  ? ReceiveDialog::tr("%1 version %2 existed by %3.")
                        .arg(UntrustedToQString(v.testimony_id))
                        .arg(v.version)
                        .arg(UtcWords(*v.existed_by_unix_s))
                  : ReceiveDialog::tr("%1 version %2 existed by %3, as the time-stamp states "
                                      "(the authority was not checked).")
                        .arg(UntrustedToQString(v.testimony_id))
                        .arg(v.version)
                        .arg(UtcWords(*v.existed_by_unix_s)));
  }
  return lines.join(QLatin1Char('\n'));
}

ReceiveDialog::ReceiveDialog(VaultHolder& vaults, std::filesystem::path file, QWidget* parent)
    : QDialog(parent), vaults_(vaults), file_(std::move(file)) {
  setObjectName(QStringLiteral("receiveDialog"));
  setWindowTitle(tr("Receive a bundle"));
  setProperty(kFormNameProperty, tr("Receive a bundle"));
  setAttribute(Qt::WA_DeleteOnClose);
  setWindowModality(Qt::WindowModal);
  auto* file_label = ValueLabel("bundleFile", tr("Bundle file"), this);
  file_label->setText(tr("Bundle: %1").arg(UntrustedToQString(file_.string())));
  status_ = ValueLabel("bundleStatus", tr("Status"), this);
  progress_ = new WorkProgressBar("bundleProgress", tr("Progress"), this);
  summary_ = ValueLabel("bundleSummary", tr("What the bundle is"), this);
  failure_ = ValueLabel("bundleFailure", tr("Why the bundle was refused"), this);
  failure_->setStyleSheet(QStringLiteral("QLabel { color: #a00000; font-weight: bold; }"));
  import_ = Button(tr("&Import"), "importBundleButton", this);
  close_ = Button(tr("&Close"), "closeBundleButton", this);
  import_->setEnabled(false);
  connect(import_, &QPushButton::clicked, this, &ReceiveDialog::Import);
  connect(close_, &QPushButton::clicked, this, &ReceiveDialog::reject);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(import_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(file_label);
  layout->addWidget(status_);
  layout->addWidget(progress_);
  layout->addWidget(failure_);
  layout->addWidget(summary_, 1);
  layout->addLayout(buttons);
  failure_->hide();
  resize(640, 420);
}

void ReceiveDialog::reject() {
  // A running call holds the Vault: the window must not use it meanwhile.
  // A lock closes the Vault first, and then closes this.
  if (vaults_.busy() && vaults_.get() != nullptr) return;
  QDialog::reject();
}

void ReceiveDialog::Working(const QString& what) {
  status_->setText(what);
  import_->setEnabled(false);
  close_->setEnabled(false);
  failure_->hide();
}

void ReceiveDialog::Finished() {
  progress_->Stop();
  close_->setEnabled(true);
}

void ReceiveDialog::Verify() {
  Working(tr("Checking the bundle…"));
  Progress progress = SharedProgress::Into(progress_->Watch());
  QPointer<ReceiveDialog> self(this);
  const bool started = vaults_.Run<BundleSummary>(
      [file = file_, progress](Vault& v) { return v.VerifyBundle(file, {}, progress); },
      [self](Result<BundleSummary> r) {
        if (self.isNull()) return;
        self->Finished();
        if (!r.ok()) return self->Fail(r.error());
        self->ShowSummary(*r);
        self->import_->setEnabled(true);
        self->import_->setFocus();
      });
  if (!started) {
    Finished();
    status_->setText(tr("The vault is busy with another task. Close this and try again."));
  }
}

void ReceiveDialog::Import() {
  Working(tr("Importing the bundle…"));
  Progress progress = SharedProgress::Into(progress_->Watch());
  QPointer<ReceiveDialog> self(this);
  vaults_.Run<ImportResult>(
      [file = file_, progress](Vault& v) { return v.ImportBundle(file, {}, progress); },
      [self](Result<ImportResult> r) {
        if (self.isNull()) return;
        self->Finished();
        if (!r.ok()) return self->Fail(r.error());
        self->ShowSummary(r->bundle);
        QStringList ids;
        for (const auto& [theirs, ours] : r->testimonies) ids << QString::fromStdString(ours);
        self->status_->setText(
            r->already_imported
                ? tr("This bundle was imported before: nothing was added.")
                : tr("Imported as %n new testimony(ies): %1.", nullptr,
                     static_cast<int>(ids.size()))
                      .arg(ids.join(QStringLiteral(", "))));
        if (self->on_imported) self->on_imported();
      });
}

void ReceiveDialog::ShowSummary(const BundleSummary& summary) {
  status_->setText(tr("The bundle verified."));
  Vault* vault = vaults_.get();
  if (vault == nullptr) return;
  summary_->setText(BundleSummaryWords(summary, SignerWords(*vault, summary)));
}

void ReceiveDialog::Fail(const Error& error) {
  status_->setText(tr("The bundle was refused. Nothing was stored."));
  summary_->clear();
  failure_->setText(ErrorWords(error));
  failure_->show();
}

}  // namespace tvault::gui
