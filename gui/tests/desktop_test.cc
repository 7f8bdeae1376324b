// tvault-desktop through its real widgets (QtTest, offscreen platform):
// create and unlock a vault by typing into the window, the lists, the
// statement's paragraph directions, the audited reveal compared with the
// real tvault's, the locks (Ctrl+L, idle, over a modal dialog), the secret
// clipboard, and, after a whole session, no plaintext in the settings or
// anywhere under a temporary HOME. The vault is checked through the library.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDialog>
#include <QDirIterator>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <cstdlib>
#include <memory>
#include <optional>

#include "dialogs.h"
#include "main_window.h"
#include "qt_text.h"
#include "record_table_model.h"
#include "screen_lock_listener.h"
#include "vault/crypto_init.h"
#include "vault/vault.h"
#include "window_driver.h"

using namespace tvault;
using tvault::gui::DesktopOptions;
using tvault::gui::MainWindow;
using tvault::gui::testing::Find;
using tvault::gui::testing::Must;
using tvault::gui::testing::Pass;
using tvault::gui::testing::Text;
using tvault::gui::testing::Type;

namespace {

constexpr char kPassphrase[] = "quilt mangle orbit pastry fennel swoop";
// Markers that must never be found at rest outside the vault.
constexpr char kStatementMarker[] = "MARKER-STATEMENT-4471";
constexpr char kPhoneMarker[] = "MARKER-PHONE-9925";
constexpr char kNameMarker[] = "MARKER-NAME-3108";
// A Uyghur paragraph and an Arabic one between English ones.
constexpr char kStatement[] =
    "On 2 May the police came to our street. MARKER-STATEMENT-4471\n"
    "ساقچىلار كېچىدە كېلىپ ئاكامنى ئېلىپ كەتتى.\n"
    "أخذوا أخي في الليل.\n"
    "I have not seen him since.";

void MakeVault(const std::filesystem::path& dir) {
  gui::testing::MakeTestVault(dir, kPassphrase, "Test Custodian");
}

Vault OpenVault(const std::filesystem::path& dir, const std::string& passphrase = kPassphrase) {
  return gui::testing::OpenTestVault(dir, passphrase);
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

struct Records {
  std::string anna, bilal, case_id, t_street, t_border, t_school;
};

// Two witnesses, three testimonies; one witness and one testimony in a case.
Records AddRecords(const std::filesystem::path& dir) {
  Vault v = OpenVault(dir);
  Records r;
  WitnessDetails anna;
  anna.name = Text(kNameMarker);
  anna.phone = Text(kPhoneMarker);
  anna.email = Text("anna@example.org");
  r.anna = Must(v.AddWitness(anna));
  WitnessDetails bilal;
  bilal.name = Text("Bilal");
  r.bilal = Must(v.AddWitness(bilal));
  r.t_street = AddTestimony(v, r.anna, "Street arrest", kStatement);
  r.t_border = AddTestimony(v, r.bilal, "At the border", "We waited three days.");
  r.t_school = AddTestimony(v, r.bilal, "Closed school", "The school closed in March.");
  r.case_id = Must(v.AddCase(CaseDetails{Text("Detentions 2024"), Text("UN-17"), {}}));
  const std::string members[] = {r.anna, r.t_street};
  Status assigned = v.AssignToCase(r.case_id, members);
  if (!assigned.ok()) qFatal("assign failed");
  return r;
}

QString CurrentPage(MainWindow& w) {
  return w.findChild<QStackedWidget*>()->currentWidget()->objectName();
}

int Rows(MainWindow& w, const char* model) {
  return Find<gui::RecordTableModel>(&w, model)->rowCount();
}

void SelectRow(MainWindow& w, const char* table_name, int row) {
  auto* table = Find<QTableView>(&w, table_name);
  table->setCurrentIndex(table->model()->index(row, 0));
}

// The row of a record id in a table.
int RowOf(MainWindow& w, const char* model_name, const std::string& id) {
  auto* model = Find<gui::RecordTableModel>(&w, model_name);
  for (int row = 0; row < model->rowCount(); ++row) {
    if (model->IdAt(row) == id) return row;
  }
  return -1;
}

std::vector<AuditEvent> Views(const std::filesystem::path& dir, const std::string& id) {
  Vault v = OpenVault(dir);
  AuditFilter filter;
  filter.record = id;
  std::vector<AuditEvent> views;
  for (AuditEvent& e : Must(v.AuditLog(filter))) {
    if (e.action == "witness.view" && e.object_id == id) views.push_back(std::move(e));
  }
  return views;
}

}  // namespace

class DesktopTest : public QObject {
  Q_OBJECT

