// The age payload and the streaming API: round trips, fresh keys, spec
// labels, MAC-before-payload, chunk-by-chunk release, and every way a
// payload can be cut, extended or rearranged.
#include <gtest/gtest.h>

#include <set>

#include "age/age.h"
#include "formats/age/age_test_support.h"
#include "crypto/asymmetric.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace tvault::testing {
namespace {

namespace in = age::internal;
constexpr std::size_t kChunk = in::kChunkBytes;
constexpr std::size_t kSealed = in::kSealedChunkBytes;

class AgeStream : public ::testing::Test {
 protected:
  AgeStream() {
    ids_.push_back(age::GenerateIdentity());
    recipients_.push_back(age::RecipientOf(ids_[0]));
  }
  std::vector<uint8_t> Encrypt(std::span<const uint8_t> plaintext, std::size_t write_size = 1 << 20) {
    return AgeEncryptOurs(recipients_, plaintext, write_size);
  }
  std::vector<SecretBytes> ids_;
  std::vector<age::X25519Public> recipients_;
};

std::size_t ExpectedSize(std::size_t header, std::size_t n) {
  std::size_t chunks = n == 0 ? 1 : (n + kChunk - 1) / kChunk;
  return header + in::kPayloadNonceBytes + n + 16 * chunks;
}

TEST_F(AgeStream, RoundTripsAtChunkEdges) {
  for (std::size_t n : {0u, 1u, 100u, 65535u, 65536u, 65537u, 131072u, 200000u}) {
    std::vector<uint8_t> plaintext = TestPlaintext(n, static_cast<uint32_t>(n));
    for (std::size_t write_size : {std::size_t{1000}, kChunk, std::size_t{1} << 20}) {
      std::vector<uint8_t> file = Encrypt(plaintext, write_size);
      auto parsed = in::ParseHeader(file);
      ASSERT_TRUE(parsed.ok());
      EXPECT_EQ(file.size(), ExpectedSize(parsed->size, n)) << n;
      for (std::size_t read_size : {std::size_t{4096}, std::size_t{100000}}) {
        AgeOutcome got = AgeDecryptOurs(file, ids_, read_size);
        ASSERT_TRUE(got.ok) << n << ": " << got.message;
        EXPECT_EQ(got.plaintext, plaintext) << n;
      }
    }
  }
}

// A source that hands out at most `step` bytes per call.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::span<const uint8_t> data, std::size_t step) : data_(data), step_(step) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    std::size_t n = std::min({out.size(), step_, data_.size() - pos_});
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, out.begin());
    pos_ += n;
    max_pos_ = std::max(max_pos_, pos_);
    return n;
  }
  std::size_t position() const { return pos_; }

 private:
  std::span<const uint8_t> data_;
  std::size_t step_;
  std::size_t pos_ = 0, max_pos_ = 0;
};

TEST_F(AgeStream, ShortReadsAndBoundedLookAhead) {
  std::vector<uint8_t> plaintext = TestPlaintext(3 * kChunk + 5);
  std::vector<uint8_t> file = Encrypt(plaintext);
  auto header = in::ParseHeader(file);
  ASSERT_TRUE(header.ok());
  TrickleSource source(file, 7);
  auto dec = age::Decryptor::Begin(source, ids_);
  ASSERT_TRUE(dec.ok()) << dec.error().message;
  // Begin reads the header (in 4 KiB steps), and the nonce; no more than that.
  EXPECT_LE(source.position(), header->size + 4096 + in::kPayloadNonceBytes);
  std::vector<uint8_t> out, buf(1000);
  for (;;) {
    auto n = dec->Read(buf);
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
    // The reader is never more than one chunk and one byte ahead.
    EXPECT_LE(source.position(), header->size + in::kPayloadNonceBytes +
                                     (out.size() + kChunk - 1) / kChunk * kSealed + 1 + 4096);
  }
  EXPECT_EQ(out, plaintext);
  EXPECT_FALSE(dec->Read({}).ok());  // an empty buffer is refused, never read as the end
}

