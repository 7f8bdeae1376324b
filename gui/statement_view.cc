#include "statement_view.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTextDocument>

#include "qt_text.h"
#include "secret_clipboard.h"

namespace tvault::gui {

StatementView::StatementView(SecretClipboard& clipboard, QWidget* parent)
    : QTextBrowser(parent), clipboard_(clipboard) {
  setOpenLinks(false);
  setUndoRedoEnabled(false);
  setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

void StatementView::ShowStatement(const QString& text) {
  setPlainText(text);
  KeepDirectionAutomatic();
  QTextCursor cursor(document());
  for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
    cursor.setPosition(block.position());
    QTextBlockFormat format = block.blockFormat();
    format.setLayoutDirection(Qt::LayoutDirectionAuto);
    cursor.setBlockFormat(format);
  }
}

void StatementView::ShowDiff(const std::vector<DiffLine>& lines) {
  clear();
  KeepDirectionAutomatic();
  QTextCursor cursor(document());
  bool first = true;
  for (const DiffLine& line : lines) {
    QTextBlockFormat format;
    format.setLayoutDirection(Qt::LayoutDirectionAuto);
    QString mark = QStringLiteral("  ");
    if (line.change == LineChange::kRemoved) {
      format.setBackground(QColor(0xff, 0xdd, 0xdd));
      mark = QStringLiteral("\u2212 ");
    } else if (line.change == LineChange::kAdded) {
      format.setBackground(QColor(0xdd, 0xff, 0xdd));
      mark = QStringLiteral("+ ");
    }
    if (first) {
      cursor.setBlockFormat(format);
      first = false;
    } else {
      cursor.insertBlock(format);
    }
    cursor.insertText(mark + PlainToQString(std::span<const uint8_t>(
                                 reinterpret_cast<const uint8_t*>(line.text.data()),
                                 line.text.size())));
  }
}

// Qt 6.4 already leaves both automatic (the test checks the result, also
// after the interface's direction flips); saying so explicitly keeps a
// right-to-left default, which would force every paragraph, from creeping
// in through a later change of Qt's defaults or of this view.
void StatementView::KeepDirectionAutomatic() {
  QTextOption option = document()->defaultTextOption();
  option.setTextDirection(Qt::LayoutDirectionAuto);
  document()->setDefaultTextOption(option);
}

QMimeData* StatementView::createMimeDataFromSelection() const {
  const QString selected = textCursor().selection().toPlainText();
  clipboard_.ClearLater(selected);
  return SecretClipboard::SecretMimeData(selected);
}

}  // namespace tvault::gui
