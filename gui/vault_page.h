// The vault, by case: the cases on the left ("All records" first), the
// testimonies and witnesses of the chosen case in two lazy lists with a
// filter box, a sort order and counts, and the chosen record on the right.
// Holds a pointer to the MainWindow's open Vault between Show() and
// Clear(); Clear() empties every view and model. UI thread only.
#ifndef TVAULT_GUI_VAULT_PAGE_H_
#define TVAULT_GUI_VAULT_PAGE_H_

#include <QStringList>
#include <QWidget>
#include <string>

#include "vault/vault.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace tvault::gui {

class RecordTableModel;
class SecretClipboard;
class TestimonyPane;
class WitnessPane;

class VaultPage : public QWidget {
  Q_OBJECT

 public:
  VaultPage(SecretClipboard& clipboard, QWidget* parent);
  // `notices`: what the window must tell at this unlock (failed unlocks,
  // a form a lock discarded).
  void Show(Vault& vault, const QStringList& notices);
  void Clear();
  // Reads the cases and lists again (after an import), keeping the case.
  void Refresh();
  void NewCase();
  void CopyStatement();
  // The testimony chosen in the list and the case chosen on the left
  // (empty when none), for an export.
  std::string ChosenTestimony() const;
  const std::string& ChosenCase() const { return case_id_; }

 private:
  void LoadCases();
  void LoadLists();
  void UpdateCounts();
  void ApplyFilter();
  void ApplySort();
  void TestimonyChosen();
  void WitnessChosen();
  void SetNotice(const QString& text);

  Vault* vault_ = nullptr;
  std::string case_id_;
  QLabel* notice_;
  QListWidget* cases_;
  QPushButton* new_case_;
  QLineEdit* filter_;
  QComboBox* sort_;
  QLabel* counts_;
  QTabWidget* tabs_;
  RecordTableModel* testimonies_;
  RecordTableModel* witnesses_;
  QTableView* testimony_table_;
  QTableView* witness_table_;
  QStackedWidget* detail_;
  QLabel* nothing_chosen_;
  TestimonyPane* testimony_;
  WitnessPane* witness_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_VAULT_PAGE_H_
