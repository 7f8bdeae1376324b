#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

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

namespace {

// Small secrets (keys, subkeys, MAC states: at most kSlotBytes) come from
// slabs of guarded memory instead of one sodium_malloc each. sodium_malloc
// maps at least three pages and changes their protection (mmap, mprotect,
// mlock, then munmap on free), which costs more than the AEAD the key is
// for and so dominated bulk operations that unwrap one key per record.
//
// Each slab is itself one sodium_malloc region: guard pages on both sides,
// a canary, mlock'ed, excluded from core dumps. What is given up is a guard
// page between two small secrets of the same slab; a slot is wiped when it
// is freed and zeroed when it is handed out, so no secret outlives its
// SecretBytes. Botan's mlock pool makes the same trade. Slabs are kept for
// the life of the process (their slots are reused); a process holds few
// small secrets at once, so this is a few slabs at most.
constexpr std::size_t kSlotBytes = 256;  // 16-byte aligned slots
constexpr std::size_t kSlabBytes = 64 * 1024;
constexpr std::size_t kSlotsPerSlab = kSlabBytes / kSlotBytes;

class SmallSecretPool {
 public:
  uint8_t* Allocate() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) {
      auto* slab = static_cast<uint8_t*>(sodium_malloc(kSlabBytes));
      if (slab == nullptr) std::abort();
      sodium_memzero(slab, kSlabBytes);
      free_.reserve(free_.size() + kSlotsPerSlab);
      for (std::size_t i = kSlotsPerSlab; i-- > 0;) free_.push_back(slab + i * kSlotBytes);
    }
    uint8_t* slot = free_.back();
    free_.pop_back();
    return slot;
  }
  void Free(uint8_t* slot) {
    sodium_memzero(slot, kSlotBytes);
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(slot);
  }

 private:
  std::mutex mu_;
  std::vector<uint8_t*> free_;
};

// Never destroyed: SecretBytes in static storage may outlive any other
// static object.
SmallSecretPool& Pool() {
  static SmallSecretPool* pool = new SmallSecretPool();
  return *pool;
}

uint8_t* AllocateGuarded(std::size_t n) {
  uint8_t* p = n <= kSlotBytes ? Pool().Allocate()
                               : static_cast<uint8_t*>(sodium_malloc(n));
  if (p == nullptr) std::abort();
  sodium_memzero(p, n <= kSlotBytes ? kSlotBytes : n);
  return p;
}

void FreeGuarded(uint8_t* p, std::size_t capacity) {
  if (p == nullptr) return;
  if (capacity <= kSlotBytes) {
    Pool().Free(p);  // wipes the slot
  } else {
    sodium_free(p);  // wipes before unmapping
  }
}

}  // namespace

SecretBytes::SecretBytes(std::size_t n) : size_(n), capacity_(n) {
  data_ = AllocateGuarded(n);
}

SecretBytes::~SecretBytes() { FreeGuarded(data_, capacity_); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    FreeGuarded(data_, capacity_);
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
