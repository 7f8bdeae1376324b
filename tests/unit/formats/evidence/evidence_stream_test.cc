// Round trips of the evidence stream (docs/evidence-format.md): sizes around
// the chunk boundaries, the SHA-256 against sha256sum, the exact layout a
// writer produces, read sizes, and the API's documented errors.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>
#include <string>

#include "crypto/hash.h"
#include "formats/evidence/evidence_forge.h"
#include "evidence/evidence_stream.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using namespace ::tvault::testing::evidence;  // NOLINT: test helpers

namespace fmt = evidence_format;
constexpr uint32_t kSmallChunk = 1024;  // the smallest a file may name
constexpr const char* kId = "E-7Q3KX9";

SecretBytes TestKey() {
  std::vector<uint8_t> k(32);
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(0xA0 + i);
  return SecretBytes::CopyOf(k);
}

std::vector<uint8_t> Encrypt(std::span<const uint8_t> plaintext, uint32_t chunk,
                             EvidenceSummary* summary = nullptr, std::size_t write_size = 0) {
  VectorSink sink;
  EvidenceWriterOptions options;
  options.chunk_bytes = chunk;
  auto w = EvidenceWriter::Begin(TestKey(), kId, sink, options);
  EXPECT_TRUE(w.ok()) << w.error().message;
  if (write_size == 0) write_size = plaintext.size() + 1;
  for (std::size_t at = 0; at < plaintext.size(); at += write_size) {
    MustOk(w->Write(plaintext.subspan(at, std::min(write_size, plaintext.size() - at))));
  }
  auto s = w->Finish();
  EXPECT_TRUE(s.ok()) << s.error().message;
  if (summary != nullptr && s.ok()) *summary = *s;
  return sink.data();
}

class EvidenceRoundTrip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EvidenceRoundTrip, DecryptsToTheSameBytesWithTheSameSha256AndCanonicalLayout) {
  const std::size_t size = GetParam();
  const std::vector<uint8_t> plaintext = Pattern(size, static_cast<uint32_t>(size));
  EvidenceSummary written;
  const std::vector<uint8_t> file = Encrypt(plaintext, kSmallChunk, &written);

  EXPECT_EQ(written.plaintext_bytes, size);
  EXPECT_EQ(written.sha256, crypto::Sha256(plaintext));

  // Section 4: n = max(1, ceil(L / C)) chunks, all full but the last, and the
  // file size follows from that alone.
  const std::size_t chunks = std::max<std::size_t>(1, (size + kSmallChunk - 1) / kSmallChunk);
  EXPECT_EQ(file.size(), fmt::kHeaderBytes + size + chunks * fmt::kChunkOverheadBytes);
  Frames frames = SplitFrames(file);
  ASSERT_EQ(frames.chunks.size(), chunks);
  for (std::size_t i = 0; i + 1 < chunks; ++i) {
    EXPECT_EQ(frames.chunks[i].size(), fmt::kChunkOverheadBytes + kSmallChunk) << i;
  }

  DecryptOutcome out = DecryptAll(TestKey(), kId, file, 4096);
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.released, plaintext);
  EXPECT_EQ(out.summary.plaintext_bytes, size);
  EXPECT_EQ(out.summary.sha256, written.sha256);
}

// 0 bytes, 1 byte, exactly one chunk, one chunk + 1, several chunks (exact
// and not), all with 1 KiB chunks.
INSTANTIATE_TEST_SUITE_P(Sizes, EvidenceRoundTrip,
                         ::testing::Values(0, 1, kSmallChunk - 1, kSmallChunk, kSmallChunk + 1,
                                           3 * kSmallChunk, 5 * kSmallChunk + 17));

TEST(EvidenceStream, DefaultChunkSizeRoundTripsAcrossTheBoundary) {
  const std::vector<uint8_t> plaintext = Pattern(fmt::kDefaultChunkBytes + 1, 7);
  const std::vector<uint8_t> file = Encrypt(plaintext, fmt::kDefaultChunkBytes);
  ASSERT_EQ(SplitFrames(file).chunks.size(), 2u);
  DecryptOutcome out = DecryptAll(TestKey(), kId, file, 1 << 16);
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.released, plaintext);
}

