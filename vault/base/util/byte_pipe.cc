#include "util/byte_pipe.h"

#include <algorithm>

namespace tvault {

Status BytePipe::Put(std::span<const uint8_t> bytes) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!bytes.empty()) {
    cv_.wait(lock, [&] { return cancelled_ || buf_.size() < capacity_; });
    if (cancelled_) return MakeError(ErrorCode::kInternal, "the reader of a pipe gave up");
    const std::size_t n = std::min(bytes.size(), capacity_ - buf_.size());
    AppendBytes(buf_, bytes.first(n));
    bytes = bytes.subspan(n);
    cv_.notify_all();
  }
  return OkStatus();
}

Result<std::size_t> BytePipe::Take(std::span<uint8_t> out) {
  if (out.empty()) return std::size_t{0};
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !buf_.empty() || closed_; });
  if (buf_.empty()) {
    if (error_) return *error_;
    return std::size_t{0};
  }
  const std::size_t n = std::min(out.size(), buf_.size());
  std::copy_n(buf_.begin(), n, out.begin());
  // Shift the rest down, wiping what moved out (small buffers: cheap).
  std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(n), buf_.end(), buf_.begin());
  std::fill(buf_.end() - static_cast<std::ptrdiff_t>(n), buf_.end(), uint8_t{0});
  buf_.resize(buf_.size() - n);
  cv_.notify_all();
  return n;
}

void BytePipe::Close(Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  if (!status.ok()) error_ = status.error();
  cv_.notify_all();
}

void BytePipe::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  cv_.notify_all();
}

}  // namespace tvault