 private:
  std::filesystem::path home_;
  std::filesystem::path dir_;  // this test's vault folder
  int serial_ = 0;

  DesktopOptions Options() const {
    DesktopOptions o;
    o.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
    o.idle_lock = std::chrono::hours(1);
    o.vault_dir = dir_;
    return o;
  }

  std::unique_ptr<MainWindow> Window(const DesktopOptions& o) {
    auto w = std::make_unique<MainWindow>(o);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
    return w;
  }

  // Unlocks through the unlock page, as a person would.
  static void Unlock(MainWindow& w, const QString& passphrase = QString::fromUtf8(kPassphrase)) {
    auto* field = Find<QLineEdit>(&w, "passphrase");
    field->setFocus();
    Type(field, passphrase);
    QTest::mouseClick(Find<QPushButton>(&w, "unlockButton"), Qt::LeftButton);
  }

 private Q_SLOTS:
  void initTestCase() { home_ = qgetenv("HOME").toStdString(); }

  void init() {
    dir_ = home_ / ("vaults/v" + std::to_string(++serial_));
    std::filesystem::create_directories(dir_.parent_path());
  }

  // Create a vault by typing into the window: the default folder is the
  // library's, a weak passphrase is refused until ticked, the passphrase
  // reaches the library as the same UTF-8 bytes the CLI would read.
  void CreatesAVaultThroughTheWidgets() {
    DesktopOptions o = Options();
    o.vault_dir.reset();
    auto w = Window(o);
    const std::filesystem::path default_dir = home_ / ".local/share/tvault";
    QCOMPARE(Find<QLineEdit>(w.get(), "vaultFolder")->text(),
             QString::fromStdString(default_dir.string()));
    QTest::mouseClick(Find<QPushButton>(w.get(), "createVaultButton"), Qt::LeftButton);
    QCOMPARE(CurrentPage(*w), QStringLiteral("createVaultPage"));
    QCOMPARE(Find<QLineEdit>(w.get(), "newVaultFolder")->text(),
             QString::fromStdString(default_dir.string()));
    QTest::keyClicks(Find<QLineEdit>(w.get(), "custodianName"), QStringLiteral("Amina Lawyer"));

    auto* first = Find<QLineEdit>(w.get(), "newPassphrase");
    auto* second = Find<QLineEdit>(w.get(), "repeatPassphrase");
    QTest::keyClicks(first, QStringLiteral("password1"));
    QVERIFY(Find<QProgressBar>(w.get(), "strengthMeter")->value() <= 1);
    QVERIFY(Find<QLabel>(w.get(), "strengthText")->text().contains(QStringLiteral("very weak")));
    QVERIFY(Find<QCheckBox>(w.get(), "acceptWeakPassphrase")->isVisibleTo(w.get()));
    QTest::keyClicks(second, QStringLiteral("password1"));
    QTest::mouseClick(Find<QPushButton>(w.get(), "createButton"), Qt::LeftButton);
    QVERIFY(Find<QLabel>(w.get(), "createStatus")->text().contains(QStringLiteral("very weak")));
    QVERIFY(!std::filesystem::exists(default_dir / "vault.header"));

    // A strong passphrase with Uyghur letters in it.
    const QString strong = QStringLiteral("quilt mangle ئۇيغۇر orbit pastry fennel");
    first->setText(QString());
    second->setText(QString());
    Type(first, strong);
    QCOMPARE(Find<QProgressBar>(w.get(), "strengthMeter")->value(), 4);
    QVERIFY(!Find<QCheckBox>(w.get(), "acceptWeakPassphrase")->isVisibleTo(w.get()));
    Type(second, strong);
    QTest::mouseClick(Find<QPushButton>(w.get(), "createButton"), Qt::LeftButton);
    // The fields were emptied at once, before the KDF.
    QVERIFY(first->text().isEmpty());
    QVERIFY(second->text().isEmpty());
    QTRY_VERIFY(w->unlocked());
    QCOMPARE(CurrentPage(*w), QStringLiteral("vaultPage"));
    QTest::keyClick(w.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());
    QCOMPARE(CurrentPage(*w), QStringLiteral("unlockPage"));

    Vault v = OpenVault(default_dir, strong.toStdString());
    QCOMPARE(PlainToQStringForTest(Must(v.Identity()).name), QStringLiteral("Amina Lawyer"));
  }