// The Encryptor streams: a full chunk leaves as soon as more data arrives,
// every write to the sink is at most one sealed chunk.
class RecordingSink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t> bytes) override {
    writes.push_back(bytes.size());
    total += bytes.size();
    return fail ? MakeError(ErrorCode::kIo, "disk full") : OkStatus();
  }
  std::vector<std::size_t> writes;
  std::size_t total = 0;
  bool fail = false;
};

TEST_F(AgeStream, EncryptorMemoryIsBoundedByOneChunk) {
  RecordingSink sink;
  auto enc = age::Encryptor::Begin(recipients_, sink);
  ASSERT_TRUE(enc.ok());
  const std::size_t header_and_nonce = sink.total;
  std::vector<uint8_t> block = TestPlaintext(kChunk);
  ASSERT_TRUE(enc->Write(block).ok());
  EXPECT_EQ(sink.total, header_and_nonce);  // held back: it may be the final chunk
  ASSERT_TRUE(enc->Write(std::span(block).first(1)).ok());
  EXPECT_EQ(sink.total, header_and_nonce + kSealed);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(enc->Write(block).ok());
  ASSERT_TRUE(enc->Finish().ok());
  for (std::size_t i = 1; i < sink.writes.size(); ++i) EXPECT_LE(sink.writes[i], kSealed);
  EXPECT_EQ(sink.total, header_and_nonce + 21 * kSealed + 17);

  // Errors are sticky and calls out of order are refused.
  EXPECT_EQ(enc->Finish().error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(enc->Write(block).error().code, ErrorCode::kFailedPrecondition);
  RecordingSink failing;
  auto enc2 = age::Encryptor::Begin(recipients_, failing);
  ASSERT_TRUE(enc2.ok());
  failing.fail = true;
  ASSERT_TRUE(enc2->Write(block).ok());
  EXPECT_EQ(enc2->Write(block).error().code, ErrorCode::kIo);
  EXPECT_FALSE(enc2->Finish().ok());
}

TEST_F(AgeStream, EncryptorRefusesBadRecipients) {
  VectorSink sink;
  EXPECT_EQ(age::Encryptor::Begin({}, sink).error().code, ErrorCode::kInvalidArgument);
  std::vector<age::X25519Public> low_order = {age::X25519Public{}};
  EXPECT_EQ(age::Encryptor::Begin(low_order, sink).error().code, ErrorCode::kInvalidArgument);
  std::vector<age::X25519Public> many(in::kMaxStanzas + 1, recipients_[0]);
  EXPECT_EQ(age::Encryptor::Begin(many, sink).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(sink.data().empty());
}

TEST_F(AgeStream, FreshFileKeyAndEphemeralPerFileAndRecipient) {
  for (int i = 0; i < 3; ++i) {
    ids_.push_back(age::GenerateIdentity());
    recipients_.push_back(age::RecipientOf(ids_.back()));
  }
  std::vector<uint8_t> plaintext = TestPlaintext(10);
  std::set<std::string> shares, file_keys, nonces;
  for (int file = 0; file < 4; ++file) {
    std::vector<uint8_t> bytes = Encrypt(plaintext);
    auto parsed = in::ParseHeader(bytes);
    ASSERT_TRUE(parsed.ok());
    ASSERT_EQ(parsed->header.stanzas.size(), recipients_.size());
    for (const in::Stanza& s : parsed->header.stanzas) {
      EXPECT_EQ(s.type, "X25519");
      ASSERT_EQ(s.args.size(), 1u);
      EXPECT_TRUE(shares.insert(s.args[0]).second) << "ephemeral share reused";
    }
    // Every recipient opens it, alone.
    for (const SecretBytes& id : ids_) {
      std::vector<SecretBytes> one;
      one.push_back(SecretBytes::CopyOf(id.reveal()));
      age::Failure f = age::Failure::kNone;
      auto key = in::UnwrapFileKey(parsed->header, one, f);
      ASSERT_TRUE(key.ok()) << key.error().message;
      EXPECT_EQ(key->size(), 16u);
      file_keys.insert(Hex(key->reveal()));
      AgeOutcome got = AgeDecryptOurs(bytes, one);
      ASSERT_TRUE(got.ok) << got.message;
      EXPECT_EQ(got.plaintext, plaintext);
    }
    nonces.insert(Hex(std::span(bytes).subspan(parsed->size, 16)));
  }
  EXPECT_EQ(file_keys.size(), 4u) << "file key reused across files";
  EXPECT_EQ(nonces.size(), 4u);
  EXPECT_EQ(shares.size(), 16u);
}

// Recomputes everything from the spec with raw primitives and the labels
// spelled out here, independently of age_format.h's constants.
TEST_F(AgeStream, DerivationsUseTheSpecLabels) {
  std::vector<uint8_t> plaintext = TestPlaintext(kChunk + 10);
  std::vector<uint8_t> file = Encrypt(plaintext);
  auto parsed = in::ParseHeader(file);
  ASSERT_TRUE(parsed.ok());
  const in::Stanza& s = parsed->header.stanzas[0];
  std::vector<uint8_t> share = *crypto::Base64Decode(s.args[0], crypto::Base64Variant::kUnpadded);
  auto shared = crypto::X25519(ids_[0], share);
  ASSERT_TRUE(shared.ok());
  std::vector<uint8_t> salt = share;
  salt.insert(salt.end(), recipients_[0].begin(), recipients_[0].end());
  SecretBytes wrap = crypto::HkdfSha256(shared->reveal(), salt,
                                        crypto::LabelBytes("age-encryption.org/v1/X25519"), 32);
  SecretBytes file_key(16);
  const std::array<uint8_t, 12> zero{};
  ASSERT_TRUE(crypto::ChaCha20Poly1305Open(file_key.reveal(), wrap, zero, s.body, {}));

  SecretBytes mac_key = crypto::HkdfSha256(file_key.reveal(), {}, crypto::LabelBytes("header"), 32);
  auto mac = crypto::HmacSha256(mac_key.reveal(), std::span(file).first(parsed->mac_input_bytes));
  EXPECT_EQ(Hex(mac), Hex(parsed->header.mac));
  EXPECT_EQ(std::string(file.begin() + static_cast<std::ptrdiff_t>(parsed->mac_input_bytes) - 4,
                        file.begin() + static_cast<std::ptrdiff_t>(parsed->mac_input_bytes)),
            "\n---");

  auto nonce = std::span(file).subspan(parsed->size, 16);
  SecretBytes payload_key = crypto::HkdfSha256(file_key.reveal(), nonce, crypto::LabelBytes("payload"), 32);
  auto chunk0 = std::span(file).subspan(parsed->size + 16, kSealed);
  auto chunk1 = std::span(file).subspan(parsed->size + 16 + kSealed);
  std::vector<uint8_t> out0(kChunk), out1(10);
  std::array<uint8_t, 12> n0{}, n1{};
  n1[10] = 1;  // counter 1
  n1[11] = 1;  // final
  ASSERT_TRUE(crypto::ChaCha20Poly1305Open(out0, payload_key, n0, chunk0, {}));
  ASSERT_TRUE(crypto::ChaCha20Poly1305Open(out1, payload_key, n1, chunk1, {}));
  out0.insert(out0.end(), out1.begin(), out1.end());
  EXPECT_EQ(out0, plaintext);
}

TEST_F(AgeStream, HeaderMacIsVerifiedBeforeAnyPayload) {
  std::vector<uint8_t> file = Encrypt(TestPlaintext(100));
  auto parsed = in::ParseHeader(file);
  ASSERT_TRUE(parsed.ok());
  // A changed MAC character, and an unknown stanza slipped in: both leave the
  // header well-formed, so only the MAC can catch them.
  std::vector<uint8_t> bad_mac = file;
  uint8_t& c = bad_mac[parsed->mac_input_bytes + 3];  // a middle MAC character
  c = c == 'A' ? 'B' : 'A';                          // still canonical base64
  std::string text(file.begin(), file.end());
  text.insert(text.find("\n-> ") + 1, "-> unknown arg\nAAAA\n");
  std::vector<uint8_t> extra(text.begin(), text.end());
  for (const auto& bad : {bad_mac, extra}) {
    age::Failure f = age::Failure::kNone;
    SpanSource src(bad);
    auto dec = age::Decryptor::Begin(src, ids_, &f);
    ASSERT_FALSE(dec.ok());  // no Decryptor exists: not one payload byte can leave
    EXPECT_EQ(dec.error().code, ErrorCode::kIntegrity);
    EXPECT_EQ(f, age::Failure::kHmac);
  }
}

// Damage in chunk k releases chunks 0..k-1 and nothing of chunk k; Read
// never reports the end.
void ExpectReleasedPrefix(const AgeOutcome& got, std::span<const uint8_t> plaintext,
                          std::size_t good_chunks, const std::string& what) {
  EXPECT_FALSE(got.ok) << what;
  EXPECT_EQ(got.failure, age::Failure::kPayload) << what << ": " << got.message;
  EXPECT_EQ(got.code, ErrorCode::kIntegrity) << what;
  std::size_t released = std::min(plaintext.size(), good_chunks * kChunk);
  ASSERT_EQ(got.plaintext.size(), released) << what;
  EXPECT_TRUE(std::equal(got.plaintext.begin(), got.plaintext.end(), plaintext.begin())) << what;
}

TEST_F(AgeStream, ChunkPlaintextIsReleasedOnlyAfterItsTagVerifies) {
  std::vector<uint8_t> plaintext = TestPlaintext(3 * kChunk + 100);
  std::vector<uint8_t> file = Encrypt(plaintext);
  const std::size_t start = in::ParseHeader(file)->size + 16;
  for (std::size_t chunk = 0; chunk < 4; ++chunk) {
    for (std::size_t offset : {std::size_t{0}, std::size_t{50}, std::size_t{kSealed - 1}}) {
      std::size_t pos = start + chunk * kSealed + offset;
      if (pos >= file.size()) continue;
      std::vector<uint8_t> bad = file;
      bad[pos] ^= 0x80;
      for (std::size_t read_size : {std::size_t{1}, std::size_t{1} << 20}) {
        if (read_size == 1 && chunk > 1) continue;  // slow; chunks 0 and 1 suffice
        ExpectReleasedPrefix(AgeDecryptOurs(bad, ids_, read_size), plaintext, chunk,
                             "flip in chunk " + std::to_string(chunk));
      }
    }
  }
  // The payload nonce is bound too.
  std::vector<uint8_t> bad = file;
  bad[start - 1] ^= 1;
  ExpectReleasedPrefix(AgeDecryptOurs(bad, ids_), plaintext, 0, "flip in nonce");
}

TEST_F(AgeStream, EveryTruncationIsAnError) {
  std::vector<uint8_t> plaintext = TestPlaintext(2 * kChunk + 100);
  std::vector<uint8_t> file = Encrypt(plaintext);
  const std::size_t start = in::ParseHeader(file)->size + 16;
  std::vector<std::size_t> cuts = {start - 16, start - 8, start - 1, start, start + 1, start + 15,
                                   start + 16, start + 1000, start + kSealed - 1, start + kSealed,
                                   start + kSealed + 1, start + kSealed + 16, start + 2 * kSealed - 1,
                                   start + 2 * kSealed, start + 2 * kSealed + 1,
                                   start + 2 * kSealed + 16, file.size() - 1};
  for (std::size_t cut : cuts) {
    std::vector<uint8_t> cut_file(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut));
    std::size_t good = cut < start + kSealed + 1 ? 0 : (cut - start - 1) / kSealed;
    ExpectReleasedPrefix(AgeDecryptOurs(cut_file, ids_), plaintext, good,
                         "cut at " + std::to_string(cut - start));
  }
  // A cut inside the header is a header failure.
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, start - 17, start - 20}) {
    AgeOutcome got = AgeDecryptOurs(std::span(file).first(cut), ids_);
    EXPECT_FALSE(got.ok);
    EXPECT_EQ(got.failure, age::Failure::kHeader) << cut;
  }
}

