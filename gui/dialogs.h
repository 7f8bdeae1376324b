// The one file dialog the window opens, behind a seam that tests can
// pre-answer (as KeePassXC's FileDialog::setNextFileName), since a native
// dialog cannot be driven from QTest.
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

}  // namespace tvault::gui

#endif  // TVAULT_GUI_DIALOGS_H_