  // The passphrase leaves the field as UTF-8 in guarded memory, and the
  // field's own buffer (shared with any QString copied from it) is zeroed.
  void PassphraseLeavesTheFieldWiped() {
    QLineEdit field;
    field.setEchoMode(QLineEdit::Password);
    Type(&field, QStringLiteral("Ürümqi ئۇيغۇر"));
    const QString alias = field.text();
    const SecretBytes taken = gui::TakePassphrase(field);
    const std::string expected = "Ürümqi ئۇيغۇر";
    QCOMPARE(std::string(reinterpret_cast<const char*>(taken.reveal().data()), taken.size()),
             expected);
    QVERIFY(field.text().isEmpty());
    QCOMPARE(alias, QString(alias.size(), QChar(0)));
    QVERIFY(!field.isUndoAvailable());

    // Beyond the BMP, and a lone surrogate (U+FFFD, as QString::toUtf8).
    const QString astral = QString::fromUtf8("a\xF0\x9F\x98\x80") + QChar(0xD800);
    const SecretBytes utf8 = gui::Utf8Secret(astral);
    QCOMPARE(std::string(reinterpret_cast<const char*>(utf8.reveal().data()), utf8.size()),
             std::string("a\xF0\x9F\x98\x80\xEF\xBF\xBD"));
  }

  // Wrong passphrases are said in plain words and counted; the next unlock
  // shows the count. While the KDF runs, the page says so and is disabled.
  void WrongPassphraseThenFailedAttemptsShown() {
    MakeVault(dir_);
    auto w = Window(Options());
    for (int i = 0; i < 2; ++i) {
      Unlock(*w, QStringLiteral("not the passphrase"));
      QCOMPARE(Find<QLabel>(w.get(), "unlockStatus")->text(), QStringLiteral("Unlocking…"));
      QVERIFY(!Find<QPushButton>(w.get(), "unlockButton")->isEnabled());
      QVERIFY(!Find<QLineEdit>(w.get(), "passphrase")->isEnabled());
      QVERIFY(Find<QLineEdit>(w.get(), "passphrase")->text().isEmpty());
      QTRY_VERIFY(Find<QPushButton>(w.get(), "unlockButton")->isEnabled());
      QCOMPARE(Find<QLabel>(w.get(), "unlockStatus")->text(),
               QStringLiteral("This passphrase does not open the vault. Check it and try again."));
      QVERIFY(!w->unlocked());
    }
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    const QString notice = Find<QLabel>(w.get(), "vaultNotice")->text();
    QVERIFY2(notice.startsWith(QStringLiteral("2 failed unlock attempt(s) since ")),
             qPrintable(notice));
  }

  void NoVaultInTheFolderIsSaidPlainly() {
    auto w = Window(Options());
    Unlock(*w);
    QCOMPARE(Find<QLabel>(w.get(), "unlockStatus")->text(),
             QStringLiteral("There is no vault in this folder. Choose another folder, or create "
                            "a vault."));
    // Nothing was taken from the field for a vault that is not there.
    QVERIFY(!Find<QLineEdit>(w.get(), "passphrase")->text().isEmpty());
  }

  // Choose… takes the folder the (pre-answered) folder dialog gives; a
  // cancelled dialog keeps the folder.
  void ChooseFolderFillsTheField() {
    auto w = Window(Options());
    auto* folder = Find<QLineEdit>(w.get(), "vaultFolder");
    gui::SetNextChosenFolder(QStringLiteral("/srv/elsewhere"));
    QTest::mouseClick(Find<QPushButton>(w.get(), "chooseFolder"), Qt::LeftButton);
    QCOMPARE(folder->text(), QStringLiteral("/srv/elsewhere"));
    gui::SetNextChosenFolder(QString());
    QTest::mouseClick(Find<QPushButton>(w.get(), "chooseFolder"), Qt::LeftButton);
    QCOMPARE(folder->text(), QStringLiteral("/srv/elsewhere"));
  }

