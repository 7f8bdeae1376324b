#include "widgets.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace tvault::gui {

QLabel* ValueLabel(const char* object_name, const QString& accessible_name, QWidget* parent) {
  auto* label = Named(new QLabel(parent), object_name, accessible_name);
  label->setTextFormat(Qt::PlainText);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  return label;
}

// The accessible name is the button's text without its mnemonic marker.
QPushButton* Button(const QString& text, const char* object_name, QWidget* parent) {
  QString spoken = text;
  spoken.remove(QLatin1Char('&'));
  return Named(new QPushButton(text, parent), object_name, spoken);
}

QLineEdit* LineEdit(const char* object_name, const QString& accessible_name, QWidget* parent) {
  return Named(new QLineEdit(parent), object_name, accessible_name);
}

}  // namespace tvault::gui
