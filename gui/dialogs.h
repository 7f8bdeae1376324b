// The file dialogs the window opens, behind a seam that tests can
// pre-answer (as KeePassXC's FileDialog::setNextFileName), since a native
// dialog cannot be driven from QTest. None keeps a recent-files list.
#ifndef TVAULT_GUI_DIALOGS_H_
#define TVAULT_GUI_DIALOGS_H_

#include <QString>
#include <optional>

class QWidget;

namespace tvault::gui {

// A folder chosen by the user, or empty if they cancelled.
QString ChooseFolder(QWidget* parent, const QString& title, const QString& start);
// The answer the next ChooseFolder gives without showing a dialog.
void SetNextChosenFolder(std::optional<QString> folder);

// A bundle file to open, or empty if they cancelled.
QString ChooseBundleToOpen(QWidget* parent, const QString& start);
// A new file to write a bundle to, or empty if they cancelled. The dialog
// does not ask about replacing a file: the window refuses an existing one.
QString ChooseBundleToSave(QWidget* parent, const QString& start);
// A statement file (an amendment's), or empty if they cancelled.
QString ChooseStatementFile(QWidget* parent);
// The answer the next ChooseBundleToOpen, ChooseBundleToSave or
// ChooseStatementFile gives.
void SetNextChosenFile(std::optional<QString> file);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_DIALOGS_H_
