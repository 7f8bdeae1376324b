// BytePipe: a push producer on one thread, a pull consumer on another.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "util/byte_pipe.h"

namespace tvault::testing {
namespace {

TEST(BytePipe, CarriesEveryByteInOrderWhateverTheChunkSizes) {
  std::vector<uint8_t> data(3 * 1024 * 1024 + 17);
  std::mt19937 rng(7);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  BytePipe pipe(100 * 1024);
  std::thread producer([&] {
    BytePipe::Sink sink(pipe);
    std::mt19937 r(1);
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t n = std::min<std::size_t>(data.size() - pos, 1 + r() % 70000);
      ASSERT_TRUE(sink.Write({data.data() + pos, n}).ok());
      pos += n;
    }
    pipe.Close(OkStatus());
  });
  BytePipe::Source source(pipe);
  std::vector<uint8_t> got;
  std::mt19937 r(2);
  for (;;) {
    std::vector<uint8_t> buf(1 + r() % 200000);
    auto n = source.Read(buf);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  producer.join();
  EXPECT_EQ(got, data);
}

TEST(BytePipe, TheProducersErrorReachesTheConsumerAfterTheBytes) {
  BytePipe pipe(16);
  std::thread producer([&] {
    BytePipe::Sink sink(pipe);
    const uint8_t bytes[3] = {1, 2, 3};
    ASSERT_TRUE(sink.Write(bytes).ok());
    pipe.Close(MakeError(ErrorCode::kIntegrity, "tampered"));
  });
  BytePipe::Source source(pipe);
  uint8_t buf[8];
  std::size_t total = 0;
  Result<std::size_t> n = std::size_t{0};
  while ((n = source.Read(buf)).ok() && *n > 0) total += *n;
  producer.join();
  EXPECT_EQ(total, 3u);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kIntegrity);
}

TEST(BytePipe, ACancelledConsumerUnblocksTheProducer) {
  BytePipe pipe(4);
  Status result = OkStatus();
  std::thread producer([&] {
    BytePipe::Sink sink(pipe);
    std::vector<uint8_t> lots(1000, 9);
    result = sink.Write(lots);  // blocks: the pipe holds 4 bytes
  });
  BytePipe::Source source(pipe);
  uint8_t buf[2];
  ASSERT_TRUE(source.Read(buf).ok());
  pipe.Cancel();
  producer.join();
  EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace tvault::testing
