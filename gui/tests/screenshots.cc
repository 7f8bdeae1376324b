// tvault_desktop_screenshots OUTPUT_DIR: the pictures of docs/desktop.md.
// Drives the real MainWindow through each main screen, as the widget test
// does, and saves what the window shows (QWidget::grab) as PNG files. The
// vault is a throwaway one under a temporary HOME, made through the
// library with invented people: a case, two witnesses, a statement in
// Uyghur and Arabic with the interpreter's English note, and one in
// English; a partner's vault that sends a bundle and receives one.
// scripts/screenshots runs it under Xvfb with the fonts it needs.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QWizard>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QImageWriter>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

#include "dialogs.h"
#include "main_window.h"
#include "record_table_model.h"
#include "vault/crypto_init.h"
#include "vault/vault.h"
#include "window_driver.h"

using namespace tvault;
using tvault::gui::MainWindow;
using tvault::gui::testing::Find;
using tvault::gui::testing::Must;
using tvault::gui::testing::Pass;
using tvault::gui::testing::Text;
using tvault::gui::testing::Type;

namespace {

// Invented for the pictures; no real person, place or event.
constexpr char kPassphrase[] = "lantern copper meadow violin harbour";
constexpr char kMixedStatement[] =
    "مەن بازارغا بارغاندا ئىككى ساقچى مېنى توختىتىپ، كىملىك كارتامنى تەلەپ قىلدى.\n"
    "ئۇلار تېلېفونۇمنى ئېلىپ كېتىپ، ئۈچ كۈندىن كېيىن قايتۇرۇپ بەردى.\n"
    "وقال لي أحدهم إن اسمي موجود في قائمة، ولم يقل أي قائمة.\n"
    "Interpreter's note: the first two paragraphs were given in Uyghur, the third in Arabic. "
    "The witness read the transcript back and confirmed it.";
constexpr char kEnglishStatement[] =
    "I was the head teacher of the school from 2015.\n"
    "In March an official told us the school would close. No reason was written down.\n"
    "Two of my colleagues were asked to report to the district office; I have not heard "
    "from them since.";

struct Shown {
  std::string case_id, aziza, daniel, t_mixed, t_english;
  std::filesystem::path bundle;  // from the partner, to this vault
};

std::string AddTestimony(Vault& v, const std::string& witness, const char* title,
                         const char* language, const char* place, const std::string& text) {
  TestimonyMetadata m;
  m.title = Text(title);
  m.language = Text(language);
  m.taken_at = Text("2025-03-14");
  m.place = Text(place);
  m.interviewer = Text("R. Example (counsel)");
  StatementSource source = [text]() -> Result<PlainBytes> {
    return PlainBytes(text.begin(), text.end());
  };
  return Must(v.AddTestimonies(witness, m, std::span<const StatementSource>(&source, 1))).at(0).id;
}

Shown MakeVault(const std::filesystem::path& dir) {
  InitOptions init{Text("R. Example"), InsecureKdfParamsForTestsOnly(8 * 1024, 1)};
  if (Status made = Vault::Init(dir, Pass(kPassphrase), init); !made.ok()) qFatal("init failed");
  OpenOptions options;
  options.wait = std::chrono::milliseconds(0);
  Vault v = Must(Vault::Open(dir, Pass(kPassphrase), options));
  Shown s;
  WitnessDetails aziza;
  aziza.name = Text("Aziza Example");
  aziza.phone = Text("+1 555 0100");
  aziza.email = Text("aziza@example.org");
  aziza.address = Text("12 Example Street, Sampletown");
  aziza.relatives = Text("A brother, still in the region");
  s.aziza = Must(v.AddWitness(aziza));
  WitnessDetails daniel;
  daniel.name = Text("Daniel Sample");
  daniel.phone = Text("+1 555 0199");
  s.daniel = Must(v.AddWitness(daniel));
  s.t_mixed = AddTestimony(v, s.aziza, "Stopped at the market", "Uyghur, Arabic", "Online",
                           kMixedStatement);
  s.t_english =
      AddTestimony(v, s.daniel, "The school closure", "English", "Geneva", kEnglishStatement);
  s.case_id = Must(v.AddCase(CaseDetails{Text("Market checks 2025"), Text("EX-2025-01"), {}}));
  const std::string members[] = {s.aziza, s.daniel, s.t_mixed, s.t_english};
  if (!v.AssignToCase(s.case_id, members).ok()) qFatal("assign failed");
  NewConsent consent;
  consent.scopes = static_cast<ConsentScopes>(ConsentScope::kCourt);
  (void)Must(v.RecordConsent(s.daniel, consent));
  return s;
}

// A partner organisation's vault: each side holds the other as a peer, and
// the partner sends a bundle with one testimony.
void AddPartner(const std::filesystem::path& dir, const std::filesystem::path& partner_dir,
                Shown& s) {
  InitOptions init{Text("Partner NGO (example)"), InsecureKdfParamsForTestsOnly(8 * 1024, 1)};
  if (!Vault::Init(partner_dir, Pass(kPassphrase), init).ok()) qFatal("init failed");
  OpenOptions options;
  options.wait = std::chrono::milliseconds(0);
  const IdentityInfo mine = Must(Must(Vault::Open(dir, Pass(kPassphrase), options)).Identity());
  Vault partner = Must(Vault::Open(partner_dir, Pass(kPassphrase), options));
  const IdentityInfo theirs = Must(partner.Identity());
  if (!partner.AddPeer(Text("R. Example"), mine.age_recipient, mine.minisign_public_key).ok()) {
    qFatal("peer failed");
  }
  WitnessDetails w;
  w.name = Text("Leyla Example");
  const std::string witness = Must(partner.AddWitness(w));
  ExportRequest req;
  req.to = {Text("R. Example")};
  req.testimonies = {AddTestimony(partner, witness, "Night search", "English", "Online",
                                  "They searched the flat at night and took our papers.")};
  req.purpose = ConsentScope::kCourt;
  req.override_consent = true;
  req.reason = Text("For the joint submission to the UN special rapporteur");
  req.out = partner_dir.parent_path() / "from-partner.tvb";
  (void)Must(partner.Export(req));
  s.bundle = req.out;
  Vault v = Must(Vault::Open(dir, Pass(kPassphrase), options));
  if (!v.AddPeer(Text("Partner NGO"), theirs.age_recipient, theirs.minisign_public_key).ok()) {
    qFatal("peer failed");
  }
}

template <typename T>
T* OpenDialog(const char* name) {
  for (QWidget* w : QApplication::topLevelWidgets()) {
    if (w->objectName() == QLatin1String(name) && w->isVisible()) return qobject_cast<T*>(w);
  }
  qFatal("no dialog %s", name);
}

// Waits, serving events, until `done` holds.
void WaitFor(const std::function<bool()>& done) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > 60000) qFatal("the window did not get there in 60 s");
    QTest::qWait(20);
  }
}

