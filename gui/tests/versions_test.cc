// A testimony's versions through the real widgets (QtTest, offscreen):
// the list with reasons and SHA-256, the line diff of two versions, an
// amendment from pasted text and from a file with a required reason (the
// same stored bytes and audit event as `tvault testimony amend`), a
// refused amendment in words, and a lock while an amendment is typed.
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <filesystem>
#include <memory>

#include "dialogs.h"
#include "main_window.h"
#include "record_table_model.h"
#include "vault/text.h"
#include "vault/vault.h"
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
constexpr char kFirst[] = "They came on 2 May.\nI saw it from the window.\nHe is gone.\n";

Vault OpenVault(const std::filesystem::path& dir) {
  return gui::testing::OpenTestVault(dir, kPassphrase);
}

std::string AddTestimony(const std::filesystem::path& dir) {
  Vault v = OpenVault(dir);
  WitnessDetails w;
  w.name = Text("Anna");
  const std::string witness = Must(v.AddWitness(w));
  TestimonyMetadata m;
  m.title = Text("Street arrest");
  StatementSource source = [] { return Result<PlainBytes>(PlainBytes(kFirst, kFirst + sizeof kFirst - 1)); };
  return Must(v.AddTestimonies(witness, m, std::span<const StatementSource>(&source, 1))).at(0).id;
}

std::string Statement(const std::filesystem::path& dir, const std::string& id, uint32_t version) {
  const Testimony t = Must(OpenVault(dir).GetTestimony(id, version));
  return std::string(t.statement.begin(), t.statement.end());
}

QDialog* VersionsDialog(MainWindow& w) {
  return w.findChild<QDialog*>(QStringLiteral("versionsDialog"));
}

}  // namespace

class VersionsTest : public QObject {
  Q_OBJECT

 private:
  std::filesystem::path home_;
  std::filesystem::path dir_;
  std::string id_;
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

  // The testimony chosen, then "Versions and amend…".
  static QDialog* OpenVersions(MainWindow& w) {
    auto* table = Find<QTableView>(&w, "testimonyTable");
    table->setCurrentIndex(table->model()->index(0, 0));
    QTest::mouseClick(Find<QPushButton>(&w, "versionsButton"), Qt::LeftButton);
    QDialog* dialog = VersionsDialog(w);
    if (dialog == nullptr || !dialog->isVisible()) qFatal("no versions dialog");
    return dialog;
  }

 private Q_SLOTS:
  void initTestCase() { home_ = qgetenv("HOME").toStdString(); }

  void init() {
    dir_ = home_ / ("v" + std::to_string(++serial_)) / "vault";
    std::filesystem::create_directories(dir_.parent_path());
    gui::testing::MakeTestVault(dir_, kPassphrase, "Test Custodian");
    id_ = AddTestimony(dir_);
  }