TEST(EvidenceStream, WriteSizesDoNotChangeTheLayoutOrTheDigest) {
  const std::vector<uint8_t> plaintext = Pattern(7 * kSmallChunk + 300, 3);
  EvidenceSummary whole, bytewise, odd;
  std::vector<uint8_t> a = Encrypt(plaintext, kSmallChunk, &whole);
  std::vector<uint8_t> b = Encrypt(plaintext, kSmallChunk, &bytewise, 1);
  std::vector<uint8_t> c = Encrypt(plaintext, kSmallChunk, &odd, 777);
  EXPECT_EQ(whole.sha256, bytewise.sha256);
  EXPECT_EQ(whole.sha256, odd.sha256);
  // Same frame sizes (the bytes differ: a fresh stream header each time).
  auto sizes = [](const std::vector<uint8_t>& f) {
    std::vector<std::size_t> s;
    for (const auto& frame : SplitFrames(f).chunks) s.push_back(frame.size());
    return s;
  };
  EXPECT_EQ(sizes(a), sizes(b));
  EXPECT_EQ(sizes(a), sizes(c));
  for (const auto* f : {&a, &b, &c}) {
    DecryptOutcome out = DecryptAll(TestKey(), kId, *f, 100);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.released, plaintext);
  }
}

TEST(EvidenceStream, EveryFileHasAFreshStreamHeader) {
  const std::vector<uint8_t> plaintext = Pattern(10);
  std::vector<uint8_t> a = Encrypt(plaintext, kSmallChunk);
  std::vector<uint8_t> b = Encrypt(plaintext, kSmallChunk);
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::equal(a.begin(), a.begin() + 16, b.begin()));  // magic .. chunk size
}

