// What the desktop's widget tests and the screenshot program share to drive
// the real window as a person would: find a control by its object name,
// type any text into it, make library values and vaults for them to set
// up, and run a test class under a HOME of its own. Test code only: a
// failure ends the program (qFatal).
#ifndef TVAULT_GUI_TESTS_WINDOW_DRIVER_H_
#define TVAULT_GUI_TESTS_WINDOW_DRIVER_H_

#include <QApplication>
#include <QObject>
#include <QString>
#include <QTest>
#include <QWidget>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "vault/crypto_init.h"
#include "vault/result.h"
#include "vault/secret.h"
#include "vault/vault.h"

namespace tvault::gui::testing {

inline SecretBytes Pass(const std::string& s) {
  return SecretBytes::CopyOf({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

inline PlainString Text(const std::string& s) { return PlainString(s.data(), s.size()); }

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) qFatal("library call failed: %s", r.error().message.c_str());
  return std::move(r).value();
}

template <typename T>
T* Find(QObject* root, const char* name) {
  T* found = root->findChild<T*>(QString::fromLatin1(name));
  if (found == nullptr) qFatal("no widget %s", name);
  return found;
}

// Types any text, also letters QTest::keyClicks cannot (it sends Latin-1).
inline void Type(QWidget* widget, const QString& text) {
  for (QChar c : text) {
    QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
  }
}

// A vault made through the library, with a cheap KDF.
inline void MakeTestVault(const std::filesystem::path& dir, const std::string& passphrase,
                          const std::string& custodian) {
  InitOptions init{Text(custodian), InsecureKdfParamsForTestsOnly(8 * 1024, 1)};
  Status made = Vault::Init(dir, Pass(passphrase), init);
  if (!made.ok()) qFatal("init failed: %s", made.error().message.c_str());
}

inline Vault OpenTestVault(const std::filesystem::path& dir, const std::string& passphrase) {
  OpenOptions options;
  options.wait = std::chrono::milliseconds(0);
  return Must(Vault::Open(dir, Pass(passphrase), options));
}

// Runs the QtTest class `Test` with a HOME of its own (so that the settings
// file and anything else Qt writes land where a test can scan them, and
// nowhere else), on Qt's offscreen platform unless another is set.
template <typename Test>
int RunWidgetTests(int argc, char** argv, const char* application_name) {
  if (!InitCrypto()) return 2;
  char home_template[] = "/tmp/tvault-desktop-test-XXXXXX";
  const char* home = ::mkdtemp(home_template);
  if (home == nullptr) return 2;
  const std::string runtime = std::string(home) + "/run";
  std::filesystem::create_directories(runtime);
  std::filesystem::permissions(runtime, std::filesystem::perms::owner_all);
  ::setenv("HOME", home, 1);
  ::setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
  for (const char* name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TVAULT_DIR"}) {
    ::unsetenv(name);
  }
  if (std::getenv("QT_QPA_PLATFORM") == nullptr) ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
  int rc = 0;
  {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("tvault"));
    QApplication::setApplicationName(QString::fromLatin1(application_name));
    Test test;
    rc = QTest::qExec(&test, argc, argv);
  }
  std::filesystem::remove_all(home);
  return rc;
}

}  // namespace tvault::gui::testing

#endif  // TVAULT_GUI_TESTS_WINDOW_DRIVER_H_
