#include "dialogs.h"

#include <QFileDialog>

namespace tvault::gui {
namespace {

std::optional<QString>& NextFolder() {
  static std::optional<QString> next;
  return next;
}

}  // namespace

QString ChooseFolder(QWidget* parent, const QString& title, const QString& start) {
  if (std::optional<QString> next = std::exchange(NextFolder(), std::nullopt)) return *next;
  // Only folders, and no recent-places list written from here.
  return QFileDialog::getExistingDirectory(
      parent, title, start, QFileDialog::ShowDirsOnly | QFileDialog::DontResolveSymlinks);
}

void SetNextChosenFolder(std::optional<QString> folder) { NextFolder() = std::move(folder); }

}  // namespace tvault::gui
