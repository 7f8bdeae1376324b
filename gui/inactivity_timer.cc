#include "inactivity_timer.h"

#include <QCoreApplication>
#include <QEvent>

namespace tvault::gui {

InactivityTimer::InactivityTimer(std::chrono::milliseconds timeout, QObject* parent)
    : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setInterval(timeout);
  connect(&timer_, &QTimer::timeout, this, &InactivityTimer::Inactive);
  QCoreApplication::instance()->installEventFilter(this);
}

InactivityTimer::~InactivityTimer() {
  if (QCoreApplication* app = QCoreApplication::instance()) app->removeEventFilter(this);
}

void InactivityTimer::Start() { timer_.start(); }

void InactivityTimer::Stop() { timer_.stop(); }

bool InactivityTimer::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
      if (timer_.isActive()) timer_.start();
      break;
    default: break;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace tvault::gui
