// The window's open Vault, and the one slow call (a bundle's verification,
// an import, an export) that may run on it off the UI thread at a time.
//
// A lock always wins: Close() takes the Vault from the window at once, so
// that nothing on the UI thread reaches it again. If a call is running on
// it, the Vault is destroyed (its keys wiped, its folder released) when
// that call returns, and the call's result is dropped, never shown: its
// `done` is not called. The library allows one thread at a time on a
// Vault: while a call runs, the UI thread leaves the Vault alone (the
// dialog that started it is modal). UI thread only, but for the work.
#ifndef TVAULT_GUI_VAULT_HOLDER_H_
#define TVAULT_GUI_VAULT_HOLDER_H_

#include <QObject>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "vault/vault.h"
#include "worker.h"

namespace tvault::gui {

// Progress reported on the worker, read by a timer on the UI thread.
struct SharedProgress {
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> total{0};
  // A Progress for the library; it holds `share` alive.
  static Progress Into(const std::shared_ptr<SharedProgress>& share);
};

class VaultHolder : public QObject {
  Q_OBJECT

 public:
  explicit VaultHolder(QObject* parent);
  // Waits for a running call (it uses a Vault this object owns).
  ~VaultHolder() override;

  // The open Vault, or null after Close().
  Vault* get() const { return open_.get(); }
  void Open(Vault vault);
  void Close();
  // A call is running (perhaps on a Vault already closed).
  bool busy() const { return running_ != nullptr; }

  // Runs `work` on the open Vault on a pool thread, then `done` on the UI
  // thread unless the Vault was closed meanwhile. False (and nothing runs)
  // if no Vault is open or a call is already running.
  template <typename T>
  bool Run(std::function<Result<T>(Vault&)> work, std::function<void(Result<T>)> done) {
    if (!open_ || running_ != nullptr) return false;
    Vault* vault = open_.get();
    running_ = vault;
    RunOnWorker<T>(
        this,
        [vault, work = std::move(work)] {
          WorkerGate()();
          return work(*vault);
        },
        [this, vault, done = std::move(done)](Result<T> result) {
          if (Returned(vault)) done(std::move(result));
        });
    return true;
  }

  // Runs before every call's work, on its thread: a test holds a call
  // there to lock the window while it runs. Empty: nothing.
  static void SetWorkerGateForTesting(std::function<void()> gate);

 private:
  static std::function<void()>& WorkerGate();
  // After a call on `vault` returned: whether its result may be shown.
  bool Returned(Vault* vault);

  std::unique_ptr<Vault> open_;
  std::unique_ptr<Vault> closing_;  // closed while a call ran on it
  Vault* running_ = nullptr;
};

}  // namespace tvault::gui

#endif  // TVAULT_GUI_VAULT_HOLDER_H_