TEST_F(AgeStream, TrailingDataIsAnErrorAndNothingOfTheLastChunkLeaks) {
  for (std::size_t n : {std::size_t{0}, std::size_t{100}, kChunk, 2 * kChunk}) {
    std::vector<uint8_t> plaintext = TestPlaintext(n);
    std::vector<uint8_t> file = Encrypt(plaintext);
    for (std::size_t extra : {1u, 16u, 17u}) {
      std::vector<uint8_t> longer = file;
      longer.resize(file.size() + extra, 0x42);
      AgeOutcome got = AgeDecryptOurs(longer, ids_);
      std::size_t whole = n == 0 ? 0 : (n - 1) / kChunk;  // chunks before the final one
      ExpectReleasedPrefix(got, plaintext, whole, "n=" + std::to_string(n) + " extra=" + std::to_string(extra));
    }
  }
}

TEST_F(AgeStream, ReorderedDuplicatedAndDroppedChunksAreErrors) {
  std::vector<uint8_t> plaintext = TestPlaintext(3 * kChunk + 100);
  AgeParts parts = SplitAgeFile(Encrypt(plaintext));
  ASSERT_EQ(parts.chunks.size(), 4u);
  struct Case { const char* name; std::vector<int> order; std::size_t good; };
  const std::vector<Case> cases = {
      {"swap 0 and 1", {1, 0, 2, 3}, 0}, {"swap 1 and 2", {0, 2, 1, 3}, 1},
      {"duplicate 0", {0, 0, 1, 2, 3}, 1}, {"duplicate final", {0, 1, 2, 3, 3}, 3},
      {"drop 1", {0, 2, 3}, 1},           {"drop final", {0, 1, 2}, 2},
      {"final first", {3, 0, 1, 2}, 0},   {"only final", {3}, 0},
  };
  for (const Case& c : cases) {
    AgeParts p = parts;
    p.chunks.clear();
    for (int i : c.order) p.chunks.push_back(parts.chunks[static_cast<std::size_t>(i)]);
    ExpectReleasedPrefix(AgeDecryptOurs(JoinAgeParts(p), ids_), plaintext, c.good, c.name);
  }
}

