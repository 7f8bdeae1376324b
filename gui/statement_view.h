// A statement, read-only. Each paragraph takes its own direction from its
// first strong letter (Qt::LayoutDirectionAuto on every block and on the
// document), so a Uyghur or Arabic paragraph lays out right-to-left next
// to an English one left-to-right, whatever the window's direction. A
// selection copied from it (Ctrl+C, drag) is marked secret and cleared
// later, as the copy button's.
#ifndef TVAULT_GUI_STATEMENT_VIEW_H_
#define TVAULT_GUI_STATEMENT_VIEW_H_

#include <QTextBrowser>
#include <vector>

#include "vault/line_diff.h"

namespace tvault::gui {

class SecretClipboard;

class StatementView : public QTextBrowser {
  Q_OBJECT

 public:
  StatementView(SecretClipboard& clipboard, QWidget* parent);
  void ShowStatement(const QString& text);
  // A line diff of two versions: each line a paragraph, "− " and a red
  // background for a removed line, "+ " and green for an added one.
  void ShowDiff(const std::vector<DiffLine>& lines);

 protected:
  QMimeData* createMimeDataFromSelection() const override;

 private:
  void KeepDirectionAutomatic();
  SecretClipboard& clipboard_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_STATEMENT_VIEW_H_
