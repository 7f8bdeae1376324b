// One witness: id, name and testimony count from the list; the contact
// details only behind the reveal toggle. Each reveal is the audited view
// `witness show` is (Vault::GetWitness, witness.view); hiding them or
// choosing another witness drops them from the window. UI thread only.
#ifndef TVAULT_GUI_WITNESS_PANE_H_
#define TVAULT_GUI_WITNESS_PANE_H_

#include <QWidget>
#include <string>

#include "vault/vault.h"

class QLabel;
class QPushButton;

namespace tvault::gui {

class SecretClipboard;

class WitnessPane : public QWidget {
  Q_OBJECT

 public:
  WitnessPane(SecretClipboard& clipboard, QWidget* parent);
  // Shows the witness with the details hidden; `vault` must outlive the
  // pane's use of it, until Clear().
  void Show(Vault& vault, const std::string& id, const QString& name, int64_t testimonies);
  void Clear();
  // Copies the revealed contact details, marked secret.
  void CopyContacts();

 private:
  void Reveal(bool on);
  void HideContacts();

  SecretClipboard& clipboard_;
  Vault* vault_ = nullptr;
  std::string id_text_;
  QLabel* id_;
  QLabel* name_;
  QLabel* count_;
  QPushButton* reveal_;
  QWidget* contacts_;
  QLabel* error_;
  QLabel* aliases_;
  QLabel* phone_;
  QLabel* email_;
  QLabel* address_;
  QLabel* relatives_;
  QLabel* notes_;
  QPushButton* copy_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_WITNESS_PANE_H_
