// A progress bar that follows a SharedProgress a worker writes: it reads
// the counters ten times a second on the UI thread while watching.
#ifndef TVAULT_GUI_PROGRESS_BAR_H_
#define TVAULT_GUI_PROGRESS_BAR_H_

#include <QProgressBar>
#include <memory>

#include "vault_holder.h"

class QTimer;

namespace tvault::gui {

class WorkProgressBar : public QProgressBar {
  Q_OBJECT

 public:
  WorkProgressBar(const char* object_name, const QString& accessible_name, QWidget* parent);
  // Shows `share` from now on (a fresh one, at zero); Stop() freezes it.
  std::shared_ptr<SharedProgress> Watch();
  void Stop();

 private:
  void Poll();

  std::shared_ptr<SharedProgress> share_;
  QTimer* timer_;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_PROGRESS_BAR_H_
