// Every change to an evidence file is an integrity failure, and no plaintext
// of the bad chunk (or after it) is ever released: docs/evidence-format.md
// section 5. Valid files come from the real writer; layouts that only a key
// holder could produce come from ForgeEvidence.
#include <gtest/gtest.h>

#include "formats/evidence/evidence_forge.h"
#include "evidence/evidence_stream.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using namespace ::tvault::testing::evidence;  // NOLINT: test helpers

namespace fmt = evidence_format;
using crypto::SecretStreamTag;
constexpr uint32_t kChunk = 1024;
constexpr const char* kId = "E-7Q3KX9";
constexpr std::size_t kChunks = 4;  // three full chunks and a short final one
constexpr std::size_t kPlainBytes = 3 * kChunk + 100;

SecretBytes TestKey() {
  std::vector<uint8_t> k(32);
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(0x11 * (i + 1));
  return SecretBytes::CopyOf(k);
}

struct Fixture {
  std::vector<uint8_t> plaintext = Pattern(kPlainBytes, 77);
  std::vector<uint8_t> file;
  Fixture() {
    VectorSink sink;
    EvidenceWriterOptions o;
    o.chunk_bytes = kChunk;
    auto w = EvidenceWriter::Begin(TestKey(), kId, sink, o);
    if (!w.ok() || !w->Write(plaintext).ok() || !w->Finish().ok()) std::abort();
    file = sink.data();
    if (SplitFrames(file).chunks.size() != kChunks) std::abort();
  }
};

// The verdict on a damaged file: kIntegrity, sticky, and what was released
// is exactly the plaintext of the chunks before `first_bad_chunk`.
void ExpectRefused(std::span<const uint8_t> file, const std::vector<uint8_t>& plaintext,
                   std::size_t first_bad_chunk, const std::string& what,
                   const std::string& id = kId, std::size_t read_size = 333) {
  DecryptOutcome out = DecryptAll(TestKey(), id, file, read_size);
  EXPECT_FALSE(out.ok) << what;
  EXPECT_EQ(out.code, ErrorCode::kIntegrity) << what << ": " << out.message;
  EXPECT_TRUE(out.sticky) << what;
  const std::size_t expected = std::min(first_bad_chunk * kChunk, plaintext.size());
  ASSERT_EQ(out.released.size(), expected) << what;
  EXPECT_TRUE(std::equal(out.released.begin(), out.released.end(), plaintext.begin())) << what;
}

TEST(EvidenceTamper, IntactFileIsAccepted) {
  Fixture f;
  DecryptOutcome out = DecryptAll(TestKey(), kId, f.file, 333);
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.released, f.plaintext);
}

TEST(EvidenceTamper, TruncationAtEveryChunkBoundaryAndInsideEveryChunk) {
  Fixture f;
  Frames frames = SplitFrames(f.file);
  // Cut exactly where chunk i starts: chunks before i are authentic, the
  // final one is missing.
  for (std::size_t i = 0; i < kChunks; ++i) {
    const std::size_t cut = frames.OffsetOf(i);
    ExpectRefused(std::span(f.file).first(cut), f.plaintext, i,
                  "cut at the start of chunk " + std::to_string(i));
  }
  // Cut inside chunk i: in its length prefix, just after it, in the middle,
  // one byte short.
  for (std::size_t i = 0; i < kChunks; ++i) {
    const std::size_t start = frames.OffsetOf(i), size = frames.chunks[i].size();
    for (std::size_t into : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{5},
                             size / 2, size - 1}) {
      ExpectRefused(std::span(f.file).first(start + into), f.plaintext, i,
                    "cut " + std::to_string(into) + " bytes into chunk " + std::to_string(i));
    }
  }
  // Cut inside the header.
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{8}, fmt::kHeaderBytes - 1}) {
    ExpectRefused(std::span(f.file).first(cut), f.plaintext, 0, "cut in the header");
  }
}

