// SecretBytes: zero-filled, never shared between two live secrets, wiped on
// free, and kept in memory that is excluded from core dumps, for small
// secrets (pooled slots) and large ones (one sodium_malloc each) alike.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "vault/secret.h"

namespace tvault::testing {
namespace {

bool AllZero(std::span<const uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t c) { return c == 0; });
}

// The VmFlags of the mapping in /proc/self/smaps that contains `p`.
std::string VmFlagsOf(const void* p) {
  const auto addr = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = addr >= lo && addr < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(SecretBytes, SizesAreKeptAndStartZeroed) {
  for (std::size_t n : {0u, 1u, 16u, 32u, 64u, 255u, 256u, 257u, 4096u, 100000u}) {
    SecretBytes s(n);
    EXPECT_EQ(s.size(), n);
    EXPECT_EQ(s.empty(), n == 0);
    EXPECT_TRUE(AllZero(s.reveal())) << n;
  }
}

TEST(SecretBytes, LiveSecretsNeverOverlap) {
  std::vector<SecretBytes> live;
  for (int i = 0; i < 600; ++i) {  // more than one slab of small slots
    live.emplace_back(static_cast<std::size_t>(1 + (i * 37) % 300));
    auto b = live.back().reveal();
    std::fill(b.begin(), b.end(), static_cast<uint8_t>(i));
  }
  for (int i = 0; i < 600; ++i) {
    auto b = live[static_cast<std::size_t>(i)].reveal();
    EXPECT_TRUE(std::all_of(b.begin(), b.end(), [&](uint8_t c) { return c == uint8_t(i); })) << i;
  }
  std::set<const uint8_t*> starts;
  for (const SecretBytes& s : live) starts.insert(s.reveal().data());
  EXPECT_EQ(starts.size(), live.size());
}

TEST(SecretBytes, AFreedSlotComesBackWiped) {
  // The pool hands out the most recently freed slot first: a new secret of
  // the same size lands where the old one was, and must not see its bytes.
  const uint8_t* where = nullptr;
  {
    SecretBytes s(32);
    auto b = s.reveal();
    std::fill(b.begin(), b.end(), 0xA5);
    where = b.data();
  }
  // Small secrets live in pooled slots that stay mapped after the free:
  // the slot itself must already be wiped.
  EXPECT_TRUE(AllZero(std::span<const uint8_t>(where, 32)));
  SecretBytes again(32);
  EXPECT_EQ(again.reveal().data(), where) << "the pool no longer reuses slots LIFO; "
                                             "this test then checks nothing";
  EXPECT_TRUE(AllZero(again.reveal()));
}

TEST(SecretBytes, TruncateWipesTheTail) {
  SecretBytes s = SecretBytes::Random(64);
  uint8_t* base = s.reveal().data();
  s.Truncate(10);
  EXPECT_EQ(s.size(), 10u);
  EXPECT_TRUE(AllZero(std::span<const uint8_t>(base + 10, 54)));
}

TEST(SecretBytes, MovesTransferOwnership) {
  SecretBytes a = SecretBytes::Random(32);
  const uint8_t* p = a.reveal().data();
  SecretBytes b(std::move(a));
  EXPECT_EQ(b.reveal().data(), p);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  SecretBytes c(300);
  c = std::move(b);
  EXPECT_EQ(c.reveal().data(), p);
  EXPECT_EQ(c.size(), 32u);
}

TEST(SecretBytes, SmallAndLargeSecretsAreExcludedFromCoreDumps) {
  SecretBytes small(32), large(70000);
  for (const SecretBytes* s : {&small, &large}) {
    const std::string flags = VmFlagsOf(s->reveal().data());
    ASSERT_FALSE(flags.empty()) << "no mapping found in /proc/self/smaps";
    EXPECT_NE(flags.find(" dd"), std::string::npos) << flags;
  }
}

TEST(SecretBytes, ThreadsAllocateAndFreeConcurrently) {
  auto work = [](int seed) {
    for (int i = 0; i < 2000; ++i) {
      SecretBytes s(static_cast<std::size_t>(1 + (seed + i) % 256));
      auto b = s.reveal();
      if (!AllZero(b)) std::abort();
      std::fill(b.begin(), b.end(), static_cast<uint8_t>(seed));
    }
  };
  std::thread t1(work, 1), t2(work, 2), t3(work, 3);
  t1.join();
  t2.join();
  t3.join();
}

}  // namespace
}  // namespace tvault::testing