TEST(EvidenceStream, Sha256EqualsSha256sumOfTheSameFile) {
  if (!HaveProgram("sha256sum")) GTEST_SKIP() << "sha256sum not installed";
  ScratchDir dir;
  const std::vector<uint8_t> plaintext = Pattern(3 * fmt::kDefaultChunkBytes + 12345, 11);
  WriteBytes(dir.path() / "evidence.bin", plaintext);
  RunResult run = RunProgram({"/usr/bin/sha256sum", (dir.path() / "evidence.bin").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string expected = run.out.substr(0, 64);

  EvidenceSummary written;
  const std::vector<uint8_t> file = Encrypt(plaintext, fmt::kDefaultChunkBytes, &written, 99999);
  EXPECT_EQ(Hex(written.sha256), expected);
  DecryptOutcome out = DecryptAll(TestKey(), kId, file, 1 << 20);
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(Hex(out.summary.sha256), expected);
}

// A source that hands out at most one byte per Read.
class OneByteSource final : public ByteSource {
 public:
  explicit OneByteSource(std::span<const uint8_t> data) : data_(data) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    if (pos_ == data_.size()) return std::size_t{0};
    out[0] = data_[pos_++];
    return std::size_t{1};
  }

 private:
  std::span<const uint8_t> data_;
  std::size_t pos_ = 0;
};

TEST(EvidenceStream, ReaderWorksWithOneByteReadsAndOneByteSources) {
  const std::vector<uint8_t> plaintext = Pattern(4 * kSmallChunk + 5, 5);
  const std::vector<uint8_t> file = Encrypt(plaintext, kSmallChunk);

  DecryptOutcome tiny_reads = DecryptAll(TestKey(), kId, file, 1);
  ASSERT_TRUE(tiny_reads.ok) << tiny_reads.message;
  EXPECT_EQ(tiny_reads.released, plaintext);

  OneByteSource trickle(file);
  auto reader = EvidenceReader::Begin(TestKey(), kId, trickle);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  std::vector<uint8_t> got, buf(3);
  for (;;) {
    auto n = reader->Read(buf);
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  EXPECT_EQ(got, plaintext);
}

TEST(EvidenceStream, HugeReadsReturnAtMostOneChunkAndTheRightBytes) {
  const std::vector<uint8_t> plaintext = Pattern(6 * kSmallChunk + 1, 9);
  const std::vector<uint8_t> file = Encrypt(plaintext, kSmallChunk);
  SpanSource source(file);
  auto reader = EvidenceReader::Begin(TestKey(), kId, source);
  ASSERT_TRUE(reader.ok());
  std::vector<uint8_t> got, buf(16 << 20);
  for (;;) {
    auto n = reader->Read(buf);
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    EXPECT_LE(*n, kSmallChunk);
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  EXPECT_EQ(got, plaintext);
  // The end is stable.
  auto again = reader->Read(buf);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
}

TEST(EvidenceStream, SummaryIsRefusedBeforeTheEnd) {
  const std::vector<uint8_t> file = Encrypt(Pattern(2 * kSmallChunk), kSmallChunk);
  SpanSource source(file);
  auto reader = EvidenceReader::Begin(TestKey(), kId, source);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->Summary().error().code, ErrorCode::kFailedPrecondition);
  std::vector<uint8_t> buf(kSmallChunk);
  ASSERT_TRUE(reader->Read(buf).ok());
  EXPECT_EQ(reader->Summary().error().code, ErrorCode::kFailedPrecondition);
  // All plaintext read, but the end (Read returning 0) not yet reached.
  ASSERT_EQ(reader->Read(buf).value(), kSmallChunk);
  EXPECT_EQ(reader->Summary().error().code, ErrorCode::kFailedPrecondition);
  ASSERT_EQ(reader->Read(buf).value(), 0u);
  EXPECT_TRUE(reader->Summary().ok());
}

TEST(EvidenceStream, CallerErrorsAreInvalidArgumentOrFailedPrecondition) {
  VectorSink sink;
  EXPECT_EQ(EvidenceWriter::Begin(SecretBytes::Random(16), kId, sink).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(EvidenceWriter::Begin(TestKey(), "", sink).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(EvidenceWriter::Begin(TestKey(), std::string(65, 'E'), sink).error().code,
            ErrorCode::kInvalidArgument);
  for (uint32_t bad : {0u, 512u, 1000u, 3000u, 8u << 20}) {
    EvidenceWriterOptions o;
    o.chunk_bytes = bad;
    EXPECT_EQ(EvidenceWriter::Begin(TestKey(), kId, sink, o).error().code,
              ErrorCode::kInvalidArgument)
        << bad;
  }
  EXPECT_TRUE(sink.data().empty());  // nothing written by a refused Begin

  auto w = EvidenceWriter::Begin(TestKey(), kId, sink);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->Write(Pattern(1)).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(w->Finish().error().code, ErrorCode::kFailedPrecondition);

  SpanSource source(sink.data());
  EXPECT_EQ(EvidenceReader::Begin(SecretBytes::Random(31), kId, source).error().code,
            ErrorCode::kInvalidArgument);
  SpanSource source2(sink.data());
  auto r = EvidenceReader::Begin(TestKey(), kId, source2);
  ASSERT_TRUE(r.ok());
  std::vector<uint8_t> none;
  EXPECT_EQ(r->Read(none).error().code, ErrorCode::kInvalidArgument);
}

// A sink that fails after `budget` bytes.
class FailingSink final : public ByteSink {
 public:
  explicit FailingSink(std::size_t budget) : budget_(budget) {}
  Status Write(std::span<const uint8_t> bytes) override {
    if (bytes.size() > budget_) return MakeError(ErrorCode::kIo, "disk full (test)");
    budget_ -= bytes.size();
    return OkStatus();
  }

 private:
  std::size_t budget_;
};

TEST(EvidenceStream, SinkErrorsAreReportedOnceThenTheWriterRefuses) {
  // Room for the header and chunk 0; chunk 1's write fails. The sealing
  // thread meets the error; a later call (at the latest Finish) reports it.
  FailingSink sink(fmt::kHeaderBytes + kSmallChunk + fmt::kChunkOverheadBytes);
  EvidenceWriterOptions o;
  o.chunk_bytes = kSmallChunk;
  auto w = EvidenceWriter::Begin(TestKey(), kId, sink, o);
  ASSERT_TRUE(w.ok());
  std::optional<Error> first;
  for (int i = 0; i < 10 && !first; ++i) {
    Status s = w->Write(Pattern(kSmallChunk));
    if (!s.ok()) first = s.error();
  }
  if (!first) {
    auto f = w->Finish();
    ASSERT_FALSE(f.ok());
    first = f.error();
  }
  EXPECT_EQ(first->code, ErrorCode::kIo) << first->message;
  EXPECT_EQ(w->Write(Pattern(1)).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(w->Finish().error().code, ErrorCode::kFailedPrecondition);
}

TEST(EvidenceStream, WriteFromASourceMatchesWrite) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{kSmallChunk},
                           std::size_t{kSmallChunk + 1}, std::size_t{9 * kSmallChunk}}) {
    const std::vector<uint8_t> plaintext = Pattern(size, 31);
    OneByteSource trickle(plaintext);  // short reads across chunk boundaries
    SpanSource whole(plaintext);
    for (ByteSource* in : {static_cast<ByteSource*>(&trickle), static_cast<ByteSource*>(&whole)}) {
      VectorSink sink;
      EvidenceWriterOptions o;
      o.chunk_bytes = kSmallChunk;
      auto w = EvidenceWriter::Begin(TestKey(), kId, sink, o);
      ASSERT_TRUE(w.ok());
      ASSERT_TRUE(w->WriteFrom(*in).ok());
      auto summary = w->Finish();
      ASSERT_TRUE(summary.ok());
      EXPECT_EQ(summary->sha256, crypto::Sha256(plaintext)) << size;
      EXPECT_EQ(summary->plaintext_bytes, size);
      EXPECT_EQ(sink.data().size(),
                fmt::kHeaderBytes + size +
                    std::max<std::size_t>(1, (size + kSmallChunk - 1) / kSmallChunk) *
                        fmt::kChunkOverheadBytes);
      DecryptOutcome out = DecryptAll(TestKey(), kId, sink.data(), 512);
      ASSERT_TRUE(out.ok) << out.message;
      EXPECT_EQ(out.released, plaintext);
    }
  }
}

// A sink slower than the caller: the sealing thread lags, so the caller
// must wait before it refills a buffer the workers still read. Were it not
// to, the sealed bytes would be of overwritten plaintext (and
// ThreadSanitizer would see the race).
class SlowSink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t> bytes) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    data_.insert(data_.end(), bytes.begin(), bytes.end());
    return OkStatus();
  }
  const std::vector<uint8_t>& data() const { return data_; }

 private:
  std::vector<uint8_t> data_;
};

