// The desktop's bundle dialogs through their real widgets (QtTest,
// offscreen platform): receiving a bundle (File > Open bundle… and a
// drop), its summary in plain words, a refusal in red with what to do,
// Import, and a lock while the check runs on its worker; exporting through
// the guided dialog, checked with the real age, minisign and sha256sum.
// Audit events are compared with those the real tvault leaves.
#include <QDialog>
#include <QDropEvent>
#include <QLineEdit>
#include <QLabel>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSemaphore>
#include <QStackedWidget>
#include <QTest>
#include <QUrl>
#include <filesystem>
#include <memory>

#include "dialogs.h"
#include "main_window.h"
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
  std::vector<std::string> digests;
  bool operator==(const Event&) const = default;
};
std::vector<Event> EventsFrom(const std::filesystem::path& dir, uint64_t first_seq) {
  std::vector<Event> out;
  for (AuditEvent& e : Must(OpenVault(dir).AuditLog(AuditFilter{}))) {
    if (e.seq < first_seq || e.action.ends_with(".list") || e.action.ends_with(".view")) continue;
    out.push_back({e.action, e.object_id, e.digests});
  }
  return out;
}

uint64_t NextSeq(const std::filesystem::path& dir) {
  const std::vector<AuditEvent> log = Must(OpenVault(dir).AuditLog(AuditFilter{}));
  return log.empty() ? 1 : log.back().seq + 1;
}

QDialog* OpenDialog(const char* name) {
  for (QWidget* w : QApplication::topLevelWidgets()) {
    if (w->objectName() == QLatin1String(name) && w->isVisible()) return qobject_cast<QDialog*>(w);
  }
  return nullptr;
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
