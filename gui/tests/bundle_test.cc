// The desktop's bundle dialogs through their real widgets (QtTest,
// offscreen platform): receiving a bundle (File > Open bundle… and a
// drop), its summary in plain words, a refusal in red with what to do,
// Import, and a lock while the check runs on its worker; exporting through
// the guided dialog, checked with the real age, minisign and sha256sum.
// Audit events are compared with those the real tvault leaves.
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDropEvent>
#include <QLineEdit>
#include <QLabel>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QAbstractButton>
#include <QProcess>
#include <QPushButton>
#include <QSemaphore>
#include <QStackedWidget>
#include <QTest>
#include <QRadioButton>
#include <QTableView>
#include <QUrl>
#include <QWizard>
#include <filesystem>
#include <memory>

#include "dialogs.h"
#include "main_window.h"
#include "receive_dialog.h"
#include "record_table_model.h"
#include "vault/vault.h"
#include "vault_holder.h"
#include "window_driver.h"

using namespace tvault;
using tvault::gui::DesktopOptions;
using tvault::gui::MainWindow;
using tvault::gui::testing::Find;
using tvault::gui::testing::Must;
using tvault::gui::testing::Text;
using tvault::gui::testing::Type;

namespace {

constexpr char kPassphrase[] = "quilt mangle orbit pastry fennel swoop";
constexpr char kReason[] = "For the hearing of 12 January";

Vault OpenVault(const std::filesystem::path& dir) {
  return gui::testing::OpenTestVault(dir, kPassphrase);
}

std::string AddTestimony(Vault& v, const std::string& witness, const std::string& title,
                         const std::string& text) {
  TestimonyMetadata m;
  m.title = Text(title);
  m.taken_at = Text("2024-05-02");
  StatementSource source = [text]() -> Result<PlainBytes> {
    return PlainBytes(text.begin(), text.end());
  };
  auto added = Must(v.AddTestimonies(witness, m, std::span<const StatementSource>(&source, 1)));
  return added.at(0).id;
}

IdentityInfo IdentityOf(const std::filesystem::path& dir) { return Must(OpenVault(dir).Identity()); }

// A bundle from the vault `sender` to the vault `receiver`, made through
// the library, holding one testimony.
std::filesystem::path SendBundle(const std::filesystem::path& sender,
                                 const std::filesystem::path& receiver) {
  const IdentityInfo to = IdentityOf(receiver);
  Vault v = OpenVault(sender);
  Status added = v.AddPeer(Text("Receiver"), to.age_recipient, to.minisign_public_key);
  if (!added.ok()) qFatal("peer: %s", added.error().message.c_str());
  WitnessDetails w;
  w.name = Text("Dilnur");
  const std::string witness = Must(v.AddWitness(w));
  ExportRequest req;
  req.to = {Text("Receiver")};
  req.testimonies = {AddTestimony(v, witness, "Night arrest", "They came at night.")};
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;
  req.reason = Text(kReason);
  req.out = sender.parent_path() / "from-sender.tvb";
  (void)Must(v.Export(req));
  return req.out;
}

// The receiver accepts the sender's signing key.
void TrustSender(const std::filesystem::path& receiver, const std::filesystem::path& sender) {
  const IdentityInfo from = IdentityOf(sender);
  Vault v = OpenVault(receiver);
  Status added = v.AddPeer(Text("Sender Lawyer"), "", from.minisign_public_key);
  if (!added.ok()) qFatal("peer: %s", added.error().message.c_str());
}

// The real tvault on `dir`, with the test's passphrase in a file.
QProcess::ExitStatus RunCli(const std::filesystem::path& dir, const QStringList& args,
                            int* exit_code, QByteArray* out = nullptr) {
  const std::filesystem::path pass_file = dir.parent_path() / "pass.txt";
  {
    QFile f(QString::fromStdString(pass_file.string()));
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write the passphrase file");
    f.write(kPassphrase);
  }
  QProcess cli;
  cli.start(QStringLiteral(TVAULT_BIN),
            QStringList{QStringLiteral("--vault"), QString::fromStdString(dir.string()),
                        QStringLiteral("--passphrase-file"),
                        QString::fromStdString(pass_file.string())} +
                args);
  if (!cli.waitForFinished(120000)) qFatal("tvault did not finish");
  std::filesystem::remove(pass_file);
  *exit_code = cli.exitCode();
  if (out != nullptr) *out = cli.readAllStandardOutput() + cli.readAllStandardError();
  return cli.exitStatus();
}

// The audit events from `first_seq` on, as (action, object id, digests),
// but for the lists and views the window logs as it shows the vault (the
// CLI logs the same for its list and show commands).
struct Event {
  std::string action, object_id;
  std::vector<std::string> digests, refs;
  bool operator==(const Event&) const = default;
};
std::vector<Event> EventsFrom(const std::filesystem::path& dir, uint64_t first_seq) {
  std::vector<Event> out;
  for (AuditEvent& e : Must(OpenVault(dir).AuditLog(AuditFilter{}))) {
    if (e.seq < first_seq || e.action.ends_with(".list") || e.action.ends_with(".view")) continue;
    out.push_back({e.action, e.object_id, e.digests, e.refs});
  }
  return out;
}

uint64_t NextSeq(const std::filesystem::path& dir) {
  const std::vector<AuditEvent> log = Must(OpenVault(dir).AuditLog(AuditFilter{}));
  return log.empty() ? 1 : log.back().seq + 1;
}

// A shell command's exit code, its output in `out`.
int Shell(const QString& command, QByteArray* out = nullptr) {
  QProcess sh;
  sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
  if (!sh.waitForFinished(120000)) qFatal("shell command did not finish");
  if (out != nullptr) *out = sh.readAllStandardOutput() + sh.readAllStandardError();
  return sh.exitStatus() == QProcess::NormalExit ? sh.exitCode() : -1;
}

QString Quote(const std::filesystem::path& p) {
  QString s = QString::fromStdString(p.string());
  s.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
  return QLatin1Char('\'') + s + QLatin1Char('\'');
}

QDialog* OpenDialog(const char* name) {
  for (QWidget* w : QApplication::topLevelWidgets()) {
    if (w->objectName() == QLatin1String(name) && w->isVisible()) return qobject_cast<QDialog*>(w);
  }
  return nullptr;
}

// What the export tests need in the window's vault: a witness with a
// phone number whose testimony's consent covers court, a peer with an age
// key made by the real age-keygen, and one with a signing key only.
struct ExportSetup {
  std::string testimony, recipient_fingerprint;
  std::filesystem::path age_key;
};

ExportSetup PrepareExport(const std::filesystem::path& dir, bool consent) {
  ExportSetup setup;
  setup.age_key = dir.parent_path() / "journalist.txt";
  QByteArray out;
  if (Shell(QStringLiteral("/usr/bin/age-keygen -o ") + Quote(setup.age_key) +
                QStringLiteral(" 2>/dev/null && /usr/bin/age-keygen -y ") + Quote(setup.age_key),
            &out) != 0) {
    qFatal("age-keygen failed: %s", out.constData());
  }
  const std::string recipient = out.trimmed().toStdString();
  Vault v = OpenVault(dir);
  WitnessDetails w;
  w.name = Text("Anna");
  w.phone = Text("+00 555 0101");
  const std::string witness = Must(v.AddWitness(w));
  setup.testimony = AddTestimony(v, witness, "Street arrest", "On 2 May the police came.");
  if (consent) {
    NewConsent c;
    c.scopes = static_cast<ConsentScopes>(ConsentScope::kCourt);
    (void)Must(v.RecordConsent(witness, c));
  }
  Status added = v.AddPeer(Text("Journalist"), recipient, "");
  if (!added.ok()) qFatal("peer: %s", added.error().message.c_str());
  for (const Peer& p : Must(v.ListPeers())) setup.recipient_fingerprint = p.recipient_fingerprint;
  return setup;
}

void ClickNext(QWizard* wizard) {
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardNext"), Qt::LeftButton);
}

// The pages up to the file, as a person fills them: the chosen testimony,
// the first recipient, court, `reason`, the contact details if asked (both
// boxes), `file` typed in.
void FillExport(QWizard* wizard, const QString& reason, const std::filesystem::path& file,
                bool with_contacts) {
  QVERIFY(Find<QRadioButton>(wizard, "exportChosenTestimony")->isChecked());
  ClickNext(wizard);
  QCOMPARE(wizard->currentId(), 1);
  auto* next = Find<QPushButton>(wizard, "wizardNext");
  QVERIFY(!next->isEnabled());
  QTest::mouseClick(Find<QCheckBox>(wizard, "exportRecipient0"), Qt::LeftButton,
                    Qt::NoModifier, QPoint(5, 5));
  QVERIFY(next->isEnabled());
  ClickNext(wizard);
  QCOMPARE(wizard->currentId(), 2);
  QVERIFY(!next->isEnabled());
  QTest::keyClicks(Find<QLineEdit>(wizard, "exportReason"), reason);
  QVERIFY(next->isEnabled());
  if (with_contacts) {
    QTest::mouseClick(Find<QCheckBox>(wizard, "exportWithContacts"), Qt::LeftButton,
                      Qt::NoModifier, QPoint(5, 5));
    QVERIFY(Find<QLabel>(wizard, "contactsWarning")->isVisible());
    QVERIFY(!next->isEnabled());
    QTest::mouseClick(Find<QCheckBox>(wizard, "confirmContacts"), Qt::LeftButton,
                      Qt::NoModifier, QPoint(5, 5));
    QVERIFY(next->isEnabled());
  }
  ClickNext(wizard);
  QCOMPARE(wizard->currentId(), 3);
  auto* field = Find<QLineEdit>(wizard, "exportFile");
  field->clear();
  QTest::keyClicks(field, QString::fromStdString(file.string()));
}

}  // namespace

