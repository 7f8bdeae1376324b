// "Receive a bundle": as soon as it opens, the bundle is verified with the
// vault's identity on a worker (VaultHolder), the very check of `tvault
// bundle verify` with its audit event; then the result in plain words:
// who signed it, for whom, when, why, what it holds, its custody, or the
// first failure in red. Import stores it as `tvault bundle import` does
// and calls `on_imported`. While a call runs the dialog cannot be closed
// but by a lock, which rejects it as a form ("Receive a bundle"); a result
// that returns after the lock is never shown. Text from the bundle goes
// through UntrustedToQString. UI thread only.
#ifndef TVAULT_GUI_RECEIVE_DIALOG_H_
#define TVAULT_GUI_RECEIVE_DIALOG_H_

#include <QDialog>
#include <filesystem>
#include <functional>

#include "vault/vault.h"

class QLabel;
class QPushButton;

namespace tvault::gui {

class VaultHolder;
class WorkProgressBar;

class ReceiveDialog : public QDialog {
  Q_OBJECT

 public:
  ReceiveDialog(VaultHolder& vaults, std::filesystem::path file, QWidget* parent);
  std::function<void()> on_imported;
  // Starts the verification; call after open().
  void Verify();
  void reject() override;

 private:
  void Import();
  void Working(const QString& what);
  void Finished();
  void ShowSummary(const BundleSummary& summary);
  void Fail(const Error& error);

  VaultHolder& vaults_;
  const std::filesystem::path file_;
  QLabel* status_;
  WorkProgressBar* progress_;
  QLabel* summary_;
  QLabel* failure_;
  QPushButton* import_;
  QPushButton* close_;
};

// The summary of a verified bundle in plain words, one fact a line; the
// signer named as `signer` (the peer and its key id, worked out by the
// caller). Text from the bundle is escaped.
QString BundleSummaryWords(const BundleSummary& summary, const QString& signer);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_RECEIVE_DIALOG_H_
