// What the desktop's widget test and the screenshot program share to drive
// the real window as a person would: find a control by its object name,
// type any text into it, and make library values for the vault they set
// up. Test code only: a failure ends the program (qFatal).
#ifndef TVAULT_GUI_TESTS_WINDOW_DRIVER_H_
#define TVAULT_GUI_TESTS_WINDOW_DRIVER_H_

#include <QObject>
#include <QString>
#include <QTest>
#include <QWidget>
#include <cstdint>
#include <string>
#include <utility>

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

}  // namespace tvault::gui::testing

#endif  // TVAULT_GUI_TESTS_WINDOW_DRIVER_H_