TEST(EvidenceStream, CallerWaitsForWorkersBeforeReusingABuffer) {
  const std::vector<uint8_t> plaintext = Pattern(24 * kSmallChunk + 7, 41);
  SlowSink sink;
  EvidenceWriterOptions o;
  o.chunk_bytes = kSmallChunk;
  auto w = EvidenceWriter::Begin(TestKey(), kId, sink, o);
  ASSERT_TRUE(w.ok());
  for (std::size_t at = 0; at < plaintext.size(); at += kSmallChunk) {
    ASSERT_TRUE(w->Write(std::span(plaintext).subspan(at, std::min<std::size_t>(
                                                              kSmallChunk, plaintext.size() - at)))
                    .ok());
  }
  auto summary = w->Finish();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->sha256, crypto::Sha256(plaintext));
  DecryptOutcome out = DecryptAll(TestKey(), kId, sink.data(), 4096);
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.released, plaintext);
}

// A writer dropped mid-stream stops its hashing thread cleanly (this is the
// case ThreadSanitizer and ASan watch: the worker may still be reading).
TEST(EvidenceStream, AbandonedWriterShutsDownCleanly) {
  for (int i = 0; i < 20; ++i) {
    VectorSink sink;
    EvidenceWriterOptions o;
    o.chunk_bytes = kSmallChunk;
    auto w = EvidenceWriter::Begin(TestKey(), kId, sink, o);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->Write(Pattern(static_cast<std::size_t>(i) * 700 + 5000)).ok());
  }
}

TEST(EvidenceStream, EncryptAndDecryptHelpersRoundTrip) {
  const std::vector<uint8_t> plaintext = Pattern(3 * fmt::kDefaultChunkBytes / 2, 21);
  SpanSource in(plaintext);
  VectorSink file;
  auto written = EncryptEvidence(TestKey(), kId, in, file);
  ASSERT_TRUE(written.ok()) << written.error().message;
  SpanSource cipher(file.data());
  VectorSink back;
  auto read = DecryptEvidence(TestKey(), kId, cipher, back);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(back.data(), plaintext);
  EXPECT_EQ(read->sha256, written->sha256);
  EXPECT_EQ(read->plaintext_bytes, plaintext.size());
}

}  // namespace
}  // namespace tvault::testing
