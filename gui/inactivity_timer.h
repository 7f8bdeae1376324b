// Idle detection for the auto-lock: every keyboard, mouse, wheel and touch
// event the application receives restarts one single-shot timer; when it
// runs out, Inactive() is emitted. It measures idleness inside this
// application only (as KeePassXC does), not the whole session.
#ifndef TVAULT_GUI_INACTIVITY_TIMER_H_
#define TVAULT_GUI_INACTIVITY_TIMER_H_

#include <QObject>
#include <QTimer>
#include <chrono>

namespace tvault::gui {

class InactivityTimer : public QObject {
  Q_OBJECT

 public:
  InactivityTimer(std::chrono::milliseconds timeout, QObject* parent);
  ~InactivityTimer() override;
  void Start();
  void Stop();

 Q_SIGNALS:
  void Inactive();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QTimer timer_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_INACTIVITY_TIMER_H_
