// Runs a slow library call (the KDF of an unlock or a new vault) on Qt's
// thread pool and hands its Result<Vault> back on the UI thread. The
// Vault moves from the worker to the UI thread once, after the worker
// finished with it (the library allows one thread at a time).
#ifndef TVAULT_GUI_WORKER_H_
#define TVAULT_GUI_WORKER_H_

#include <functional>

#include "vault/vault.h"

class QObject;

namespace tvault::gui {

// `work` runs on a pool thread; `done` runs on `context`'s thread after it,
// unless `context` was destroyed meanwhile.
void RunOffUiThread(QObject* context, std::function<Result<Vault>()> work,
                    std::function<void(Result<Vault>)> done);

}  // namespace tvault::gui

#endif  // TVAULT_GUI_WORKER_H_