  // Amend from pasted text, then from a file: each a new version with its
  // reason; the list, the diff, the stored bytes; the amend events are
  // those `tvault testimony amend` leaves.
  void AmendsAndCompares() {
    const std::filesystem::path file = dir_.parent_path() / "third.txt";
    const std::string third = "They came on 3 May.\nWe saw it from the window.\nHe is gone.\n";
    {
      QFile f(QString::fromStdString(file.string()));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(third.c_str());
    }
    auto w = UnlockedWindow();
    QDialog* dialog = OpenVersions(*w);
    auto* table = Find<QTableWidget>(dialog, "versionTable");
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(!Find<QPushButton>(dialog, "compareVersions")->isEnabled());
    auto* amend = Find<QPushButton>(dialog, "amendButton");
    QVERIFY(!amend->isEnabled());
    auto* text = Find<QPlainTextEdit>(dialog, "amendText");
    text->setFocus();
    QTest::keyClicks(text, QStringLiteral("They came on 3 May."));
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("I saw it from the window."));
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("He is gone."));
    QVERIFY(!amend->isEnabled());  // no reason yet
    QTest::keyClicks(Find<QLineEdit>(dialog, "amendReason"), QStringLiteral("Date corrected"));
    QVERIFY(amend->isEnabled());
    QTest::mouseClick(amend, Qt::LeftButton);
    QVERIFY(!Find<QLabel>(dialog, "versionsProblem")->isVisible());
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 4)->text(), QStringLiteral("Date corrected"));
    QVERIFY(text->toPlainText().isEmpty());
    // The diff of 1 and 2 is shown after the amendment: one line replaced.
    auto* diff = Find<QTextBrowser>(dialog, "diffView");
    QCOMPARE(diff->toPlainText(),
             QStringLiteral("\u2212 They came on 2 May.\n+ They came on 3 May.\n"
                            "  I saw it from the window.\n  He is gone."));
    QVERIFY(diff->document()->findBlockByNumber(0).blockFormat().background().color() !=
            diff->document()->findBlockByNumber(2).blockFormat().background().color());
    QCOMPARE(diff->document()->findBlockByNumber(1).blockFormat().layoutDirection(),
             Qt::LayoutDirectionAuto);

    // From a file, through the (pre-answered) file dialog.
    gui::SetNextChosenFile(QString::fromStdString(file.string()));
    QTest::mouseClick(Find<QPushButton>(dialog, "amendFromFile"), Qt::LeftButton);
    QCOMPARE(Find<QLabel>(dialog, "amendFile")->text(), QString::fromStdString(file.string()));
    QVERIFY(!amend->isEnabled());
    QTest::keyClicks(Find<QLineEdit>(dialog, "amendReason"), QStringLiteral("Witness reread"));
    QTest::mouseClick(amend, Qt::LeftButton);
    QCOMPARE(table->rowCount(), 3);
    const QString sha256_shown = table->item(2, 3)->text();
    // Versions 1 and 3 compared by choice.
    Find<QComboBox>(dialog, "diffFrom")->setCurrentIndex(0);
    Find<QComboBox>(dialog, "diffTo")->setCurrentIndex(2);
    QTest::mouseClick(Find<QPushButton>(dialog, "compareVersions"), Qt::LeftButton);
    QCOMPARE(diff->toPlainText(),
             QStringLiteral("\u2212 They came on 2 May.\n\u2212 I saw it from the window.\n"
                            "+ They came on 3 May.\n+ We saw it from the window.\n  He is gone."));

    // The same file again equals the latest version: refused in words.
    gui::SetNextChosenFile(QString::fromStdString(file.string()));
    QTest::mouseClick(Find<QPushButton>(dialog, "amendFromFile"), Qt::LeftButton);
    QTest::keyClicks(Find<QLineEdit>(dialog, "amendReason"), QStringLiteral("Again"));
    QTest::mouseClick(amend, Qt::LeftButton);
    QVERIFY(Find<QLabel>(dialog, "versionsProblem")->isVisible());
    QVERIFY(!Find<QLabel>(dialog, "versionsProblem")->text().isEmpty());
    QCOMPARE(table->rowCount(), 3);
    // The pane shows the latest version.
    QVERIFY(Find<QLabel>(w.get(), "testimonyVersion")->text().startsWith(QStringLiteral("3 of 3")));
    w->close();

    QCOMPARE(Statement(dir_, id_, 2),
             std::string("They came on 3 May.\nI saw it from the window.\nHe is gone."));
    QCOMPARE(Statement(dir_, id_, 3), third);
    const std::vector<TestimonyVersionInfo> history = Must(OpenVault(dir_).TestimonyHistory(id_));
    QCOMPARE(history.size(), std::size_t{3});
    QCOMPARE(std::string(history[2].reason.data(), history[2].reason.size()),
             std::string("Witness reread"));
    QCOMPARE(sha256_shown, QString::fromStdString(ToHex(history[2].sha256)));

    // The CLI's amendment of the same file (with a change) leaves the same
    // kind of event as the window's.
    const std::filesystem::path pass = dir_.parent_path() / "pass.txt";
    const std::filesystem::path fourth = dir_.parent_path() / "fourth.txt";
    {
      QFile p(QString::fromStdString(pass.string()));
      QVERIFY(p.open(QIODevice::WriteOnly));
      p.write(kPassphrase);
      QFile f(QString::fromStdString(fourth.string()));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("Fourth.\n");
    }
    QProcess cli;
    cli.start(QStringLiteral(TVAULT_BIN),
              {QStringLiteral("--vault"), QString::fromStdString(dir_.string()),
               QStringLiteral("--passphrase-file"), QString::fromStdString(pass.string()),
               QStringLiteral("testimony"), QStringLiteral("amend"), QString::fromStdString(id_),
               QStringLiteral("--file"), QString::fromStdString(fourth.string()),
               QStringLiteral("--reason"),
               QStringLiteral("By the CLI")});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    std::vector<AuditEvent> amends;
    for (AuditEvent& e : Must(OpenVault(dir_).AuditLog(AuditFilter{}))) {
      if (e.action == "testimony.amend") amends.push_back(std::move(e));
    }
    QCOMPARE(amends.size(), std::size_t{3});  // two by the window, one by the CLI
    for (const AuditEvent& e : amends) {
      QCOMPARE(e.object_id, id_);
      QCOMPARE(e.refs.size(), amends[2].refs.size());
      QCOMPARE(e.digests.size(), amends[2].digests.size());
    }
    QCOMPARE(amends[1].object_version, 3u);
    QCOMPARE(amends[2].object_version, 4u);
  }

  // A lock while an amendment is typed: the dialog goes, nothing is
  // stored, the next unlock names the discarded form.
  void LockDiscardsATypedAmendment() {
    auto w = UnlockedWindow();
    QPointer<QDialog> dialog = OpenVersions(*w);
    QTest::keyClicks(Find<QPlainTextEdit>(dialog.data(), "amendText"), QStringLiteral("Unsaved"));
    QTest::keyClicks(Find<QLineEdit>(dialog.data(), "amendReason"), QStringLiteral("Unsaved"));
    QTest::keyClick(dialog.data(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(Must(OpenVault(dir_).TestimonyHistory(id_)).size(), std::size_t{1});
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QVERIFY(Find<QLabel>(w.get(), "vaultNotice")
                ->text()
                .contains(QStringLiteral("the form \"Versions and amendment\" was open")));
  }
};

int main(int argc, char** argv) {
  return gui::testing::RunWidgetTests<VersionsTest>(argc, argv, "tvault-desktop-versions-test");
}

#include "versions_test.moc"