void SelectRow(MainWindow& w, const char* table_name, const char* model_name,
               const std::string& id) {
  auto* model = Find<gui::RecordTableModel>(&w, model_name);
  for (int row = 0; row < model->rowCount(); ++row) {
    if (model->IdAt(row) == id) {
      auto* table = Find<QTableView>(&w, table_name);
      table->setCurrentIndex(table->model()->index(row, 0));
      return;
    }
  }
  qFatal("no row %s", id.c_str());
}

// 8-bit colour: a window is mostly flat, and the pictures stay small.
// Lays out what changed, but serves no other event: the unlocking screen
// is taken before the worker's result arrives.
void Save(QWidget& w, const QString& dir, const char* name) {
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  const QImage picture = w.grab().toImage().convertToFormat(
      QImage::Format_Indexed8, Qt::ThresholdDither | Qt::AvoidDither);
  QImageWriter writer(dir + QLatin1Char('/') + QLatin1String(name));
  writer.setFormat("png");
  writer.setQuality(0);  // for PNG: the strongest compression
  if (!writer.write(picture)) qFatal("cannot write %s: %s", name, qPrintable(writer.errorString()));
  std::printf("%s\n", name);
}

void Run(const std::filesystem::path& home, const QString& out) {
  const std::filesystem::path dir = home / "vault";
  Shown s = MakeVault(dir);
  AddPartner(dir, home / "partner", s);
  gui::DesktopOptions options;
  options.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
  options.idle_lock = std::chrono::hours(1);
  options.vault_dir = dir;
  MainWindow w(options);
  w.show();
  if (!QTest::qWaitForWindowExposed(&w)) qFatal("window not exposed");

  QTest::mouseClick(Find<QPushButton>(&w, "createVaultButton"), Qt::LeftButton);
  Find<QLineEdit>(&w, "newVaultFolder")->setText(QString::fromStdString((home / "new").string()));
  QTest::keyClicks(Find<QLineEdit>(&w, "custodianName"), QStringLiteral("R. Example"));
  const QString new_passphrase = QStringLiteral("orchard tunnel pepper glacier ribbon");
  Type(Find<QLineEdit>(&w, "newPassphrase"), new_passphrase);
  Type(Find<QLineEdit>(&w, "repeatPassphrase"), new_passphrase);
  Save(w, out, "create-vault.png");
  QTest::mouseClick(Find<QPushButton>(&w, "backToUnlock"), Qt::LeftButton);

  auto* passphrase = Find<QLineEdit>(&w, "passphrase");
  passphrase->setFocus();
  Type(passphrase, QString::fromUtf8(kPassphrase));
  Save(w, out, "unlock.png");
  // The key is worked out off the UI thread; its result arrives as an
  // event, so the window still says "Unlocking…" until events are served.
  QTest::mouseClick(Find<QPushButton>(&w, "unlockButton"), Qt::LeftButton);
  Save(w, out, "unlocking.png");
  WaitFor([&] { return w.unlocked(); });

  Find<QListWidget>(&w, "caseList")->setCurrentRow(1);
  SelectRow(w, "testimonyTable", "testimonyModel", s.t_english);
  Save(w, out, "by-case.png");
  SelectRow(w, "testimonyTable", "testimonyModel", s.t_mixed);
  Save(w, out, "testimony-rtl.png");

  Find<QTabWidget>(&w, "recordTabs")->setCurrentIndex(1);
  SelectRow(w, "witnessTable", "witnessModel", s.aziza);
  Save(w, out, "contacts-hidden.png");
  QTest::mouseClick(Find<QPushButton>(&w, "revealContacts"), Qt::LeftButton);
  Save(w, out, "contacts-shown.png");

  // A correction of the English statement, and its diff.
  Find<QTabWidget>(&w, "recordTabs")->setCurrentIndex(0);
  SelectRow(w, "testimonyTable", "testimonyModel", s.t_english);
  QTest::mouseClick(Find<QPushButton>(&w, "versionsButton"), Qt::LeftButton);
  auto* versions = OpenDialog<QDialog>("versionsDialog");
  QString corrected = QString::fromUtf8(kEnglishStatement);
  corrected.replace(QStringLiteral("from 2015"), QStringLiteral("from 2014"));
  Find<QPlainTextEdit>(versions, "amendText")->setPlainText(corrected);
  QTest::keyClicks(Find<QLineEdit>(versions, "amendReason"),
                   QStringLiteral("The witness corrected the year"));
  QTest::mouseClick(Find<QPushButton>(versions, "amendButton"), Qt::LeftButton);
  Save(*versions, out, "versions-diff.png");
  versions->reject();

  // The export, its contact warning and its result.
  // The menu's action: on Xvfb, without a window manager, the closed
  // dialog may keep the keyboard focus for a moment.
  Find<QAction>(&w, "exportAction")->trigger();
  auto* wizard = OpenDialog<QWizard>("exportWizard");
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardNext"), Qt::LeftButton);
  Find<QCheckBox>(wizard, "exportRecipient0")->setChecked(true);
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardNext"), Qt::LeftButton);
  QTest::keyClicks(Find<QLineEdit>(wizard, "exportReason"),
                   QStringLiteral("For the hearing of 12 January"));
  Find<QCheckBox>(wizard, "exportWithContacts")->setChecked(true);
  Save(*wizard, out, "export-contacts.png");
  Find<QCheckBox>(wizard, "exportWithContacts")->setChecked(false);
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardNext"), Qt::LeftButton);
  Find<QLineEdit>(wizard, "exportFile")
      ->setText(QString::fromStdString((home / "to-partner.tvb").string()));
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardNext"), Qt::LeftButton);
  WaitFor([&] { return !Find<QLabel>(wizard, "exportResult")->text().isEmpty(); });
  Save(*wizard, out, "export-done.png");
  QTest::mouseClick(Find<QPushButton>(wizard, "wizardFinish"), Qt::LeftButton);

  // The partner's bundle, verified.
  gui::SetNextChosenFile(QString::fromStdString(s.bundle.string()));
  Find<QAction>(&w, "openBundleAction")->trigger();
  auto* receive = OpenDialog<QDialog>("receiveDialog");
  WaitFor([&] { return Find<QPushButton>(receive, "importBundleButton")->isEnabled(); });
  Save(*receive, out, "receive-verified.png");
  receive->reject();

  QTest::keyClick(&w, Qt::Key_L, Qt::ControlModifier);
  if (w.unlocked()) qFatal("Ctrl+L did not lock");
  Save(w, out, "locked.png");
}

}  // namespace

// A HOME of its own, so that the settings the window writes land in the
// throwaway folder, which goes with the vault at the end.
int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: tvault_desktop_screenshots OUTPUT_DIR\n", stderr);
    return 2;
  }
  if (!InitCrypto()) return 2;
  const QString out = QDir(QString::fromLocal8Bit(argv[1])).absolutePath();
  char home_template[] = "/tmp/tvault-screenshots-XXXXXX";
  const char* home = ::mkdtemp(home_template);
  if (home == nullptr) return 2;
  const std::filesystem::path runtime = std::filesystem::path(home) / "run";
  std::filesystem::create_directories(runtime);
  std::filesystem::permissions(runtime, std::filesystem::perms::owner_all);
  ::setenv("HOME", home, 1);
  ::setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
  for (const char* name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TVAULT_DIR"}) {
    ::unsetenv(name);
  }
  {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("tvault"));
    QApplication::setApplicationName(QStringLiteral("tvault-desktop-screenshots"));
    // The same look on every machine the pictures are made on.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (!QDir().mkpath(out)) qFatal("cannot make %s", qPrintable(out));
    Run(home, out);
  }
  std::filesystem::remove_all(home);
  return 0;
}