// Files whose every tag verifies, but whose chunk structure breaks STREAM.
TEST_F(AgeStream, ForgedStructuresAreRefused) {
  const std::vector<uint8_t> full = TestPlaintext(kChunk), some = TestPlaintext(10);
  struct Case { const char* name; std::vector<ForgedChunk> chunks; bool ok; };
  const std::vector<Case> cases = {
      {"empty payload", {{{}, 0, true}}, true},
      {"full final chunk", {{full, 0, true}}, true},
      {"two chunks", {{full, 0, false}, {some, 1, true}}, true},
      {"empty final chunk after a full one", {{full, 0, false}, {{}, 1, true}}, false},
      {"empty non-final chunk only", {{{}, 0, false}}, false},
      {"no final flag", {{full, 0, false}, {some, 1, false}}, false},
      {"short chunk then more", {{some, 0, true}, {some, 1, true}}, false},
      {"final chunk then more", {{full, 0, true}, {some, 1, true}}, false},
      {"counter skips", {{full, 0, false}, {some, 2, true}}, false},
      {"counter starts at 1", {{some, 1, true}}, false},
      {"counter repeats", {{full, 0, false}, {full, 0, false}, {some, 1, true}}, false},
      {"short non-final chunk", {{some, 0, false}, {some, 1, true}}, false},
  };
  for (const Case& c : cases) {
    std::vector<uint8_t> file = ForgeAgeFile(recipients_[0], c.chunks);
    AgeOutcome got = AgeDecryptOurs(file, ids_);
    EXPECT_EQ(got.ok, c.ok) << c.name << ": " << got.message;
    if (!c.ok) {
      EXPECT_EQ(got.failure, age::Failure::kPayload) << c.name;
    }
  }
}

