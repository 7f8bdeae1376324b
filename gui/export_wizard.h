// "Export", a guided dialog over Vault::Export, the call `tvault export`
// makes (the same consent and hold rules, the same audit events, the same
// errors in plain words): which records (the chosen testimony, a case or
// all), to which peers (those with an age key; none: how to add one), what
// for and why (required), the witnesses' contact details only as an
// explicit opt-in with a red warning and a second confirmation, the file
// (an existing file is refused, as the CLI refuses it), then the export on
// a worker with its progress, and the bundle id, each recipient's key
// fingerprint and "Show in folder".
//
// A form ("Export"): a lock rejects it, also while the export runs (the
// result is then never shown; the VaultHolder destroys the Vault when the
// library returns). Otherwise it cannot be closed while the export runs.
// UI thread only.
#ifndef TVAULT_GUI_EXPORT_WIZARD_H_
#define TVAULT_GUI_EXPORT_WIZARD_H_

#include <QWizard>
#include <string>

#include "vault/vault.h"

namespace tvault::gui {

class VaultHolder;

class ExportWizard : public QWizard {
  Q_OBJECT

 public:
  // `testimony_id`: the testimony chosen in the window (may be empty);
  // `case_id`: the case chosen (may be empty).
  ExportWizard(VaultHolder& vaults, const std::string& testimony_id, const std::string& case_id,
               QWidget* parent);
  void reject() override;

 private:
  VaultHolder& vaults_;
  ExportRequest request_;  // what the pages gather
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_EXPORT_WIZARD_H_
