#include "progress_bar.h"

#include <QTimer>

#include "widgets.h"

namespace tvault::gui {

WorkProgressBar::WorkProgressBar(const char* object_name, const QString& accessible_name,
                                 QWidget* parent)
    : QProgressBar(parent), timer_(new QTimer(this)) {
  Named(this, object_name, accessible_name);
  setRange(0, 1000);
  setValue(0);
  timer_->setInterval(100);
  connect(timer_, &QTimer::timeout, this, &WorkProgressBar::Poll);
}

std::shared_ptr<SharedProgress> WorkProgressBar::Watch() {
  share_ = std::make_shared<SharedProgress>();
  setValue(0);
  timer_->start();
  return share_;
}

void WorkProgressBar::Stop() {
  Poll();
  timer_->stop();
}

void WorkProgressBar::Poll() {
  if (!share_) return;
  const uint64_t total = share_->total.load(std::memory_order_relaxed);
  const uint64_t done = share_->done.load(std::memory_order_relaxed);
  if (total > 0) setValue(static_cast<int>(std::min<uint64_t>(done, total) * 1000 / total));
}

}  // namespace tvault::gui