TEST_F(AgeStream, ErrorsAreSticky) {
  std::vector<uint8_t> file = Encrypt(TestPlaintext(2 * kChunk));
  file[file.size() - 1] ^= 1;
  SpanSource src(file);
  auto dec = age::Decryptor::Begin(src, ids_);
  ASSERT_TRUE(dec.ok());
  std::vector<uint8_t> buf(2 * kChunk);
  auto first_chunk = dec->Read(buf);
  ASSERT_TRUE(first_chunk.ok());
  ASSERT_EQ(first_chunk.value(), kChunk);
  auto first = dec->Read(buf);
  ASSERT_FALSE(first.ok());
  for (int i = 0; i < 3; ++i) {
    auto again = dec->Read(buf);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().message, first.error().message);
    EXPECT_EQ(dec->failure(), age::Failure::kPayload);
  }
}

// A source whose device fails after `limit` bytes.
class FailingSource final : public ByteSource {
 public:
  FailingSource(std::span<const uint8_t> data, std::size_t limit) : data_(data), limit_(limit) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    if (pos_ >= limit_) return MakeError(ErrorCode::kIo, "device error");
    std::size_t n = std::min({out.size(), limit_ - pos_, data_.size() - pos_});
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, out.begin());
    pos_ += n;
    return n;
  }

 private:
  std::span<const uint8_t> data_;
  std::size_t limit_, pos_ = 0;
};

