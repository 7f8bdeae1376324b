// One testimony: its metadata and its statement, read-only. Showing one is
// the audited view `testimony show` is (testimony.view). Clear() drops the
// text. UI thread only.
#ifndef TVAULT_GUI_TESTIMONY_PANE_H_
#define TVAULT_GUI_TESTIMONY_PANE_H_

#include <QWidget>
#include <string>

#include "vault/vault.h"

class QLabel;
class QPushButton;

namespace tvault::gui {

class SecretClipboard;
class StatementView;

class TestimonyPane : public QWidget {
  Q_OBJECT

 public:
  TestimonyPane(SecretClipboard& clipboard, QWidget* parent);
  void Show(Vault& vault, const std::string& id);
  void Clear();
  // Copies the whole statement, marked secret.
  void CopyStatement();
  // The versions of the testimony shown, their diff, an amendment.
  void OpenVersions();

 private:
  void SetFields(const Testimony& t);

  SecretClipboard& clipboard_;
  Vault* vault_ = nullptr;  // between Show() and Clear()
  std::string testimony_id_;
  QLabel* error_;
  QLabel* id_;
  QLabel* title_;
  QLabel* witness_;
  QLabel* taken_;
  QLabel* place_;
  QLabel* language_;
  QLabel* people_;
  QLabel* version_;
  QLabel* sha256_;
  StatementView* statement_;
  QPushButton* copy_;
  QPushButton* versions_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_TESTIMONY_PANE_H_
