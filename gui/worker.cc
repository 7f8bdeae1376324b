#include "worker.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>

namespace tvault::gui {

void RunOffUiThread(QObject* context, std::function<Result<Vault>()> work,
                    std::function<void(Result<Vault>)> done) {
  // QFuture wants a copyable result: the Result travels in a shared_ptr.
  using Shared = std::shared_ptr<Result<Vault>>;
  auto* watcher = new QFutureWatcher<Shared>(context);
  QObject::connect(watcher, &QFutureWatcher<Shared>::finished, context,
                   [watcher, done = std::move(done)] {
                     Shared result = watcher->result();
                     watcher->deleteLater();
                     done(std::move(*result));
                   });
  watcher->setFuture(QtConcurrent::run(
      [work = std::move(work)] { return std::make_shared<Result<Vault>>(work()); }));
}

}  // namespace tvault::gui