  // The lists: counts, filter, cases, sort.
  void ListsCountsFilterCasesAndSort() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QCOMPARE(Rows(*w, "testimonyModel"), 3);
    QCOMPARE(Rows(*w, "witnessModel"), 2);
    QCOMPARE(Find<QLabel>(w.get(), "counts")->text(),
             QStringLiteral("3 of 3 testimonies, 2 of 2 witnesses"));
    auto* cases = Find<QListWidget>(w.get(), "caseList");
    QCOMPARE(cases->count(), 2);
    QVERIFY(cases->item(1)->text().contains(QStringLiteral("Detentions 2024")));

    QTest::keyClicks(Find<QLineEdit>(w.get(), "filter"), QStringLiteral("BORDER"));
    QCOMPARE(Rows(*w, "testimonyModel"), 1);
    QCOMPARE(Find<gui::RecordTableModel>(w.get(), "testimonyModel")->IdAt(0), r.t_border);
    QCOMPARE(Find<QLabel>(w.get(), "counts")->text(),
             QStringLiteral("1 of 3 testimonies, 0 of 2 witnesses"));
    Find<QLineEdit>(w.get(), "filter")->clear();
    QCOMPARE(Rows(*w, "testimonyModel"), 3);

    cases->setCurrentRow(1);
    QCOMPARE(Rows(*w, "testimonyModel"), 1);
    QCOMPARE(Rows(*w, "witnessModel"), 1);
    QCOMPARE(Find<gui::RecordTableModel>(w.get(), "witnessModel")->IdAt(0), r.anna);
    cases->setCurrentRow(0);
    QCOMPARE(Rows(*w, "testimonyModel"), 3);

    auto* sort = Find<QComboBox>(w.get(), "sortBy");
    auto* model = Find<gui::RecordTableModel>(w.get(), "testimonyModel");
    sort->setCurrentIndex(1);  // title: "At the border", "Closed school", "Street arrest"
    QCOMPARE(model->IdAt(0), r.t_border);
    QCOMPARE(model->IdAt(2), r.t_street);
    sort->setCurrentIndex(2);  // witness name: Bilal's two, then "MARKER-NAME-..."'s
    QCOMPARE(model->IdAt(2), r.t_street);
    QVERIFY(model->IdAt(0) == r.t_border || model->IdAt(0) == r.t_school);
    sort->setCurrentIndex(0);  // date: in the order they were added (same second: by id)
    QCOMPARE(model->rowCount(), 3);
  }

  // 450 testimonies: the view starts with one batch and fetches the rest
  // as it asks for more.
  void TheListFetchesLazily() {
    MakeVault(dir_);
    {
      Vault v = OpenVault(dir_);
      WitnessDetails d;
      d.name = Text("Many");
      const std::string w = Must(v.AddWitness(d));
      std::vector<StatementSource> sources;
      for (int i = 0; i < 450; ++i) {
        sources.push_back([i]() -> Result<PlainBytes> {
          const std::string s = "statement " + std::to_string(i);
          return PlainBytes(s.begin(), s.end());
        });
      }
      TestimonyMetadata m;
      m.title = Text("one of many");
      (void)Must(v.AddTestimonies(w, m, sources));
    }
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    auto* model = Find<gui::RecordTableModel>(w.get(), "testimonyModel");
    QCOMPARE(model->rowCount(), gui::RecordTableModel::kBatchRows);
    QVERIFY(model->canFetchMore({}));
    QCOMPARE(model->matching(), std::size_t{450});
    Find<QTableView>(w.get(), "testimonyTable")->scrollToBottom();
    QTRY_VERIFY(model->rowCount() > gui::RecordTableModel::kBatchRows);
    while (model->canFetchMore({})) model->fetchMore({});
    QCOMPARE(model->rowCount(), 450);
  }

