// Two tiers of memory for sensitive bytes.
//
//  * SecretBytes: keys, subkeys, passphrases. Backed by sodium_malloc: guard
//    pages, a canary, mlock'ed where the limit allows, excluded from core
//    dumps, wiped on free. Secrets of at most 256 bytes share sodium_malloc
//    slabs in wiped 256-byte slots (no guard page between two of them; see
//    secret_bytes.cc). Move-only. The bytes are reachable only through
//    reveal(), so `grep reveal` finds every place a secret leaves its box.
//  * PlainBytes / PlainString: bulk plaintext (statements, contact details).
//    An ordinary heap vector whose allocator wipes memory before freeing it.
//
// Neither type is thread-safe; share them across threads only by moving.
#ifndef TVAULT_SECRET_H_
#define TVAULT_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <cstring>
#include <string>
#include <vector>

#include "vault/result.h"

namespace tvault {

// Overwrites [p, p+n) in a way the compiler may not elide.
void SecureWipe(void* p, std::size_t n);

// Compares in time independent of the contents. Sizes must be equal; unequal
// sizes compare unequal (the size itself is not secret).
bool ConstantTimeEqual(std::span<const uint8_t> a, std::span<const uint8_t> b);

template <typename T>
struct ZeroizingAllocator {
  using value_type = T;
  ZeroizingAllocator() noexcept = default;
  template <typename U>
  ZeroizingAllocator(const ZeroizingAllocator<U>&) noexcept {}  // NOLINT
  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    SecureWipe(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }
  template <typename U>
  bool operator==(const ZeroizingAllocator<U>&) const noexcept { return true; }
};

using PlainBytes = std::vector<uint8_t, ZeroizingAllocator<uint8_t>>;
// Note: short strings live inline (SSO) and bypass the allocator; PlainString
// wipes what it allocates, so keep sensitive text in PlainBytes where you can.
using PlainString =
    std::basic_string<char, std::char_traits<char>, ZeroizingAllocator<char>>;

// Appends `bytes` to `v` with one memcpy. (vector::insert copies element by
// element when the allocator is not std::allocator: about 4x slower for bulk
// data, which every bundle byte crosses twice.) `bytes` must not point into
// `v`: growing `v` may free it first.
inline void AppendBytes(PlainBytes& v, std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  const std::size_t old = v.size();
  v.resize(old + bytes.size());
  std::memcpy(v.data() + old, bytes.data(), bytes.size());
}

inline std::span<const uint8_t> AsBytes(const PlainString& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline PlainString AsPlainString(std::span<const uint8_t> b) {
  return PlainString(reinterpret_cast<const char*>(b.data()), b.size());
}

class SecretBytes {
 public:
  SecretBytes() = default;
  // Allocates n bytes of guarded memory, zero-filled. Aborts on allocation
  // failure (guarded memory is small and its exhaustion is not recoverable).
  explicit SecretBytes(std::size_t n);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // A new guarded buffer holding a copy of `bytes`.
  static SecretBytes CopyOf(std::span<const uint8_t> bytes);
  // n bytes from the operating system's CSPRNG.
  static SecretBytes Random(std::size_t n);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The only way to the bytes. Keep the span's lifetime short and never copy
  // the bytes into unguarded memory.
  std::span<uint8_t> reveal() { return {data_, size_}; }
  std::span<const uint8_t> reveal() const { return {data_, size_}; }

  // Shrinks the visible size (e.g. after reading fewer bytes than reserved).
  // The remaining bytes are wiped.
  void Truncate(std::size_t n);

  // Equality in constant time.
  bool Equals(const SecretBytes& other) const;

 private:
  uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace tvault

#endif  // TVAULT_SECRET_H_
