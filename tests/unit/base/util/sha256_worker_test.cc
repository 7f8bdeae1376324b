// Sha256Worker: the digests of a sequence of streams, hashed on a worker,
// equal one-shot SHA-256 of each stream, however the bytes are fed and
// whenever the digests are taken.
#include <gtest/gtest.h>

#include <random>

#include "util/sha256_worker.h"

namespace tvault::testing {
namespace {

using ::tvault::Sha256Worker;

std::vector<uint8_t> Random(std::mt19937_64& rng, std::size_t n) {
  std::vector<uint8_t> out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

void RunStreams(Sha256Worker::Threads threads, uint64_t seed) {
  std::mt19937_64 rng(seed);
  constexpr std::size_t kBlock = Sha256Worker::kBlockBytes;
  // Empty streams, streams inside one block, across block ends, and longer
  // than the whole queue of blocks.
  const std::size_t sizes[] = {0,         1,         2048,      kBlock - 1,     kBlock,
                               kBlock + 1, 0,        5000,      3 * kBlock + 7, 0,
                               100,       (Sha256Worker::kMaxBlocks + 2) * kBlock, 64};
  Sha256Worker worker(threads);
  std::vector<crypto::Sha256Digest> expected, got;
  for (std::size_t size : sizes) {
    const std::vector<uint8_t> stream = Random(rng, size);
    expected.push_back(crypto::Sha256(stream));
    std::size_t at = 0;
    while (at < stream.size()) {  // fed in pieces of random sizes
      const std::size_t n = std::min<std::size_t>(stream.size() - at, 1 + rng() % 70000);
      worker.Update(std::span(stream).subspan(at, n));
      at += n;
      if (rng() % 5 == 0) {  // taking digests mid-stream hands out only closed streams
        for (const auto& d : worker.TakeDigests()) got.push_back(d);
        EXPECT_EQ(got.size(), expected.size() - 1);
      }
    }
    worker.EndStream();
    if (rng() % 3 == 0) {
      for (const auto& d : worker.TakeDigests()) got.push_back(d);
      EXPECT_EQ(got.size(), expected.size());
    }
  }
  for (const auto& d : worker.TakeDigests()) got.push_back(d);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "stream " << i;
  EXPECT_TRUE(worker.TakeDigests().empty());
}

TEST(Sha256Worker, DigestsEqualOneShotSha256OnAWorker) {
  for (uint64_t seed : {1u, 2u, 3u}) RunStreams(Sha256Worker::Threads::kWorker, seed);
}

TEST(Sha256Worker, DigestsEqualOneShotSha256InLine) {
  RunStreams(Sha256Worker::Threads::kInline, 4);
}

TEST(Sha256Worker, ManySmallStreams) {
  // A bundle's shape: thousands of small members, several per block.
  std::mt19937_64 rng(5);
  Sha256Worker worker;
  std::vector<crypto::Sha256Digest> expected;
  for (int i = 0; i < 3000; ++i) {
    const std::vector<uint8_t> stream = Random(rng, rng() % 3000);
    expected.push_back(crypto::Sha256(stream));
    worker.Update(stream);
    worker.EndStream();
  }
  EXPECT_EQ(worker.TakeDigests(), expected);
}

TEST(Sha256Worker, DestroyedWithPendingBytesAndBlocks) {
  // Stops without hashing what is left (a refused bundle), and does not hang.
  std::mt19937_64 rng(6);
  for (int i = 0; i < 20; ++i) {
    Sha256Worker worker;
    const std::vector<uint8_t> bytes = Random(rng, (Sha256Worker::kMaxBlocks + 1) * Sha256Worker::kBlockBytes);
    worker.Update(bytes);
    worker.EndStream();
    worker.Update(std::span(bytes).first(100));
  }
}

}  // namespace
}  // namespace tvault::testing
