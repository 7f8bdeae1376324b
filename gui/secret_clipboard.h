// Copies of statement text and contact details: marked secret for
// clipboard managers (x-kde-passwordManagerHint: secret; KDE's Klipper and
// others keep no history of them, some managers ignore it) and cleared
// after a while if the clipboard still holds them. Ids and hashes are
// copied plainly elsewhere. Lives on the UI thread.
#ifndef TVAULT_GUI_SECRET_CLIPBOARD_H_
#define TVAULT_GUI_SECRET_CLIPBOARD_H_

#include <QByteArray>
#include <QObject>
#include <QTimer>
#include <chrono>

class QMimeData;

namespace tvault::gui {

class SecretClipboard : public QObject {
  Q_OBJECT

 public:
  SecretClipboard(std::chrono::milliseconds clear_after, QObject* parent);
  ~SecretClipboard() override;

  // The MIME data of a secret copy: text/plain and the hint.
  static QMimeData* SecretMimeData(const QString& text);

  // Puts `text` on the clipboard, marked secret, and clears it later.
  void Copy(const QString& text);
  // Clears it later: for a copy the window made another way (a selection
  // copied with Ctrl+C in the statement view).
  void ClearLater(const QString& text);
  // Clears the clipboard now if it still holds the last secret copy (lock,
  // quit).
  void ClearIfOurs();

 private:
  QByteArray digest_;  // SHA-256 of the last secret copy, not the text
  QTimer timer_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_SECRET_CLIPBOARD_H_
