// Runs a slow library call (the KDF of an unlock or a new vault, a bundle's
// verification or an export) on Qt's thread pool and hands its Result back
// on the UI thread. What the call uses moves to the worker and back once,
// before and after it (the library allows one thread at a time on a Vault).
#ifndef TVAULT_GUI_WORKER_H_
#define TVAULT_GUI_WORKER_H_

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <functional>
#include <memory>

#include "vault/vault.h"

class QObject;

namespace tvault::gui {

// `work` runs on a pool thread; `done` runs on `context`'s thread after it,
// unless `context` was destroyed meanwhile.
template <typename T>
void RunOnWorker(QObject* context, std::function<Result<T>()> work,
                 std::function<void(Result<T>)> done) {
  // QFuture wants a copyable result: the Result travels in a shared_ptr.
  using Shared = std::shared_ptr<Result<T>>;
  auto* watcher = new QFutureWatcher<Shared>(context);
  QObject::connect(watcher, &QFutureWatcher<Shared>::finished, context,
                   [watcher, done = std::move(done)] {
                     Shared result = watcher->result();
                     watcher->deleteLater();
                     done(std::move(*result));
                   });
  watcher->setFuture(QtConcurrent::run(
      [work = std::move(work)] { return std::make_shared<Result<T>>(work()); }));
}

// The unlock's and the new vault's form of RunOnWorker.
void RunOffUiThread(QObject* context, std::function<Result<Vault>()> work,
                    std::function<void(Result<Vault>)> done);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_WORKER_H_