class BundleDialogTest : public QObject {
  Q_OBJECT

 private:
  std::filesystem::path home_;
  std::filesystem::path dir_;     // the window's vault
  std::filesystem::path sender_;  // another lawyer's vault
  int serial_ = 0;

  std::unique_ptr<MainWindow> UnlockedWindow() {
    DesktopOptions o;
    o.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
    o.idle_lock = std::chrono::hours(1);
    o.vault_dir = dir_;
    auto w = std::make_unique<MainWindow>(o);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
    Unlock(*w);
    if (!QTest::qWaitFor([&] { return w->unlocked(); }, 20000)) qFatal("no unlock");
    return w;
  }

  static void Unlock(MainWindow& w) {
    auto* field = Find<QLineEdit>(&w, "passphrase");
    field->setFocus();
    Type(field, QString::fromLatin1(kPassphrase));
    QTest::mouseClick(Find<QPushButton>(&w, "unlockButton"), Qt::LeftButton);
  }

  // File > Open bundle… (Ctrl+O), the file dialog answered with `file`.
  static QDialog* OpenBundleByMenu(MainWindow& w, const std::filesystem::path& file) {
    gui::SetNextChosenFile(QString::fromStdString(file.string()));
    QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier);
    QDialog* dialog = OpenDialog("receiveDialog");
    if (dialog == nullptr) qFatal("no receive dialog");
    return dialog;
  }

 private Q_SLOTS:
  void initTestCase() { home_ = qgetenv("HOME").toStdString(); }

  void init() {
    const std::filesystem::path base = home_ / ("t" + std::to_string(++serial_));
    dir_ = base / "mine";
    sender_ = base / "sender";
    std::filesystem::create_directories(base);
    gui::testing::MakeTestVault(dir_, kPassphrase, "Test Custodian");
    gui::testing::MakeTestVault(sender_, kPassphrase, "Sender Lawyer");
  }

  void cleanup() { gui::VaultHolder::SetWorkerGateForTesting({}); }

  QWizard* OpenExport(MainWindow& w, const std::string& testimony) {
    auto* table = Find<QTableView>(&w, "testimonyTable");
    auto* model = Find<gui::RecordTableModel>(&w, "testimonyModel");
    for (int row = 0; row < model->rowCount(); ++row) {
      if (model->IdAt(row) == testimony) table->setCurrentIndex(model->index(row, 0));
    }
    QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier);
    auto* wizard = qobject_cast<QWizard*>(OpenDialog("exportWizard"));
    if (wizard == nullptr) qFatal("no export wizard");
    return wizard;
  }

  // The guided export, with contacts (asked twice), an existing file
  // refused; the bundle checked with the real age, minisign and
  // sha256sum; the audit events those of `tvault export` on a copy.
  void ExportThroughTheWizard() {
    const ExportSetup setup = PrepareExport(dir_, true);
    TrustSender(dir_, sender_);  // a peer without an age key: not offered
    const IdentityInfo me = IdentityOf(dir_);
    const std::filesystem::path twin = dir_.parent_path() / "twin";
    std::filesystem::copy(dir_, twin, std::filesystem::copy_options::recursive);
    const uint64_t first = NextSeq(dir_);
    const std::filesystem::path existing = dir_.parent_path() / "existing.tvb";
    {
      QFile f(QString::fromStdString(existing.string()));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("an earlier bundle");
    }
    const std::filesystem::path bundle = dir_.parent_path() / "to-journalist.tvb";
    const QString reason = QStringLiteral("For the hearing of 12 January");

    auto w = UnlockedWindow();
    QWizard* wizard = OpenExport(*w, setup.testimony);
    QVERIFY(wizard->isModal());
    FillExport(wizard, reason, bundle, true);
    QVERIFY(wizard->findChild<QCheckBox*>(QStringLiteral("exportRecipient1")) == nullptr);
    // An existing file is refused, chosen through the (pre-answered) dialog.
    gui::SetNextChosenFile(QString::fromStdString(existing.string()));
    QTest::mouseClick(Find<QPushButton>(wizard, "chooseExportFile"), Qt::LeftButton);
    QCOMPARE(Find<QLineEdit>(wizard, "exportFile")->text(),
             QString::fromStdString(existing.string()));
    ClickNext(wizard);
    QCOMPARE(wizard->currentId(), 3);
    QVERIFY(Find<QLabel>(wizard, "exportFileProblem")->text().contains(
        QStringLiteral("the window does not replace a file")));
    auto* field = Find<QLineEdit>(wizard, "exportFile");
    field->clear();
    QTest::keyClicks(field, QString::fromStdString(bundle.string()));
    ClickNext(wizard);
    QCOMPARE(wizard->currentId(), 4);
    auto* result = Find<QLabel>(wizard, "exportResult");
    QTRY_VERIFY_WITH_TIMEOUT(!result->text().isEmpty(), 30000);
    const QString words = result->text();
    for (const QString& expected :
         {QStringLiteral("Bundle: B-"), QStringLiteral("1 testimony(ies), 1 version(s), "
                                                      "1 contact file(s), 0 evidence file(s)"),
          QStringLiteral("  ") + QString::fromStdString(setup.recipient_fingerprint)}) {
      QVERIFY2(words.contains(expected), qPrintable(words + QStringLiteral("\nlacks: ") + expected));
    }
    QVERIFY(Find<QPushButton>(wizard, "showInFolder")->isVisible());
    QVERIFY(!Find<QLabel>(wizard, "exportFailure")->isVisible());
    QTest::mouseClick(Find<QPushButton>(wizard, "wizardFinish"), Qt::LeftButton);
    QTRY_VERIFY(OpenDialog("exportWizard") == nullptr);
    w->close();

    // The real tools, as HOW_TO_VERIFY.txt tells the recipient.
    const std::filesystem::path out = dir_.parent_path() / "opened";
    std::filesystem::create_directories(out);
    QByteArray said;
    const int rc = Shell(
        QStringLiteral("cd %1 && /usr/bin/age -d -i %2 %3 | tar x && "
                       "/usr/bin/minisign -Vm SHA256SUMS -P %4 && /usr/bin/sha256sum -c SHA256SUMS")
            .arg(Quote(out), Quote(setup.age_key), Quote(bundle),
                 QString::fromStdString(me.minisign_public_key)),
        &said);
    QVERIFY2(rc == 0, said.constData());
    QVERIFY(said.contains("Signature and comment signature verified"));
    QVERIFY(said.contains("manifest.json: OK"));
    QVERIFY(!said.contains("FAILED"));

    int cli_rc = -1;
    QByteArray cli_said;
    RunCli(twin,
           {QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("Journalist"),
            QStringLiteral("--testimony"), QString::fromStdString(setup.testimony),
            QStringLiteral("--with-contacts"), QStringLiteral("--purpose"), QStringLiteral("court"),
            QStringLiteral("--reason"), reason, QStringLiteral("--out"),
            QString::fromStdString((twin.parent_path() / "cli.tvb").string())},
           &cli_rc, &cli_said);
    QVERIFY2(cli_rc == 0, cli_said.constData());
    const std::vector<Event> window = EventsFrom(dir_, first);
    const std::vector<Event> cli = EventsFrom(twin, first);
    QCOMPARE(window.size(), cli.size());
    QVERIFY(!window.empty());
    for (std::size_t i = 0; i < window.size(); ++i) {
      QCOMPARE(window[i].action, cli[i].action);
      QVERIFY(window[i].refs == cli[i].refs);  // the bundle id and sha-256 differ
    }
  }

  // Every control of both dialogs has a name a screen reader says, and
  // every label with a shortcut leads to its field.
  void DialogControlsAreNamed() {
    const ExportSetup setup = PrepareExport(dir_, true);
    const std::filesystem::path bundle = SendBundle(sender_, dir_);
    auto w = UnlockedWindow();
    int controls = 0;
    auto check = [&controls](QWidget* root) {
      for (QWidget* widget : root->findChildren<QWidget*>()) {
        if (widget->objectName().startsWith(QStringLiteral("qt_"))) continue;
        if (auto* label = qobject_cast<QLabel*>(widget)) {
          if (label->text().contains(QLatin1Char('&'))) {
            QVERIFY2(label->buddy() != nullptr, qPrintable(label->text()));
          }
          continue;
        }
        if (!qobject_cast<QAbstractButton*>(widget) && !qobject_cast<QLineEdit*>(widget) &&
            !qobject_cast<QComboBox*>(widget) && !qobject_cast<QProgressBar*>(widget)) {
          continue;
        }
        ++controls;
        QVERIFY2(!widget->accessibleName().isEmpty(),
                 qPrintable(widget->objectName() + QStringLiteral(" has no accessible name")));
      }
    };
    QWizard* wizard = OpenExport(*w, setup.testimony);
    check(wizard);
    QTest::mouseClick(Find<QPushButton>(wizard, "wizardCancel"), Qt::LeftButton);
    QTRY_VERIFY(OpenDialog("exportWizard") == nullptr);
    QDialog* dialog = OpenBundleByMenu(*w, bundle);
    QTRY_VERIFY_WITH_TIMEOUT(Find<QLabel>(dialog, "bundleFailure")->isVisible(), 20000);
    check(dialog);
    QVERIFY(controls >= 20);
  }

  // Consent rules as the CLI's: an export consent does not cover is
  // refused in the library's words, and no file is written.
  void ExportWithoutConsentIsRefused() {
    const ExportSetup setup = PrepareExport(dir_, false);
    const std::filesystem::path bundle = dir_.parent_path() / "refused.tvb";
    auto w = UnlockedWindow();
    QWizard* wizard = OpenExport(*w, setup.testimony);
    FillExport(wizard, QStringLiteral("Press enquiry"), bundle, false);
    ClickNext(wizard);
    auto* failure = Find<QLabel>(wizard, "exportFailure");
    QTRY_VERIFY_WITH_TIMEOUT(failure->isVisible(), 30000);
    QVERIFY2(failure->text().contains(QStringLiteral("export refused: consent does not cover")),
             qPrintable(failure->text()));
    QCOMPARE(Find<QLabel>(wizard, "exportStatus")->text(),
             QStringLiteral("Nothing was exported; no file was written."));
    QVERIFY(!Find<QPushButton>(wizard, "showInFolder")->isVisible());
    QVERIFY(!std::filesystem::exists(bundle));
  }

  // Ctrl+L while the export runs: the wizard is gone at once, the result
  // never shown; after the next unlock only the discarded form's note.
  void LockWhileExportingWins() {
    const ExportSetup setup = PrepareExport(dir_, true);
    QSemaphore entered, go;
    gui::VaultHolder::SetWorkerGateForTesting([&] {
      entered.release();
      go.acquire();
    });
    auto w = UnlockedWindow();
    QPointer<QWizard> wizard = OpenExport(*w, setup.testimony);
    FillExport(wizard.data(), QStringLiteral("Hearing"), dir_.parent_path() / "late.tvb", false);
    ClickNext(wizard.data());
    QVERIFY(entered.tryAcquire(1, 20000));
    QTest::keyClick(wizard.data(), Qt::Key_Escape);
    QVERIFY(!wizard.isNull() && wizard->isVisible());
    QTest::keyClick(wizard.data(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());
    QTRY_VERIFY(wizard.isNull());
    gui::VaultHolder::SetWorkerGateForTesting({});
    go.release();
    QTRY_VERIFY_WITH_TIMEOUT(!w->working(), 20000);
    QVERIFY(w->findChild<QLabel*>(QStringLiteral("exportResult")) == nullptr);
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QCOMPARE(Find<QLabel>(w.get(), "vaultNotice")->text(),
             QStringLiteral("When the vault locked, the form \"Export\" was open. What it held "
                            "was not saved."));
    QVERIFY(OpenDialog("exportWizard") == nullptr);
  }

  // The whole receive: the summary in plain words, Import, the lists
  // refreshed; then the same audit events as `tvault bundle verify` and
  // `bundle import` leave in a copy of the vault.
  void ReceiveVerifiesThenImports() {
    const std::filesystem::path bundle = SendBundle(sender_, dir_);
    TrustSender(dir_, sender_);
    const std::filesystem::path twin = dir_.parent_path() / "twin";
    std::filesystem::copy(dir_, twin, std::filesystem::copy_options::recursive);
    const uint64_t first = NextSeq(dir_);
    // The fingerprint of this vault's age recipient, as the sender's peer
    // list shows it.
    std::string mine;
    for (const Peer& p : Must(OpenVault(sender_).ListPeers())) mine = p.recipient_fingerprint;

    auto w = UnlockedWindow();
    QCOMPARE(Find<gui::RecordTableModel>(w.get(), "testimonyModel")->rowCount(), 0);
    QDialog* dialog = OpenBundleByMenu(*w, bundle);
    QVERIFY(dialog->isModal());
    auto* import = Find<QPushButton>(dialog, "importBundleButton");
    QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 20000);
    QVERIFY(!Find<QLabel>(dialog, "bundleFailure")->isVisible());
    const QString summary = Find<QLabel>(dialog, "bundleSummary")->text();
    for (const QString& expected :
         {QStringLiteral("Signed by: Sender Lawyer (signing key "),
          QStringLiteral("The sender's name in the bundle: Sender Lawyer"),
          QStringLiteral("opened with this vault's key ") + QString::fromStdString(mine),
          QStringLiteral("Reason: ") + QString::fromLatin1(kReason),
          QStringLiteral("Holds: 1 testimony(ies)"), QStringLiteral("Custody verified: ")}) {
      QVERIFY2(summary.contains(expected), qPrintable(summary + QStringLiteral("\nlacks: ") + expected));
    }
    QTest::mouseClick(import, Qt::LeftButton);
    auto* status = Find<QLabel>(dialog, "bundleStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Imported as 1 new")), 20000);
    QCOMPARE(Find<gui::RecordTableModel>(w.get(), "testimonyModel")->rowCount(), 1);
    QTest::mouseClick(Find<QPushButton>(dialog, "closeBundleButton"), Qt::LeftButton);
    QTRY_VERIFY(OpenDialog("receiveDialog") == nullptr);
    w->close();

    int rc = -1;
    const QString file = QString::fromStdString(bundle.string());
    RunCli(twin, {QStringLiteral("bundle"), QStringLiteral("verify"), file}, &rc);
    QCOMPARE(rc, 0);
    RunCli(twin, {QStringLiteral("bundle"), QStringLiteral("import"), file}, &rc);
    QCOMPARE(rc, 0);
    const std::vector<Event> window = EventsFrom(dir_, first);
    const std::vector<Event> cli = EventsFrom(twin, first);
    QCOMPARE(window.size(), std::size_t{4});  // bundle.verify, import, witness.add, testimony.add  // bundle.verify, testimony.add, bundle.import at least
    QCOMPARE(window.size(), cli.size());
    for (std::size_t i = 0; i < window.size(); ++i) {
      QCOMPARE(window[i].action, cli[i].action);
      // Verify and import name the bundle; what import adds gets new ids.
      if (window[i].object_id.starts_with("B-")) QVERIFY(window[i] == cli[i]);
    }
    QCOMPARE(window.front().action, std::string("bundle.verify"));
  }

  // What a format 3 bundle with a redacted record adds to the summary: the
  // redaction, each time-stamp (checked or only stated) and each version's
  // time; the authority's name is text from outside, shown escaped.
  void SummaryNamesRedactionsAndTimes() {
    BundleSummary s;
    s.records = {"T-4K2M9P", "T-7Q3KXA"};
    s.custody_events_verified = 3;
    s.redactions.push_back(BundleRedaction{"T-4K2M9P", 2, "R-8M1Q4Z", 14, 2, true, true, 6});
    BundleTimestamp stated;
    stated.checkpoint_size = 9;
    stated.time_unix_s = 1796559326;  // 2026-12-06 12:15:26 UTC
    stated.tsa = "CN=Evil\x1b[2JTSA";
    s.timestamps.push_back(stated);
    BundleVersionTime covered;
    covered.testimony_id = "T-4K2M9P";
    covered.version = 2;
    covered.existed_by_unix_s = stated.time_unix_s;
    BundleVersionTime late;
    late.testimony_id = "T-7Q3KXA";
    late.version = 1;
    s.existed_by = {covered, late};
    QString words = gui::BundleSummaryWords(s, QStringLiteral("Sender"));
    for (const QString& expected :
         {QStringLiteral("Redacted: T-4K2M9P version 2 through R-8M1Q4Z, 2 of 14 words hidden; the "
                         "rest is the text the sender's log sealed when the version was made."),
          QStringLiteral("Time-stamp: the sender's log existed at 2026-12-06 12:15:26 UTC, stated by "),
          QStringLiteral("(the authority was not checked)"),
          QStringLiteral("T-4K2M9P version 2 existed by 2026-12-06 12:15:26 UTC, as the time-stamp "
                         "states (the authority was not checked)."),
          QStringLiteral("T-7Q3KXA version 1: no time-stamp covers it.")}) {
      QVERIFY2(words.contains(expected), qPrintable(words + QStringLiteral("\nlacks: ") + expected));
    }
    QVERIFY2(!words.contains(QChar(0x1b)), qPrintable(words));
    s.timestamps[0].authority_checked = true;
    s.existed_by[0].authority_checked = true;
    words = gui::BundleSummaryWords(s, QStringLiteral("Sender"));
    QVERIFY2(words.contains(QStringLiteral("existed at 2026-12-06 12:15:26 UTC, signed by ")),
             qPrintable(words));
    QVERIFY2(words.contains(QStringLiteral("T-4K2M9P version 2 existed by 2026-12-06 12:15:26 UTC.")),
             qPrintable(words));
  }

  // A sender no peer is: the first failure in red, the library's words and
  // what to do; nothing to import.
  void UnknownSignerIsRefusedWithAdvice() {
    const std::filesystem::path bundle = SendBundle(sender_, dir_);
    auto w = UnlockedWindow();
    QDialog* dialog = OpenBundleByMenu(*w, bundle);
    auto* failure = Find<QLabel>(dialog, "bundleFailure");
    QTRY_VERIFY_WITH_TIMEOUT(failure->isVisible(), 20000);
    QVERIFY2(failure->text().contains(QStringLiteral("which is not an accepted signer")),
             qPrintable(failure->text()));
    QVERIFY(failure->text().contains(QStringLiteral("add them as a peer")));
    QCOMPARE(Find<QLabel>(dialog, "bundleStatus")->text(),
             QStringLiteral("The bundle was refused. Nothing was stored."));
    QVERIFY(Find<QLabel>(dialog, "bundleSummary")->text().isEmpty());
    QVERIFY(!Find<QPushButton>(dialog, "importBundleButton")->isEnabled());
  }

  // A file that is not a bundle, dropped on the window: refused in words.
  // A drop of something that is not a .tvb file is not taken.
  void DroppedFileIsChecked() {
    const std::filesystem::path junk = dir_.parent_path() / "junk.tvb";
    {
      QFile f(QString::fromStdString(junk.string()));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("not a bundle\x1b[31m");
    }
    auto w = UnlockedWindow();
    auto drop = [&](const QString& path) {
      auto* data = new QMimeData;
      data->setUrls({QUrl::fromLocalFile(path)});
      const QPoint at(50, 50);
      QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(w.get(), &enter);
      const bool accepted = enter.isAccepted();
      if (accepted) {
        QDropEvent dropped(QPointF(at), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w.get(), &dropped);
      }
      delete data;
      return accepted;
    };
    QVERIFY(!drop(QString::fromStdString((dir_.parent_path() / "statement.txt").string())));
    QVERIFY(OpenDialog("receiveDialog") == nullptr);
    QVERIFY(drop(QString::fromStdString(junk.string())));
    QDialog* dialog = OpenDialog("receiveDialog");
    QVERIFY(dialog != nullptr);
    auto* failure = Find<QLabel>(dialog, "bundleFailure");
    QTRY_VERIFY_WITH_TIMEOUT(failure->isVisible(), 20000);
    QVERIFY(!failure->text().isEmpty());
    QVERIFY(!failure->text().contains(QChar(0x1b)));
  }

  // Ctrl+L while the check runs on its worker: the dialog is gone and the
  // vault closed at once for the window; the Vault itself is destroyed
  // (folder released) when the worker returns, and its result is never
  // shown. After the next unlock only the note of the discarded form.
  void LockWhileVerifyingWins() {
    const std::filesystem::path bundle = SendBundle(sender_, dir_);
    TrustSender(dir_, sender_);
    QSemaphore entered, go;
    gui::VaultHolder::SetWorkerGateForTesting([&] {
      entered.release();
      go.acquire();
    });
    auto w = UnlockedWindow();
    QPointer<QDialog> dialog = OpenBundleByMenu(*w, bundle);
    QVERIFY(entered.tryAcquire(1, 20000));
    QVERIFY(w->working());
    // Escape does not close it while the worker holds the vault.
    QTest::keyClick(dialog.data(), Qt::Key_Escape);
    QVERIFY(!dialog.isNull() && dialog->isVisible());
    QTest::keyClick(dialog.data(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(w->findChild<QStackedWidget*>()->currentWidget()->objectName(),
             QStringLiteral("unlockPage"));
    QVERIFY(w->working());
    gui::VaultHolder::SetWorkerGateForTesting({});
    go.release();
    QTRY_VERIFY_WITH_TIMEOUT(!w->working(), 20000);
    // The window's Vault is gone: the folder opens at once elsewhere.
    { Vault v = OpenVault(dir_); }
    QVERIFY(OpenDialog("receiveDialog") == nullptr);
    QVERIFY(w->findChild<QLabel*>(QStringLiteral("bundleSummary")) == nullptr);
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QCOMPARE(Find<QLabel>(w.get(), "vaultNotice")->text(),
             QStringLiteral("When the vault locked, the form \"Receive a bundle\" was open. What "
                            "it held was not saved."));
    QVERIFY(OpenDialog("receiveDialog") == nullptr);
    QCOMPARE(Find<gui::RecordTableModel>(w.get(), "testimonyModel")->rowCount(), 0);
  }
};

int main(int argc, char** argv) {
  return gui::testing::RunWidgetTests<BundleDialogTest>(argc, argv, "tvault-desktop-bundle-test");
}

#include "bundle_test.moc"