  // Each paragraph takes its own direction, also in a right-to-left window.
  void StatementParagraphsTakeTheirOwnDirection() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    for (Qt::LayoutDirection window_direction : {Qt::LeftToRight, Qt::RightToLeft}) {
      QApplication::setLayoutDirection(window_direction);
      auto w = Window(Options());
      Unlock(*w);
      QTRY_VERIFY(w->unlocked());
      SelectRow(*w, "testimonyTable", RowOf(*w, "testimonyModel", r.t_street));
      auto* view = Find<QTextBrowser>(w.get(), "statementView");
      QCOMPARE(view->toPlainText(), QString::fromUtf8(kStatement));
      const QTextDocument* doc = view->document();
      QCOMPARE(doc->blockCount(), 4);
      const Qt::LayoutDirection expected[] = {Qt::LeftToRight, Qt::RightToLeft, Qt::RightToLeft,
                                              Qt::LeftToRight};
      // As shown, and after the interface's direction flips while shown.
      for (Qt::LayoutDirection flipped :
           {window_direction, Qt::LayoutDirection(!window_direction)}) {
        QApplication::setLayoutDirection(flipped);
        QCoreApplication::processEvents();
        for (int i = 0; i < 4; ++i) {
          const QTextBlock block = doc->findBlockByNumber(i);
          QCOMPARE(block.blockFormat().layoutDirection(), Qt::LayoutDirectionAuto);
          QCOMPARE(block.textDirection(), expected[i]);
        }
      }
      QCOMPARE(Find<QLabel>(w.get(), "testimonyTitle")->text(), QStringLiteral("Street arrest"));
    }
    QApplication::setLayoutDirection(Qt::LeftToRight);
  }

  // The reveal is the audited view the CLI's `witness show` is: the same
  // event, compared with the one the real tvault leaves.
  void RevealLeavesTheEventTheCliLeaves() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    Find<QTabWidget>(w.get(), "recordTabs")->setCurrentIndex(1);
    SelectRow(*w, "witnessTable", RowOf(*w, "witnessModel", r.anna));
    auto* phone = Find<QLabel>(w.get(), "witnessPhone");
    QVERIFY(!Find<QWidget>(w.get(), "contactDetails")->isVisible());
    QVERIFY(phone->text().isEmpty());
    QTest::mouseClick(Find<QPushButton>(w.get(), "revealContacts"), Qt::LeftButton);
    QVERIFY(Find<QWidget>(w.get(), "contactDetails")->isVisible());
    QCOMPARE(phone->text(), QString::fromLatin1(kPhoneMarker));
    QCOMPARE(Find<QPushButton>(w.get(), "revealContacts")->accessibleName(),
             QStringLiteral("Hide contact details"));
    QTest::mouseClick(Find<QPushButton>(w.get(), "revealContacts"), Qt::LeftButton);
    QVERIFY(phone->text().isEmpty());
    QTest::keyClick(w.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());

    const std::vector<AuditEvent> after_window = Views(dir_, r.anna);
    QCOMPARE(after_window.size(), std::size_t{1});

    const std::filesystem::path pass_file = dir_.parent_path() / "pass.txt";
    {
      QFile f(QString::fromStdString(pass_file.string()));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(kPassphrase);
    }
    QProcess cli;
    cli.start(QStringLiteral(TVAULT_BIN),
              {QStringLiteral("--vault"), QString::fromStdString(dir_.string()),
               QStringLiteral("--passphrase-file"), QString::fromStdString(pass_file.string()),
               QStringLiteral("witness"), QStringLiteral("show"), QString::fromStdString(r.anna)});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.readAllStandardOutput().contains(kPhoneMarker));
    std::filesystem::remove(pass_file);

    const std::vector<AuditEvent> after_cli = Views(dir_, r.anna);
    QCOMPARE(after_cli.size(), std::size_t{2});
    const AuditEvent& gui_event = after_cli[0];
    const AuditEvent& cli_event = after_cli[1];
    QCOMPARE(gui_event.action, cli_event.action);
    QCOMPARE(gui_event.object_id, cli_event.object_id);
    QCOMPARE(gui_event.object_version, cli_event.object_version);
    QVERIFY(gui_event.refs == cli_event.refs);
    QVERIFY(gui_event.digests == cli_event.digests);
    QVERIFY(gui_event.detail == cli_event.detail);
    QCOMPARE(gui_event.count, cli_event.count);
  }

  // The idle lock: views and models emptied, the Vault gone (the folder is
  // free again for another program), the unlock page says why.
  void IdleLockClearsEverything() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    DesktopOptions o = Options();
    o.idle_lock = std::chrono::milliseconds(600);
    auto w = Window(o);
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    SelectRow(*w, "testimonyTable", RowOf(*w, "testimonyModel", r.t_street));
    QVERIFY(!Find<QTextBrowser>(w.get(), "statementView")->toPlainText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!w->unlocked(), 10000);
    QCOMPARE(CurrentPage(*w), QStringLiteral("unlockPage"));
    QCOMPARE(Rows(*w, "testimonyModel"), 0);
    QCOMPARE(Rows(*w, "witnessModel"), 0);
    QVERIFY(Find<QTextBrowser>(w.get(), "statementView")->toPlainText().isEmpty());
    QVERIFY(Find<QLabel>(w.get(), "testimonyTitle")->text().isEmpty());
    QCOMPARE(Find<QListWidget>(w.get(), "caseList")->count(), 0);
    QVERIFY(Find<QLabel>(w.get(), "lockNotice")->text().contains(QStringLiteral("locked itself")));
    // The window holds no Vault: another program can open the folder at once.
    Vault v = OpenVault(dir_);
    QCOMPARE(Must(v.ListTestimonies()).size(), std::size_t{3});
  }

  // Input keeps the window unlocked: the timer restarts with each event.
  void InputPostponesTheIdleLock() {
    MakeVault(dir_);
    DesktopOptions o = Options();
    o.idle_lock = std::chrono::milliseconds(2000);
    auto w = Window(o);
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    auto* filter = Find<QLineEdit>(w.get(), "filter");
    // 3.2 s of use, a key every 0.4 s: longer than the idle time.
    for (int i = 0; i < 8; ++i) {
      QTest::qWait(400);
      QTest::keyClick(filter, Qt::Key_A);
    }
    QVERIFY(w->unlocked());
    QTRY_VERIFY_WITH_TIMEOUT(!w->unlocked(), 10000);
  }

  // The session's screensaver (freedesktop and GNOME), logind's suspend and
  // session lock: each locks the window, and the same signal saying the
  // screen unlocked or the machine woke up does not. A second connection
  // to the private bus of dbus-run-session plays the screensaver and
  // logind (registered under logind's name); a listener that takes that bus
  // as its system bus hears logind.
  void ScreenLockAndSuspendLock() {
    QVERIFY2(QDBusConnection::sessionBus().isConnected(),
             "no session bus: the test runs under dbus-run-session (ctest does so)");
    MakeVault(dir_);
    auto w = Window(Options());
    QDBusConnection peer =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("peer"));
    QVERIFY(peer.registerService(QStringLiteral("org.freedesktop.login1")));
    auto* logind = new gui::ScreenLockListener(QDBusConnection::sessionBus(),
                                               QDBusConnection::sessionBus(), w.get());
    QCOMPARE(logind->listening(), 4);
    w->LockOn(logind);
    struct Signal {
      const char* path;
      const char* interface;
      const char* name;
      bool has_argument;
    };
    const Signal signals_to_send[] = {
        {"/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", true},
        {"/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", true},
        {"/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", true},
        {"/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session", "Lock", false}};
    for (const Signal& s : signals_to_send) {
      auto send = [&](std::optional<bool> argument) {
        QDBusMessage m = QDBusMessage::createSignal(QString::fromLatin1(s.path),
                                                    QString::fromLatin1(s.interface),
                                                    QString::fromLatin1(s.name));
        if (argument) m << *argument;
        QVERIFY(peer.send(m));
      };
      Unlock(*w);
      QTRY_VERIFY(w->unlocked());
      if (s.has_argument) {
        send(false);
        QTest::qWait(300);
        QVERIFY2(w->unlocked(), s.name);
        send(true);
      } else {
        send(std::nullopt);
      }
      QTRY_VERIFY2(!w->unlocked(), s.name);
      QVERIFY(Find<QLabel>(w.get(), "lockNotice")
                  ->text()
                  .contains(QStringLiteral("locked with the screen")));
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("peer"));
  }

  // A lock while a form is open wins: the form is rejected, nothing of it
  // is stored, and the next unlock says a form was discarded.
  void LockWinsOverAnOpenForm() {
    MakeVault(dir_);
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QTest::mouseClick(Find<QPushButton>(w.get(), "newCaseButton"), Qt::LeftButton);
    QPointer<QDialog> dialog = Find<QDialog>(w.get(), "newCaseDialog");
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal());
    auto* title = Find<QLineEdit>(dialog.data(), "caseTitle");
    QTest::keyClicks(title, QStringLiteral("Unsaved case"));
    QTest::keyClick(title, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->unlocked());
    QCOMPARE(CurrentPage(*w), QStringLiteral("unlockPage"));
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
    QVERIFY(Find<QLabel>(w.get(), "lockNotice")->text().contains(QStringLiteral("New case")));
    {
      Vault v = OpenVault(dir_);
      QVERIFY(Must(v.ListCases()).empty());
    }
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QVERIFY(Find<QLabel>(w.get(), "vaultNotice")
                ->text()
                .contains(QStringLiteral("the form \"New case\" was open")));
    QCOMPARE(Find<QListWidget>(w.get(), "caseList")->count(), 1);
  }

  // The same form, finished, adds the case.
  void NewCaseFormAddsACase() {
    MakeVault(dir_);
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QTest::keyClick(w.get(), Qt::Key_N, Qt::ControlModifier);
    auto* dialog = Find<QDialog>(w.get(), "newCaseDialog");
    QTest::keyClicks(Find<QLineEdit>(dialog, "caseTitle"), QStringLiteral("Border cases"));
    QTest::mouseClick(Find<QPushButton>(dialog, "addCaseButton"), Qt::LeftButton);
    QCOMPARE(Find<QListWidget>(w.get(), "caseList")->count(), 2);
    QTest::keyClick(w.get(), Qt::Key_L, Qt::ControlModifier);
    Vault v = OpenVault(dir_);
    const std::vector<CaseSummary> cases = Must(v.ListCases());
    QCOMPARE(cases.size(), std::size_t{1});
    QCOMPARE(PlainToQStringForTest(cases[0].title), QStringLiteral("Border cases"));
  }

  // Copies are marked secret and leave the clipboard after the set time,
  // unless something else was copied meanwhile.
  void ClipboardIsMarkedAndCleared() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    DesktopOptions o = Options();
    o.clipboard_clear = std::chrono::milliseconds(500);
    auto w = Window(o);
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    SelectRow(*w, "testimonyTable", RowOf(*w, "testimonyModel", r.t_street));
    QClipboard* clipboard = QGuiApplication::clipboard();
    QTest::mouseClick(Find<QPushButton>(w.get(), "copyStatement"), Qt::LeftButton);
    const QMimeData* data = clipboard->mimeData();
    QVERIFY(data != nullptr);
    QCOMPARE(data->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QCOMPARE(data->text(), QString::fromUtf8(kStatement));
    QTRY_VERIFY_WITH_TIMEOUT(clipboard->text().isEmpty(), 5000);

    // A selection copied with Ctrl+C from the statement view too.
    auto* view = Find<QTextBrowser>(w.get(), "statementView");
    view->setFocus();
    view->selectAll();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArray("secret"));
    QVERIFY(clipboard->text().contains(QString::fromLatin1(kStatementMarker)));
    QTRY_VERIFY_WITH_TIMEOUT(clipboard->text().isEmpty(), 5000);

    QTest::mouseClick(Find<QPushButton>(w.get(), "copyStatement"), Qt::LeftButton);
    clipboard->setText(QStringLiteral("something the user copied later"));
    QTest::qWait(1200);
    QCOMPARE(clipboard->text(), QStringLiteral("something the user copied later"));

    // A lock clears a secret copy at once.
    QTest::mouseClick(Find<QPushButton>(w.get(), "copyStatement"), Qt::LeftButton);
    QVERIFY(!clipboard->text().isEmpty());
    QTest::keyClick(w.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(clipboard->text().isEmpty());
  }

  // A whole session, then no marker anywhere under HOME (the settings file
  // included, which holds the vault folder and nothing else).
  void NothingReadableAtRestAfterASession() {
    MakeVault(dir_);
    const Records r = AddRecords(dir_);
    {
      auto w = Window(Options());
      Unlock(*w);
      QTRY_VERIFY(w->unlocked());
      SelectRow(*w, "testimonyTable", RowOf(*w, "testimonyModel", r.t_street));
      QTest::mouseClick(Find<QPushButton>(w.get(), "copyStatement"), Qt::LeftButton);
      Find<QTabWidget>(w.get(), "recordTabs")->setCurrentIndex(1);
      SelectRow(*w, "witnessTable", RowOf(*w, "witnessModel", r.anna));
      QTest::mouseClick(Find<QPushButton>(w.get(), "revealContacts"), Qt::LeftButton);
      QTest::mouseClick(Find<QPushButton>(w.get(), "copyContacts"), Qt::LeftButton);
      QVERIFY(QGuiApplication::clipboard()->text().contains(QString::fromLatin1(kPhoneMarker)));
      QTest::keyClicks(Find<QLineEdit>(w.get(), "filter"), QString::fromLatin1(kNameMarker));
      QTest::keyClick(w.get(), Qt::Key_L, Qt::ControlModifier);
      Unlock(*w);
      QTRY_VERIFY(w->unlocked());
      w->close();
    }
    QSettings settings;
    settings.sync();
    const QString settings_file = settings.fileName();
    QVERIFY2(QFile::exists(settings_file), qPrintable(settings_file));
    QVERIFY(settings_file.startsWith(QString::fromStdString(home_.string())));
    QCOMPARE(settings.value(QStringLiteral("vault/last_folder")).toString(),
             QString::fromStdString(dir_.string()));

    int files = 0;
    QDirIterator it(QString::fromStdString(home_.string()), QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      QFile f(path);
      QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
      const QByteArray bytes = f.readAll();
      ++files;
      for (const char* marker : {kStatementMarker, kPhoneMarker, kNameMarker}) {
        const QString m = QString::fromLatin1(marker);
        const QByteArray utf16(reinterpret_cast<const char*>(m.utf16()), m.size() * 2);
        QVERIFY2(!bytes.contains(marker), qPrintable(path + QStringLiteral(": ") + m));
        QVERIFY2(!bytes.contains(utf16), qPrintable(path + QStringLiteral(" (UTF-16): ") + m));
      }
    }
    QVERIFY(files >= 3);  // the settings and at least one vault's two files
  }

  // A label with a keyboard shortcut ("&Folder:") has the field it leads
  // to; without one Qt shows the "&" and Alt+letter does nothing. On every
  // page, and in the new case form.
  void EveryShortcutLabelLeadsToItsField() {
    MakeVault(dir_);
    auto w = Window(Options());
    int checked = 0;
    auto check = [&checked](QWidget* root) {
      for (QLabel* label : root->findChildren<QLabel*>()) {
        if (!label->text().contains(QLatin1Char('&'))) continue;
        ++checked;
        QVERIFY2(label->buddy() != nullptr, qPrintable(label->text()));
      }
    };
    check(w.get());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QTest::mouseClick(Find<QPushButton>(w.get(), "newCaseButton"), Qt::LeftButton);
    check(Find<QDialog>(w.get(), "newCaseDialog"));
    QVERIFY(checked >= 9);  // unlock 2, create 4, new case 3
  }

  // Every control a person can reach has a name a screen reader says.
  void EveryControlHasAnAccessibleName() {
    MakeVault(dir_);
    (void)AddRecords(dir_);
    auto w = Window(Options());
    Unlock(*w);
    QTRY_VERIFY(w->unlocked());
    QTest::mouseClick(Find<QPushButton>(w.get(), "newCaseButton"), Qt::LeftButton);
    int checked = 0;
    const QList<QWidget*> all = w->findChildren<QWidget*>();
    for (QWidget* widget : all) {
      // Parts Qt builds inside a control (a table's headers and corner, a
      // tab bar, a line edit's clear button, which the keyboard does not
      // reach: the field is cleared by typing) are named by their control.
      if (qobject_cast<QHeaderView*>(widget) || qobject_cast<QTabBar*>(widget) ||
          QLatin1String(widget->metaObject()->className()) == QLatin1String("QTableCornerButton") ||
          widget->objectName().startsWith(QStringLiteral("qt_")) ||
          QLatin1String(widget->metaObject()->className()) ==
              QLatin1String("QLineEditIconButton")) {
        continue;
      }
      const bool control =
          qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
          qobject_cast<QAbstractItemView*>(widget) || qobject_cast<QComboBox*>(widget) ||
          qobject_cast<QProgressBar*>(widget) || qobject_cast<QTextEdit*>(widget) ||
          qobject_cast<QTabWidget*>(widget);
      if (!control || widget->parentWidget() == nullptr) continue;
      ++checked;
      QVERIFY2(!widget->accessibleName().isEmpty(),
               qPrintable(QStringLiteral("%1 (%2) has no accessible name")
                              .arg(widget->objectName(),
                                   QString::fromLatin1(widget->metaObject()->className()))));
    }
    QVERIFY(checked > 25);
  }

 private:
  static QString PlainToQStringForTest(const PlainString& s) { return gui::PlainToQString(s); }
};

int main(int argc, char** argv) {
  return gui::testing::RunWidgetTests<DesktopTest>(argc, argv, "tvault-desktop-test");
}

#include "desktop_test.moc"
