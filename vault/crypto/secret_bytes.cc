#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

#include "crypto/random.h"
#include "vault/secret.h"

namespace tvault {

void SecureWipe(void* p, std::size_t n) {
  if (p != nullptr && n != 0) sodium_memzero(p, n);
}

bool ConstantTimeEqual(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretBytes::SecretBytes(std::size_t n) : size_(n), capacity_(n) {
  // sodium_malloc(0) is legal but keep the invariant data_ != nullptr simple.
  data_ = static_cast<uint8_t*>(sodium_malloc(n == 0 ? 1 : n));
  if (data_ == nullptr) std::abort();
  sodium_memzero(data_, n == 0 ? 1 : n);
}

SecretBytes::~SecretBytes() {
  // sodium_free wipes before unmapping.
  if (data_ != nullptr) sodium_free(data_);
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

SecretBytes SecretBytes::CopyOf(std::span<const uint8_t> bytes) {
  SecretBytes s(bytes.size());
  if (!bytes.empty()) std::memcpy(s.data_, bytes.data(), bytes.size());
  return s;
}

SecretBytes SecretBytes::Random(std::size_t n) {
  SecretBytes s(n);
  crypto::RandomBytes({s.data_, n});
  return s;
}

void SecretBytes::Truncate(std::size_t n) {
  if (n >= size_) return;
  sodium_memzero(data_ + n, size_ - n);
  size_ = n;
}

bool SecretBytes::Equals(const SecretBytes& other) const {
  return ConstantTimeEqual(reveal(), other.reveal());
}

}  // namespace tvault
