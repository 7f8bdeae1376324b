// Small constructors every screen uses, so that each control gets its
// object name (tests find it), its accessible name (screen readers) and,
// for a label that shows record text, plain-text format (QLabel would
// otherwise render a title such as "<img src=...>" as rich text).
#ifndef TVAULT_GUI_WIDGETS_H_
#define TVAULT_GUI_WIDGETS_H_

#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace tvault::gui {

// Names a control for tests and for assistive technology.
template <typename W>
W* Named(W* widget, const char* object_name, const QString& accessible_name) {
  widget->setObjectName(QString::fromLatin1(object_name));
  widget->setAccessibleName(accessible_name);
  return widget;
}

// A label for text from the vault: plain text, selectable by keyboard and
// mouse, wrapping.
QLabel* ValueLabel(const char* object_name, const QString& accessible_name, QWidget* parent);
QPushButton* Button(const QString& text, const char* object_name, QWidget* parent);
QLineEdit* LineEdit(const char* object_name, const QString& accessible_name, QWidget* parent);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_WIDGETS_H_
