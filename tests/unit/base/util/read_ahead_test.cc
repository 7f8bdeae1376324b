// ReadAheadSource: the same bytes as its input, in order, through reads of
// any size; the observer sees every block before Read returns the end; an
// input error arrives after the bytes before it and stays; abandoning it
// mid-stream does not hang.
#include "util/read_ahead.h"

#include <gtest/gtest.h>

#include <random>

#include "crypto/hash.h"

namespace tvault {
namespace {

// A source that hands out `data` in short reads and then, optionally, fails.
class ChoppySource final : public ByteSource {
 public:
  ChoppySource(std::vector<uint8_t> data, bool fail_at_end)
      : data_(std::move(data)), fail_at_end_(fail_at_end) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    if (pos_ == data_.size()) {
      if (fail_at_end_) return MakeError(ErrorCode::kIo, "disk went away");
      return std::size_t{0};
    }
    const std::size_t n = std::min({out.size(), data_.size() - pos_, std::size_t{7001}});
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, out.begin());
    pos_ += n;
    return n;
  }

 private:
  std::vector<uint8_t> data_;
  bool fail_at_end_;
  std::size_t pos_ = 0;
};

std::vector<uint8_t> RandomBytes(std::size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(ReadAhead, PassesTheBytesThroughAndObservesThemAll) {
  for (auto threads : {ReadAheadSource::Threads::kWorker, ReadAheadSource::Threads::kInline})
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, ReadAheadSource::kBlockBytes,
                           ReadAheadSource::kBlockBytes * 9 + 12345}) {
    SCOPED_TRACE(size);
    const std::vector<uint8_t> data = RandomBytes(size, size);
    ChoppySource inner(data, false);
    crypto::Sha256Hasher observed;
    std::size_t observed_bytes = 0;
    ReadAheadSource ahead(
        inner,
        [&](std::span<const uint8_t> b) {
          observed.Update(b);
          observed_bytes += b.size();
        },
        size % 2 == 0 ? ReadAheadSource::Wipe::kYes : ReadAheadSource::Wipe::kNo, threads);
    std::vector<uint8_t> got;
    std::mt19937 rng(7);
    for (;;) {
      std::vector<uint8_t> buf(1 + rng() % 100000);
      auto n = ahead.Read(buf);
      ASSERT_TRUE(n.ok());
      if (*n == 0) break;
      got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
    }
    EXPECT_EQ(got, data);
    EXPECT_EQ(observed_bytes, data.size());
    EXPECT_EQ(observed.Finish(), crypto::Sha256(data));
    // The end stays the end.
    uint8_t one;
    auto end = ahead.Read({&one, 1});
    ASSERT_TRUE(end.ok());
    EXPECT_EQ(*end, 0u);
  }
}

TEST(ReadAhead, AnInputErrorComesAfterTheBytesBeforeItAndStays) {
  const std::vector<uint8_t> data = RandomBytes(ReadAheadSource::kBlockBytes * 2 + 5, 1);
  ChoppySource inner(data, true);
  ReadAheadSource ahead(inner, nullptr, ReadAheadSource::Wipe::kYes);
  // Every byte the input handed out before its error is delivered, then
  // the error.
  std::vector<uint8_t> got;
  for (;;) {
    uint8_t buf[4096];
    auto n = ahead.Read(buf);
    if (!n.ok()) {
      EXPECT_EQ(n.error().code, ErrorCode::kIo);
      break;
    }
    ASSERT_NE(*n, 0u) << "a clean end instead of the input's error";
    got.insert(got.end(), buf, buf + *n);
  }
  EXPECT_EQ(got, data);
  uint8_t one;
  auto r1 = ahead.Read({&one, 1});
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, ErrorCode::kIo);
  auto r2 = ahead.Read({&one, 1});
  ASSERT_FALSE(r2.ok());  // not a clean end
}

TEST(ReadAhead, AbandonedMidStreamStopsItsWorker) {
  for (int i = 0; i < 20; ++i) {
    ChoppySource inner(RandomBytes(ReadAheadSource::kBlockBytes * 8, i), false);
    ReadAheadSource ahead(inner, nullptr, ReadAheadSource::Wipe::kYes);
    uint8_t buf[100];
    ASSERT_TRUE(ahead.Read(buf).ok());
  }  // each destructor joins a worker blocked on a full queue
}

// In line (a pipe, or no thread could start), the input is read only when
// the consumer needs a block: a stalled writer cannot hold up a refusal.
TEST(ReadAhead, InLineReadsTheInputOnlyWhenABlockIsNeeded) {
  class Counting final : public ByteSource {
   public:
    Result<std::size_t> Read(std::span<uint8_t> out) override {
      ++reads;
      out[0] = 7;
      return std::size_t{1};
    }
    int reads = 0;
  };
  for (bool fail_start : {false, true}) {
    FailThreadStartsForTesting(fail_start);
    Counting inner;
    {
      ReadAheadSource ahead(inner, nullptr, ReadAheadSource::Wipe::kNo,
                            fail_start ? ReadAheadSource::Threads::kWorker
                                       : ReadAheadSource::Threads::kInline);
      EXPECT_EQ(inner.reads, 0);
      uint8_t buf[10];
      auto n = ahead.Read(buf);
      ASSERT_TRUE(n.ok());
      EXPECT_EQ(*n, 1u);
      EXPECT_EQ(inner.reads, 1);
    }
    EXPECT_EQ(inner.reads, 1);
    FailThreadStartsForTesting(false);
  }
}

}  // namespace
}  // namespace tvault
