#include "secret_clipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>

namespace tvault::gui {
namespace {

QByteArray DigestOf(const QString& text) {
  return QCryptographicHash::hash(
      QByteArrayView(reinterpret_cast<const char*>(text.constData()), text.size() * 2),
      QCryptographicHash::Sha256);
}

bool Holds(QClipboard::Mode mode, const QByteArray& digest) {
  const QMimeData* data = QGuiApplication::clipboard()->mimeData(mode);
  return data != nullptr && data->hasText() && DigestOf(data->text()) == digest;
}

}  // namespace

SecretClipboard::SecretClipboard(std::chrono::milliseconds clear_after, QObject* parent)
    : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setInterval(clear_after);
  connect(&timer_, &QTimer::timeout, this, &SecretClipboard::ClearIfOurs);
}

SecretClipboard::~SecretClipboard() { ClearIfOurs(); }

QMimeData* SecretClipboard::SecretMimeData(const QString& text) {
  auto* data = new QMimeData;
  data->setText(text);
  data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
  return data;
}

void SecretClipboard::Copy(const QString& text) {
  QGuiApplication::clipboard()->setMimeData(SecretMimeData(text), QClipboard::Clipboard);
  ClearLater(text);
}

void SecretClipboard::ClearLater(const QString& text) {
  digest_ = DigestOf(text);
  timer_.start();
}

void SecretClipboard::ClearIfOurs() {
  timer_.stop();
  if (digest_.isEmpty()) return;
  QClipboard* clipboard = QGuiApplication::clipboard();
  for (QClipboard::Mode mode : {QClipboard::Clipboard, QClipboard::Selection}) {
    if (mode == QClipboard::Selection && !clipboard->supportsSelection()) continue;
    if (Holds(mode, digest_)) clipboard->clear(mode);
  }
  digest_.clear();
}

}  // namespace tvault::gui