TEST(EvidenceTamper, ExtensionByOneByteOrByAWholeValidChunk) {
  Fixture f;
  for (uint8_t extra : {uint8_t{0}, uint8_t{0x42}}) {
    std::vector<uint8_t> longer = f.file;
    longer.push_back(extra);
    ExpectRefused(longer, f.plaintext, kChunks - 1, "one byte appended");
  }
  // A whole valid chunk from the same file appended (the first one, and the
  // final one again).
  Frames frames = SplitFrames(f.file);
  for (std::size_t k : {std::size_t{0}, kChunks - 1}) {
    Frames longer = frames;
    longer.chunks.push_back(frames.chunks[k]);
    ExpectRefused(longer.Join(), f.plaintext, kChunks - 1,
                  "chunk " + std::to_string(k) + " appended");
  }
  // A whole chunk sealed under the same stream as chunk n: a key holder's
  // continuation past the final chunk is still refused.
  std::vector<ChunkRecipe> layout;
  for (std::size_t i = 0; i < kChunks; ++i) {
    const std::size_t n = i + 1 < kChunks ? kChunk : kPlainBytes - 3 * kChunk;
    ChunkRecipe c;
    c.plaintext.assign(f.plaintext.begin() + static_cast<std::ptrdiff_t>(i * kChunk),
                       f.plaintext.begin() + static_cast<std::ptrdiff_t>(i * kChunk + n));
    c.tag = i + 1 < kChunks ? SecretStreamTag::kMessage : SecretStreamTag::kFinal;
    c.ad_index = i;
    layout.push_back(c);
  }
  layout.push_back({Pattern(kChunk, 5), SecretStreamTag::kMessage, kChunks});
  ExpectRefused(ForgeEvidence(TestKey(), kId, kChunk, layout), f.plaintext, kChunks - 1,
                "a properly sealed chunk after the final one");
}

TEST(EvidenceTamper, ReorderedDroppedAndDuplicatedChunks) {
  Fixture f;
  const Frames frames = SplitFrames(f.file);
  auto with = [&](std::vector<std::size_t> order) {
    Frames g = frames;
    g.chunks.clear();
    for (std::size_t k : order) g.chunks.push_back(frames.chunks[k]);
    return g.Join();
  };
  ExpectRefused(with({1, 0, 2, 3}), f.plaintext, 0, "chunks 0 and 1 swapped");
  ExpectRefused(with({0, 2, 1, 3}), f.plaintext, 1, "chunks 1 and 2 swapped");
  ExpectRefused(with({0, 1, 3, 2}), f.plaintext, 2, "final chunk moved up");
  ExpectRefused(with({1, 2, 3}), f.plaintext, 0, "chunk 0 dropped");
  ExpectRefused(with({0, 2, 3}), f.plaintext, 1, "chunk 1 dropped");
  ExpectRefused(with({0, 1, 2}), f.plaintext, 3, "final chunk dropped");
  ExpectRefused(with({0, 0, 1, 2, 3}), f.plaintext, 1, "chunk 0 duplicated");
  ExpectRefused(with({0, 1, 2, 2, 3}), f.plaintext, 3, "chunk 2 duplicated");
  ExpectRefused(with({0, 1, 2, 3, 3}), f.plaintext, 3, "final chunk duplicated");
}

TEST(EvidenceTamper, ChunksFromAnotherFileOfTheSameKeyAndIdDoNotFit) {
  // Two streams under the same key and id (never done by the vault: one key
  // per file) still differ in their stream headers, so chunks do not mix.
  Fixture a, b;
  Frames fa = SplitFrames(a.file), fb = SplitFrames(b.file);
  Frames mixed = fa;
  mixed.chunks[2] = fb.chunks[2];
  ExpectRefused(mixed.Join(), a.plaintext, 2, "chunk 2 from another stream");
  Frames other_header = fa;
  other_header.header = fb.header;
  ExpectRefused(other_header.Join(), a.plaintext, 0, "header of another stream");
}

TEST(EvidenceTamper, ByteFlipsEverywhere) {
  Fixture f;
  const Frames frames = SplitFrames(f.file);
  // Every header byte, and a spread of positions in each chunk (the length
  // prefix, the encrypted tag, the ciphertext, the MAC).
  for (std::size_t pos = 0; pos < fmt::kHeaderBytes; ++pos) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::vector<uint8_t> bad = f.file;
      bad[pos] ^= mask;
      ExpectRefused(bad, f.plaintext, 0, "header byte " + std::to_string(pos));
    }
  }
  for (std::size_t i = 0; i < kChunks; ++i) {
    const std::size_t start = frames.OffsetOf(i), size = frames.chunks[i].size();
    for (std::size_t off : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3},
                            std::size_t{4}, std::size_t{5}, size / 3, size / 2, size - 17,
                            size - 16, size - 1}) {
      for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x40}, uint8_t{0xFF}}) {
        std::vector<uint8_t> bad = f.file;
        bad[start + off] ^= mask;
        ExpectRefused(bad, f.plaintext, i,
                      "chunk " + std::to_string(i) + " byte " + std::to_string(off));
      }
    }
  }
}

