#include "vault_holder.h"

#include <QThreadPool>

namespace tvault::gui {

Progress SharedProgress::Into(const std::shared_ptr<SharedProgress>& share) {
  return [share](uint64_t done, uint64_t total) {
    share->done.store(done, std::memory_order_relaxed);
    share->total.store(total, std::memory_order_relaxed);
  };
}

VaultHolder::VaultHolder(QObject* parent) : QObject(parent) {}

VaultHolder::~VaultHolder() {
  // The call's `done` will not run (this object is its context); the
  // Vault it uses must outlive it.
  if (running_ != nullptr) QThreadPool::globalInstance()->waitForDone();
}

void VaultHolder::Open(Vault vault) { open_ = std::make_unique<Vault>(std::move(vault)); }

void VaultHolder::Close() {
  if (!open_) return;
  if (running_ == open_.get()) {
    closing_ = std::move(open_);
  } else {
    open_.reset();  // ~Vault wipes the keys and releases the folder
  }
}

bool VaultHolder::Returned(Vault* vault) {
  running_ = nullptr;
  if (closing_.get() == vault) {
    closing_.reset();
    return false;
  }
  return open_.get() == vault;
}

std::function<void()>& VaultHolder::WorkerGate() {
  static std::function<void()> gate = [] {};
  return gate;
}

void VaultHolder::SetWorkerGateForTesting(std::function<void()> gate) {
  WorkerGate() = gate ? std::move(gate) : [] {};
}

}  // namespace tvault::gui
