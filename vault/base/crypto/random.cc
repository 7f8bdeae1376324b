#include "crypto/random.h"

#include <pthread.h>
#include <sodium.h>

#include <cstring>
#include <mutex>

namespace tvault::crypto {
namespace {

// Small requests (nonces, record keys, ids) are served from a 4 KiB pool
// filled by one getrandom(2) call: a batch of 10,000 statements otherwise
// spends most of its system time in 50,000 getrandom calls. The pool lives in
// sodium_malloc memory, and every byte handed out is wiped from it at once,
// so it holds only bytes no one has used yet. A child process after fork()
// discards the pool (it would otherwise repeat the parent's bytes).
constexpr std::size_t kPoolBytes = 4096;
constexpr std::size_t kPooledRequestMax = 256;

std::mutex g_mu;
uint8_t* g_pool = nullptr;
std::size_t g_pos = kPoolBytes;  // empty

void DropPoolAfterFork() { g_pos = kPoolBytes; }

void Refill() {
  if (g_pool == nullptr) {
    g_pool = static_cast<uint8_t*>(sodium_malloc(kPoolBytes));
    if (g_pool == nullptr) std::abort();
    pthread_atfork(nullptr, nullptr, DropPoolAfterFork);
  }
  randombytes_buf(g_pool, kPoolBytes);
  g_pos = 0;
}

}  // namespace

void RandomBytes(std::span<uint8_t> out) {
  if (out.empty()) return;  // an empty span may have a null data()
  if (out.size() > kPooledRequestMax) {
    randombytes_buf(out.data(), out.size());
    return;
  }
  std::lock_guard<std::mutex> lock(g_mu);
  if (kPoolBytes - g_pos < out.size()) Refill();
  std::memcpy(out.data(), g_pool + g_pos, out.size());
  sodium_memzero(g_pool + g_pos, out.size());
  g_pos += out.size();
}

uint32_t RandomUniform(uint32_t upper_bound) { return randombytes_uniform(upper_bound); }

}  // namespace tvault::crypto
