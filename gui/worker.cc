#include "worker.h"

namespace tvault::gui {

void RunOffUiThread(QObject* context, std::function<Result<Vault>()> work,
                    std::function<void(Result<Vault>)> done) {
  RunOnWorker<Vault>(context, std::move(work), std::move(done));
}

}  // namespace tvault::gui
