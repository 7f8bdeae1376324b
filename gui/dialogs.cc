#include "dialogs.h"

#include <QFileDialog>

namespace tvault::gui {
namespace {

std::optional<QString>& NextFolder() {
  static std::optional<QString> next;
  return next;
}

std::optional<QString>& NextFile() {
  static std::optional<QString> next;
  return next;
}

QString BundleFilter() { return QFileDialog::tr("tvault bundles (*.tvb);;All files (*)"); }

}  // namespace

QString ChooseFolder(QWidget* parent, const QString& title, const QString& start) {
  if (std::optional<QString> next = std::exchange(NextFolder(), std::nullopt)) return *next;
  // Only folders, and no recent-places list written from here.
  return QFileDialog::getExistingDirectory(
      parent, title, start, QFileDialog::ShowDirsOnly | QFileDialog::DontResolveSymlinks);
}

void SetNextChosenFolder(std::optional<QString> folder) { NextFolder() = std::move(folder); }

QString ChooseBundleToOpen(QWidget* parent, const QString& start) {
  if (std::optional<QString> next = std::exchange(NextFile(), std::nullopt)) return *next;
  return QFileDialog::getOpenFileName(parent, QFileDialog::tr("Open a bundle"), start,
                                      BundleFilter());
}

QString ChooseBundleToSave(QWidget* parent, const QString& start) {
  if (std::optional<QString> next = std::exchange(NextFile(), std::nullopt)) return *next;
  return QFileDialog::getSaveFileName(parent, QFileDialog::tr("Save the bundle as"), start,
                                      BundleFilter(), nullptr,
                                      QFileDialog::DontConfirmOverwrite);
}

QString ChooseStatementFile(QWidget* parent) {
  if (std::optional<QString> next = std::exchange(NextFile(), std::nullopt)) return *next;
  return QFileDialog::getOpenFileName(parent, QFileDialog::tr("The new statement"), QString(),
                                      QFileDialog::tr("Text (*.txt);;All files (*)"));
}

void SetNextChosenFile(std::optional<QString> file) { NextFile() = std::move(file); }

}  // namespace tvault::gui