TEST(EvidenceTamper, WrongKeyAndWrongFileId) {
  Fixture f;
  DecryptOutcome other_key = DecryptAll(SecretBytes::Random(32), kId, f.file, 333);
  EXPECT_FALSE(other_key.ok);
  EXPECT_EQ(other_key.code, ErrorCode::kIntegrity);
  EXPECT_TRUE(other_key.released.empty());
  for (const char* id : {"E-7Q3KX8", "E-7Q3KX", "E-7Q3KX90", "e-7q3kx9", "T-7Q3KX9"}) {
    ExpectRefused(f.file, f.plaintext, 0, std::string("file id ") + id, id);
  }
}

// Layouts a key holder could seal but section 4 forbids: refused by the
// structure rules, which run after the MAC.
TEST(EvidenceTamper, ForgedLayoutsBreakingTheStructureRules) {
  const SecretBytes key = TestKey();
  const std::vector<uint8_t> full = Pattern(kChunk, 1), part = Pattern(10, 2);
  auto forge = [&](std::vector<ChunkRecipe> layout) {
    return ForgeEvidence(key, kId, kChunk, layout);
  };
  auto plain_of = [](const std::vector<ChunkRecipe>& layout) {
    std::vector<uint8_t> p;
    for (const auto& c : layout) p.insert(p.end(), c.plaintext.begin(), c.plaintext.end());
    return p;
  };
  const auto M = SecretStreamTag::kMessage, F = SecretStreamTag::kFinal;

  // The canonical layout is accepted (so the forger itself is right).
  std::vector<ChunkRecipe> good = {{full, M, 0}, {full, M, 1}, {part, F, 2}};
  DecryptOutcome ok = DecryptAll(key, kId, forge(good), 500);
  ASSERT_TRUE(ok.ok) << ok.message;
  EXPECT_EQ(ok.released, plain_of(good));

  struct Case {
    const char* what;
    std::vector<ChunkRecipe> layout;
    std::size_t first_bad;
  };
  const std::vector<Case> cases = {
      {"TAG_FINAL in the middle", {{full, M, 0}, {full, F, 1}, {part, F, 2}}, 1},
      {"TAG_FINAL first, then more", {{full, F, 0}, {full, M, 1}, {part, F, 2}}, 0},
      {"no TAG_FINAL at all", {{full, M, 0}, {full, M, 1}}, 2},
      {"a short chunk that is not final", {{part, M, 0}, {full, M, 1}, {part, F, 2}}, 0},
      {"an empty final chunk after data", {{full, M, 0}, {{}, F, 1}}, 1},
      {"TAG_PUSH", {{full, M, 0}, {full, SecretStreamTag::kPush, 1}, {part, F, 2}}, 1},
      {"TAG_REKEY", {{full, SecretStreamTag::kRekey, 0}, {part, F, 1}}, 0},
      {"a wrong index in the associated data", {{full, M, 0}, {full, M, 2}, {part, F, 2}}, 1},
      {"final chunk with the index of chunk 0", {{full, M, 0}, {part, F, 0}}, 1},
  };
  for (const Case& c : cases) {
    ExpectRefused(forge(c.layout), plain_of(c.layout), c.first_bad, c.what);
  }
}

TEST(EvidenceTamper, LengthPrefixOutOfRangeIsRefusedBeforeReading) {
  Fixture f;
  const Frames frames = SplitFrames(f.file);
  for (uint32_t len : {0u, 16u, kChunk + 18, 0xFFFFFFFFu}) {
    Frames g = frames;
    for (int b = 0; b < 4; ++b) g.chunks[1][b] = static_cast<uint8_t>(len >> (24 - 8 * b));
    ExpectRefused(g.Join(), f.plaintext, 1, "length prefix " + std::to_string(len));
  }
}

TEST(EvidenceTamper, EmptyFileVariants) {
  // The empty plaintext is one empty final chunk; the header alone is not a
  // file.
  VectorSink sink;
  auto w = EvidenceWriter::Begin(TestKey(), kId, sink);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w->Finish().ok());
  ASSERT_EQ(sink.data().size(), fmt::kHeaderBytes + fmt::kChunkOverheadBytes);
  DecryptOutcome ok = DecryptAll(TestKey(), kId, sink.data(), 10);
  ASSERT_TRUE(ok.ok) << ok.message;
  EXPECT_TRUE(ok.released.empty());
  EXPECT_EQ(Hex(ok.summary.sha256),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::vector<uint8_t> empty;
  ExpectRefused(std::span(sink.data()).first(fmt::kHeaderBytes), empty, 0, "header only");
}

}  // namespace
}  // namespace tvault::testing