TEST_F(AgeStream, SourceErrorsAreStickyAndNoVerdict) {
  std::vector<uint8_t> file = Encrypt(TestPlaintext(3 * kChunk));
  const std::size_t start = in::ParseHeader(file)->size + 16;
  FailingSource src(file, start + kSealed + 100);
  auto dec = age::Decryptor::Begin(src, ids_);
  ASSERT_TRUE(dec.ok());
  std::vector<uint8_t> buf(kChunk);
  auto first = dec->Read(buf);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, kChunk);
  for (int i = 0; i < 3; ++i) {
    auto r = dec->Read(buf);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_EQ(dec->failure(), age::Failure::kNone);
  }
  // An I/O error while reading the header is no verdict either.
  FailingSource early(file, 10);
  age::Failure f = age::Failure::kHeader;
  auto none = age::Decryptor::Begin(early, ids_, &f);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kIo);
  EXPECT_EQ(f, age::Failure::kNone);
}

TEST(AgeChunkCounter, NonceLayoutAndOverflow) {
  in::ChunkCounter c;
  EXPECT_TRUE(c.IsFirst());
  EXPECT_EQ(Hex(c.Nonce(false)), "000000000000000000000000");
  EXPECT_EQ(Hex(c.Nonce(true)), "000000000000000000000001");
  ASSERT_TRUE(c.Advance().ok());
  EXPECT_FALSE(c.IsFirst());
  EXPECT_EQ(Hex(c.Nonce(false)), "000000000000000000000100");
  for (int i = 0; i < 255; ++i) ASSERT_TRUE(c.Advance().ok());
  EXPECT_EQ(Hex(c.Nonce(true)), "000000000000000000010001");  // big-endian carry

  in::ChunkCounter::Value almost;
  almost.fill(0xff);
  almost[10] = 0xfe;
  in::ChunkCounter last(almost);
  ASSERT_TRUE(last.Advance().ok());
  EXPECT_EQ(Hex(last.Nonce(false)), "ffffffffffffffffffffff00");
  Status overflow = last.Advance();
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code, ErrorCode::kIntegrity);
  // It never wraps around to a used value.
  EXPECT_FALSE(last.IsFirst());
  EXPECT_FALSE(last.Advance().ok());
}

TEST_F(AgeStream, DecryptorArgumentsAndNoMatch) {
  std::vector<uint8_t> file = Encrypt(TestPlaintext(10));
  SpanSource src(file);
  EXPECT_EQ(age::Decryptor::Begin(src, std::vector<SecretBytes>{}).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<SecretBytes> stranger;
  stranger.push_back(age::GenerateIdentity());
  AgeOutcome got = AgeDecryptOurs(file, stranger);
  EXPECT_EQ(got.failure, age::Failure::kNoMatch);
  EXPECT_EQ(got.code, ErrorCode::kNotFound);
  AgeOutcome garbage = AgeDecryptOurs(TestPlaintext(5000), ids_);
  EXPECT_EQ(garbage.failure, age::Failure::kHeader);
  EXPECT_EQ(garbage.code, ErrorCode::kIntegrity);
}

}  // namespace
}  // namespace tvault::testing
