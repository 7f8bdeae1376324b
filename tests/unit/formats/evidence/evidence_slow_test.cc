// A 1 GiB evidence file through the whole path (EvidenceStore::Add, then
// Extract), streaming from a generator and checking against a regenerated
// stream: no 1 GiB buffer anywhere. "Slow" in the name marks it for the
// long-running set.
#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "evidence/evidence_store.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

// xorshift64*: a deterministic byte stream of a given length.
class GeneratorSource final : public ByteSource {
 public:
  GeneratorSource(uint64_t seed, uint64_t length) : state_(seed | 1), remaining_(length) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(out.size(), remaining_));
    for (std::size_t i = 0; i < n; ++i) {
      if (have_ == 0) {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        word_ = state_ * 0x2545F4914F6CDD1Dull;
        have_ = 8;
      }
      out[i] = static_cast<uint8_t>(word_ >> (8 * --have_));
    }
    remaining_ -= n;
    return n;
  }

 private:
  uint64_t state_, word_ = 0, remaining_;
  int have_ = 0;
};

// Compares what it receives with a regenerated stream, and hashes it.
class CheckingSink final : public ByteSink {
 public:
  CheckingSink(uint64_t seed, uint64_t length) : expected_(seed, length) {}
  Status Write(std::span<const uint8_t> bytes) override {
    buf_.resize(bytes.size());
    auto n = ReadFully(expected_, buf_);
    if (!n.ok() || *n != bytes.size() || !std::equal(bytes.begin(), bytes.end(), buf_.begin())) {
      mismatch_ = true;
    }
    received_ += bytes.size();
    return OkStatus();
  }
  bool mismatch() const { return mismatch_; }
  uint64_t received() const { return received_; }

 private:
  GeneratorSource expected_;
  std::vector<uint8_t> buf_;
  uint64_t received_ = 0;
  bool mismatch_ = false;
};

TEST(EvidenceStream, SlowRoundTripOneGiB) {
  constexpr uint64_t kSize = (uint64_t{1} << 30) + 12345;  // not a multiple of the chunk
  constexpr uint64_t kSeed = 0x7E57D47A;
  crypto::Sha256Hasher reference;
  {
    GeneratorSource g(kSeed, kSize);
    std::vector<uint8_t> buf(1 << 20);
    for (;;) {
      auto n = g.Read(buf);
      ASSERT_TRUE(n.ok());
      if (*n == 0) break;
      reference.Update(std::span(buf).first(*n));
    }
  }
  const crypto::Sha256Digest expected = reference.Finish();

  ScratchDir scratch;
  auto store = EvidenceStore::Open(scratch.path() / "evidence", true);
  ASSERT_TRUE(store.ok());
  const SecretBytes key = NewEvidenceKey();
  GeneratorSource in(kSeed, kSize);
  auto added = store->Add(key, "E-B1GF1E", in);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->plaintext_bytes, kSize);
  EXPECT_EQ(added->sha256, expected);

  CheckingSink out(kSeed, kSize);
  auto read = store->Extract(key, "E-B1GF1E", out);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(out.mismatch());
  EXPECT_EQ(out.received(), kSize);
  EXPECT_EQ(read->sha256, expected);
}

}  // namespace
}  // namespace tvault::testing
