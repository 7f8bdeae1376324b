// BundleWriter -> BundleReader round trips (docs/bundle-format.md), the
// writer's refusals, and the reader's bookkeeping: memory stays bounded
// whatever the data size.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "formats/age/age_test_support.h"
#include "bundle/bundle_format.h"
#include "bundle/bundle_io.h"
#include "formats/bundle/bundle_test_support.h"
#include "crypto/hash.h"
#include "util/byte_io.h"

namespace tvault::testing {
namespace {

using bundle::BundleReader;
using bundle::BundleWriter;

std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Tracks the peak resident set size while a streaming run is under way.
struct RssProbe {
  std::size_t baseline = ResidentBytes();
  std::size_t peak = baseline;
  void Sample() { peak = std::max(peak, ResidentBytes()); }
  std::size_t growth() const { return peak - baseline; }
};

// `size` deterministic bytes, generated as they are read.
class GeneratedSource final : public ByteSource {
 public:
  GeneratedSource(uint64_t size, RssProbe* probe = nullptr) : left_(size), probe_(probe) {}
  Result<std::size_t> Read(std::span<uint8_t> out) override {
    const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(left_, out.size()));
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>((position_ + i) * 2654435761u >> 13);
    position_ += n;
    left_ -= n;
    if (probe_ != nullptr && (position_ & ((1u << 20) - 1)) < n) probe_->Sample();
    return n;
  }

 private:
  uint64_t left_;
  uint64_t position_ = 0;
  RssProbe* probe_;
};

class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(RssProbe* probe = nullptr) : probe_(probe) {}
  Status Write(std::span<const uint8_t> bytes) override {
    hasher_.Update(bytes);
    size_ += bytes.size();
    if (probe_ != nullptr) probe_->Sample();
    return OkStatus();
  }
  crypto::Sha256Digest Finish() { return hasher_.Finish(); }
  uint64_t size() const { return size_; }

 private:
  crypto::Sha256Hasher hasher_;
  uint64_t size_ = 0;
  RssProbe* probe_;
};

void ExpectSameBundle(const BundleContent& content, const BundleOutcome& out) {
  ASSERT_TRUE(out.ok) << out.stage << ": " << out.message;
  const bundle::VerifiedBundle& v = *out.verified;
  EXPECT_EQ(v.manifest, content.manifest);
  EXPECT_EQ(v.trusted_comment, content.comment);
  ASSERT_EQ(v.members.size(), content.members.size() + 2);
  ASSERT_EQ(out.streamed.size(), content.members.size() + 2);
  for (std::size_t i = 0; i < content.members.size(); ++i) {
    const Member& m = content.members[i];
    SCOPED_TRACE(m.name);
    EXPECT_EQ(v.members[i].name, m.name);
    EXPECT_EQ(v.members[i].size_bytes, m.data.size());
    EXPECT_EQ(v.members[i].sha256, crypto::Sha256(m.data));
    EXPECT_EQ(out.streamed[i].data, m.data);
    const bundle::MemberKind kind = bundle::KindOfMember(m.name);
    const bool buffered = kind == bundle::MemberKind::kManifest || kind == bundle::MemberKind::kContacts;
    ASSERT_EQ(v.small_members.count(m.name), buffered ? 1u : 0u);
    if (buffered) {
      const PlainBytes& kept = v.small_members.at(m.name);
      EXPECT_TRUE(std::equal(m.data.begin(), m.data.end(), kept.begin(), kept.end()));
    }
  }
  EXPECT_EQ(v.members[content.members.size()].name, "SHA256SUMS");
  EXPECT_EQ(v.members[content.members.size() + 1].name, "SHA256SUMS.minisig");
  EXPECT_EQ(std::string(out.streamed[content.members.size()].data.begin(),
                        out.streamed[content.members.size()].data.end()),
            SumsOf(content.members));
}

TEST(BundleRoundTrip, ZeroOneAndManyRecords) {
  Party sender, b;
  for (int records : {0, 1, 2, 40}) {
    for (bool with_contacts : {false, true}) {
      SCOPED_TRACE(std::to_string(records) + (with_contacts ? " records with contacts" : " records"));
      const BundleContent content = MakeContent(sender, {&b}, records, with_contacts);
      const std::vector<uint8_t> file = WriteBundle(content, sender, {&b});
      BundleOutcome out = ReadBundle(file, b.identities(), {sender.minisign_key});
      ExpectSameBundle(content, out);
      if (!out.ok) return;
      EXPECT_EQ(out.verified->decrypted_by, b.recipient_fingerprint);
      EXPECT_TRUE(bundle::SameMinisignKey(out.verified->signer, sender.minisign_key));
    }
  }
}

TEST(BundleRoundTrip, EveryRecipientCanReadItAndIsTheOneNamed) {
  Party sender, b, c, d;
  const BundleContent content = MakeContent(sender, {&b, &c, &d}, 3);
  const std::vector<uint8_t> file = WriteBundle(content, sender, {&b, &c, &d});
  for (const Party* p : {&b, &c, &d}) {
    BundleOutcome out = ReadBundle(file, p->identities(), {sender.minisign_key});
    ExpectSameBundle(content, out);
    if (out.ok) {
      EXPECT_EQ(out.verified->decrypted_by, p->recipient_fingerprint);
    }
  }
}

TEST(BundleRoundTrip, TheReaderKnowsWhichOfSeveralIdentitiesOpenedIt) {
  Party sender, b, stranger;
  const BundleContent content = MakeContent(sender, {&b}, 1);
  const std::vector<uint8_t> file = WriteBundle(content, sender, {&b});
  std::vector<SecretBytes> identities = stranger.identities();
  identities.push_back(SecretBytes::CopyOf(b.age_identity.reveal()));
  SpanSource source(file);
  auto reader = Must(BundleReader::Open(source, identities));
  EXPECT_EQ(reader.decrypted_by(), b.recipient_fingerprint);
  auto verified = Must(reader.Finish(std::vector<minisign::PublicKey>{stranger.minisign_key, sender.minisign_key}));
  EXPECT_EQ(verified.decrypted_by, b.recipient_fingerprint);
  EXPECT_TRUE(bundle::SameMinisignKey(verified.signer, sender.minisign_key));
  EXPECT_EQ(verified.members.size(), content.members.size() + 2);  // Finish read what Next did not
}

TEST(BundleRoundTrip, AnEmptyMemberAndAFiftyMebibyteOneInBoundedMemory) {
  constexpr uint64_t kBig = 50ull << 20;
  constexpr std::size_t kMaxGrowth = 16u << 20;
  Party sender, b;
  BundleContent content = MakeContent(sender, {&b}, 2, false, 0);
  // Record 0's first statement is empty; the evidence becomes 50 MiB that
  // never sits in memory.
  content.manifest.records[0].versions[0].size_bytes = 0;
  content.manifest.records[0].versions[0].sha256 = crypto::Sha256({});
  content.members[2].data.clear();
  HashingSink reference;
  GeneratedSource once(kBig);
  std::vector<uint8_t> chunk(1 << 16);
  for (std::size_t n; (n = Must(once.Read(chunk))) > 0;) MustOk(reference.Write(std::span(chunk).first(n)));
  const crypto::Sha256Digest big_sha = reference.Finish();
  content.manifest.evidence[0].size_bytes = kBig;
  content.manifest.evidence[0].sha256 = big_sha;
  UpdateManifestMember(content);
  ASSERT_EQ(bundle::KindOfMember(content.members.back().name), bundle::MemberKind::kEvidence);

  ScratchDir dir;
  const std::filesystem::path path = dir.path() / "big.tvb";
  RssProbe write_probe;
  {
    auto sink = Must(AtomicFileSink::Create(path, false));
    std::vector<age::X25519Public> to = {b.age_recipient};
    auto writer = Must(BundleWriter::Begin(to, sink, kTestCreatedAt));
    for (std::size_t i = 0; i + 1 < content.members.size(); ++i) {
      MustOk(writer.AddMember(content.members[i].name, content.members[i].data));
    }
    GeneratedSource big(kBig, &write_probe);
    MustOk(writer.AddMember(content.members.back().name, kBig, big));
    MustOk(writer.Finish(sender.signing.secret_key, sender.minisign_key.key_id, content.comment));
    MustOk(sink.Commit());
  }
  write_probe.Sample();
  EXPECT_GT(std::filesystem::file_size(path), kBig);
  RecordProperty("writer_rss_growth_bytes", std::to_string(write_probe.growth()));
  EXPECT_LT(write_probe.growth(), kMaxGrowth) << "writer grew RSS by " << write_probe.growth() << " bytes";

  RssProbe read_probe;
  auto source = Must(FileSource::Open(path));
  const std::vector<SecretBytes> ids = b.identities();
  auto reader = Must(BundleReader::Open(source, ids));
  HashingSink big_out(&read_probe);
  bool saw_empty = false;
  while (auto next = Must(reader.Next())) {
    if (next->name == content.members[2].name) {
      EXPECT_EQ(next->size_bytes, 0u);
      saw_empty = true;
    }
    if (next->name == content.members.back().name) {
      EXPECT_EQ(next->size_bytes, kBig);
      MustOk(reader.CopyMemberTo(big_out));
    }
  }
  auto verified = Must(reader.Finish(std::vector<minisign::PublicKey>{sender.minisign_key}));
  read_probe.Sample();
  EXPECT_TRUE(saw_empty);
  EXPECT_EQ(big_out.size(), kBig);
  EXPECT_EQ(big_out.Finish(), big_sha);
  EXPECT_EQ(verified.members.back().name, "SHA256SUMS.minisig");
  EXPECT_EQ(verified.manifest.evidence[0].size_bytes, kBig);
  RecordProperty("reader_rss_growth_bytes", std::to_string(read_probe.growth()));
  EXPECT_LT(read_probe.growth(), kMaxGrowth) << "reader grew RSS by " << read_probe.growth() << " bytes";
}

TEST(BundleRoundTrip, MembersTheCallerSkipsAreStillHashedAndChecked) {
  Party sender, b;
  const BundleContent content = MakeContent(sender, {&b}, 3);
  std::vector<uint8_t> file = WriteBundle(content, sender, {&b});
  SpanSource source(file);
  const std::vector<SecretBytes> ids = b.identities();
  auto reader = Must(BundleReader::Open(source, ids));
  // Read a few bytes of the first statement, then move on.
  ASSERT_TRUE(Must(reader.Next()).has_value());
  ASSERT_TRUE(Must(reader.Next()).has_value());
  auto statement = Must(reader.Next());
  ASSERT_TRUE(statement.has_value());
  EXPECT_EQ(statement->name, content.members[2].name);
  auto verified = Must(reader.Finish(std::vector<minisign::PublicKey>{sender.minisign_key}));
  EXPECT_EQ(verified.members[2].sha256, crypto::Sha256(content.members[2].data));
  // Finishing twice is refused.
  EXPECT_EQ(reader.Finish(std::vector<minisign::PublicKey>{sender.minisign_key}).error().code,
            ErrorCode::kFailedPrecondition);
}

// ------------------------------------------------------------------ writer

class BundleWriterRules : public ::testing::Test {
 protected:
  Result<BundleWriter> Begin() {
    std::vector<age::X25519Public> to = {b_.age_recipient};
    return BundleWriter::Begin(to, out_, kTestCreatedAt);
  }
  Status AddAll(BundleWriter& w, std::size_t from = 0) {
    for (std::size_t i = from; i < content_.members.size(); ++i) {
      TVAULT_TRY(w.AddMember(content_.members[i].name, content_.members[i].data));
    }
    return OkStatus();
  }
  Status Finish(BundleWriter& w) {
    return w.Finish(sender_.signing.secret_key, sender_.minisign_key.key_id, content_.comment);
  }
  static void ExpectInvalid(const Status& s, const std::string& fragment) {
    ASSERT_FALSE(s.ok()) << "accepted; expected: " << fragment;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << s.error().message;
    EXPECT_NE(s.error().message.find(fragment), std::string::npos) << s.error().message;
  }

  Party sender_, b_, c_;
  BundleContent content_ = MakeContent(sender_, {&b_}, 2);
  VectorSink out_;
};

TEST_F(BundleWriterRules, BeginRefusesBadRecipientsAndTimes) {
  VectorSink out;
  EXPECT_EQ(BundleWriter::Begin({}, out, kTestCreatedAt).error().code, ErrorCode::kInvalidArgument);
  std::vector<age::X25519Public> many(257, b_.age_recipient);
  EXPECT_EQ(BundleWriter::Begin(many, out, kTestCreatedAt).error().code, ErrorCode::kInvalidArgument);
  std::vector<age::X25519Public> to = {b_.age_recipient};
  EXPECT_EQ(BundleWriter::Begin(to, out, -1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(BundleWriter::Begin(to, out, bundle::kMaxCreatedUnixS + 1).error().code, ErrorCode::kInvalidArgument);
  std::vector<age::X25519Public> low_order = {age::X25519Public{}};
  EXPECT_EQ(BundleWriter::Begin(low_order, out, kTestCreatedAt).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(BundleWriterRules, NamesOrderAndCapsAreSectionTwos) {
  auto w = Must(Begin());
  ExpectInvalid(w.AddMember("HOW_TO_VERIFY.txt", Bytes("x")), "manifest.json must be the first member");
  ExpectInvalid(w.AddMember("notes.txt", Bytes("x")), "not a member name the format defines");
  ExpectInvalid(w.AddMember("../manifest.json", Bytes("x")), "not a member name the format defines");
  ExpectInvalid(w.AddMember("SHA256SUMS", Bytes("x")), "SHA256SUMS is written by Finish");
  ExpectInvalid(w.AddMember("SHA256SUMS.minisig", Bytes("x")), "is written by Finish");
  ExpectInvalid(w.AddMember("manifest.json", Bytes("{}")), "manifest.json: format: missing");
  // A refused manifest poisons the writer: its source was consumed.
  EXPECT_FALSE(w.AddMember(content_.members[0].name, content_.members[0].data).ok());

  auto w2 = Must(Begin());
  MustOk(w2.AddMember(content_.members[0].name, content_.members[0].data));
  ExpectInvalid(w2.AddMember("manifest.json", content_.members[0].data), "only the first");
  MustOk(w2.AddMember(content_.members[1].name, content_.members[1].data));
  ExpectInvalid(w2.AddMember(content_.members[1].name, content_.members[1].data), "duplicate member");
  const std::string custody = bundle::CustodyMemberName("T-ZZZZZZ");
  ExpectInvalid(w2.AddMember(custody, std::vector<uint8_t>(bundle::kMaxSmallMemberBytes + 1)),
                "larger than a reader will accept");
  // Refusals before any byte is read leave the writer usable.
  MustOk(AddAll(w2, 2));
  MustOk(Finish(w2));
  EXPECT_EQ(w2.AddMember("evidence/E-ZZZZZZ", Bytes("x")).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Finish(w2).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(BundleWriterRules, ASourceMustYieldExactlyTheDeclaredSize) {
  for (uint64_t declared : {content_.members[2].data.size() - 1, content_.members[2].data.size() + 1}) {
    auto w = Must(Begin());
    MustOk(AddAll(w));  // everything, so that only the size is wrong below
    SpanSource source(content_.members[2].data);
    EXPECT_EQ(w.AddMember("statements/T-ZZZZZZ.v1", declared, source).error().code, ErrorCode::kInvalidArgument);
    // Poisoned: the archive now holds a partial member.
    EXPECT_FALSE(Finish(w).ok());
  }
}

TEST_F(BundleWriterRules, AnExpectedSha256IsCheckedAgainstTheBytesWritten) {
  const Member& statement = content_.members[2];
  ASSERT_EQ(statement.name.rfind("statements/", 0), 0u);
  const crypto::Sha256Digest right = crypto::Sha256(statement.data);
  {  // The right hash: the bundle is the one AddMember alone would write.
    auto w = Must(Begin());
    MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
    MustOk(w.AddMember(content_.members[1].name, content_.members[1].data));
    SpanSource source(statement.data);
    MustOk(w.AddMember(statement.name, statement.data.size(), source, right));
    MustOk(AddAll(w, 3));
    MustOk(Finish(w));
    BundleOutcome read = ReadBundle(out_.data(), b_.identities(), {sender_.minisign_key});
    ASSERT_TRUE(read.ok) << read.message;
    EXPECT_EQ(read.verified->members[2].name, statement.name);
    EXPECT_EQ(read.verified->members[2].sha256, right);
  }
  for (std::size_t bit : {0u, 255u}) {  // a wrong hash: refused, and nothing is ever signed
    crypto::Sha256Digest wrong = right;
    wrong[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    VectorSink out;
    std::vector<age::X25519Public> to = {b_.age_recipient};
    auto w = Must(BundleWriter::Begin(to, out, kTestCreatedAt));
    MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
    SpanSource source(statement.data);
    Status added = w.AddMember(statement.name, statement.data.size(), source, wrong);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::kIntegrity);
    EXPECT_NE(added.error().message.find(statement.name), std::string::npos) << added.error().message;
    EXPECT_FALSE(AddAll(w, 3).ok());
    EXPECT_FALSE(Finish(w).ok());
  }
  {  // Only statements and evidence take a hash.
    auto w = Must(Begin());
    MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
    const std::vector<uint8_t> custody = Bytes("{}");
    SpanSource source(custody);
    ExpectInvalid(w.AddMember(bundle::CustodyMemberName("T-ZZZZZZ"), custody.size(), source,
                              crypto::Sha256(custody)),
                  "only statements and evidence");
  }
}

TEST_F(BundleWriterRules, FinishChecksTheCommentAndTheManifestAgainstWhatWasWritten) {
  {
    auto w = Must(Begin());
    MustOk(AddAll(w));
    bundle::TrustedComment comment = content_.comment;
    comment.recipients = {c_.recipient_fingerprint};
    ExpectInvalid(w.Finish(sender_.signing.secret_key, sender_.minisign_key.key_id, comment),
                  "must list the bundle's recipients");
    comment = content_.comment;
    comment.created_at_unix_s += 1;
    ExpectInvalid(w.Finish(sender_.signing.secret_key, sender_.minisign_key.key_id, comment),
                  "time is not the bundle's");
    ExpectInvalid(w.Finish(SecretBytes(32), sender_.minisign_key.key_id, content_.comment), "must be 64 bytes");
    // Signing with a key that is not the manifest's exporter.
    ExpectInvalid(w.Finish(c_.signing.secret_key, c_.minisign_key.key_id, content_.comment),
                  "its exporter key is not the key that signed");
    // None of that poisoned it.
    MustOk(Finish(w));
  }
  {
    auto w = Must(Begin());
    MustOk(AddAll(w));
    bundle::TrustedComment comment = content_.comment;
    comment.bundle_id = "B-000000000000";
    ExpectInvalid(w.Finish(sender_.signing.secret_key, sender_.minisign_key.key_id, comment), "it is bundle");
  }
  {
    // A statement the manifest names is missing.
    auto w = Must(Begin());
    for (std::size_t i = 0; i < content_.members.size(); ++i) {
      if (i != 2) MustOk(w.AddMember(content_.members[i].name, content_.members[i].data));
    }
    ExpectInvalid(Finish(w), content_.members[2].name + " is missing");
  }
  {
    // HOW_TO_VERIFY.txt is required.
    auto w = Must(Begin());
    for (std::size_t i = 0; i < content_.members.size(); ++i) {
      if (i != 1) MustOk(w.AddMember(content_.members[i].name, content_.members[i].data));
    }
    ExpectInvalid(Finish(w), "HOW_TO_VERIFY.txt is missing");
  }
  {
    // A member whose bytes are not the ones the manifest describes.
    auto w = Must(Begin());
    MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
    MustOk(w.AddMember(content_.members[1].name, content_.members[1].data));
    std::vector<uint8_t> changed = content_.members[2].data;
    changed[0] ^= 1;
    MustOk(w.AddMember(content_.members[2].name, changed));
    MustOk(AddAll(w, 3));
    ExpectInvalid(Finish(w), "does not have the SHA-256 the manifest gives");
  }
  {
    auto w = Must(Begin());
    ExpectInvalid(Finish(w), "no manifest.json");
  }
}

// AddManifest writes what AddMember("manifest.json", SerializeManifest(m))
// would: the reader gets the same manifest and the same members.
TEST_F(BundleWriterRules, AddManifestWritesTheSerializedManifest) {
  auto w = Must(Begin());
  MustOk(w.AddManifest(content_.manifest));
  MustOk(AddAll(w, 1));
  MustOk(Finish(w));
  BundleOutcome out = ReadBundle(out_.data(), b_.identities(), {sender_.minisign_key});
  ExpectSameBundle(content_, out);
  // Only first, only once.
  auto w2 = Must(Begin());
  MustOk(w2.AddManifest(content_.manifest));
  ExpectInvalid(w2.AddManifest(content_.manifest), "only the first");
  // A manifest that cannot be written as given is refused before a byte.
  auto w3 = Must(Begin());
  bundle::BundleManifest bad = content_.manifest;
  // (a text field that is not UTF-8 is written in its lossless form; a date
  // has none)
  bad.records[0].metadata.taken_at = std::string("\xff\xfe not UTF-8");
  Status refused = w3.AddManifest(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  MustOk(w3.AddManifest(content_.manifest));
  // A manifest a reader would refuse is found by the check that runs beside
  // the writing: Finish refuses to sign, and the writer is spent.
  auto w4 = Must(Begin());
  bundle::BundleManifest refused_by_reader = content_.manifest;
  refused_by_reader.records[0].id = "not-an-id";
  Status added = w4.AddManifest(refused_by_reader);
  if (added.ok()) {
    ExpectInvalid(Finish(w4), "manifest.json");
    EXPECT_FALSE(Finish(w4).ok());
  } else {
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  }
}

// The reader parses manifest.json once, when it ends, and lets a streaming
// caller see it (unverified) until Finish takes it.
TEST_F(BundleWriterRules, TheReaderOffersTheManifestOnceItHasEnded) {
  auto w = Must(Begin());
  MustOk(AddAll(w));
  MustOk(Finish(w));
  SpanSource in(out_.data());
  const std::vector<SecretBytes> ids = b_.identities();
  auto reader = Must(BundleReader::Open(in, ids));
  EXPECT_EQ(reader.UnverifiedManifest(), nullptr);
  auto first = Must(reader.Next());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "manifest.json");
  EXPECT_EQ(reader.UnverifiedManifest(), nullptr);  // not read yet
  auto second = Must(reader.Next());
  ASSERT_TRUE(second.has_value());
  ASSERT_NE(reader.UnverifiedManifest(), nullptr);
  EXPECT_EQ(*reader.UnverifiedManifest(), content_.manifest);
  std::vector<minisign::PublicKey> accepted = {sender_.minisign_key};
  auto verified = Must(reader.Finish(accepted));
  EXPECT_EQ(verified.manifest, content_.manifest);
  EXPECT_EQ(reader.UnverifiedManifest(), nullptr);
}

// An output that fails part way (a full disk) is reported, by a later
// AddMember or by Finish, with its own error; the writer is spent, nothing
// more reaches the output, and nothing hangs (the output is written on a
// worker thread).
class FailingSink final : public ByteSink {
 public:
  explicit FailingSink(std::size_t limit) : limit_(limit) {}
  Status Write(std::span<const uint8_t> bytes) override {
    if (written_ + bytes.size() > limit_) {
      ++refusals_;
      return MakeError(ErrorCode::kIo, "disk full");
    }
    written_ += bytes.size();
    return OkStatus();
  }
  std::size_t written() const { return written_; }
  int refusals() const { return refusals_; }

 private:
  std::size_t limit_, written_ = 0;
  int refusals_ = 0;
};

TEST_F(BundleWriterRules, AFailingOutputSurfacesAndSpendsTheWriter) {
  FailingSink sink(256 * 1024);
  std::vector<age::X25519Public> to = {b_.age_recipient};
  auto w = Must(BundleWriter::Begin(to, sink, kTestCreatedAt));
  MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
  Status failed = OkStatus();
  for (int i = 0; i < 8 && failed.ok(); ++i) {
    GeneratedSource big(1u << 20);
    failed = w.AddMember("statements/T-ZZZZZ" + std::to_string(i) + ".v1", 1u << 20, big);
  }
  if (failed.ok()) failed = Finish(w);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kIo) << failed.error().message;
  EXPECT_NE(failed.error().message.find("disk full"), std::string::npos);
  EXPECT_FALSE(Finish(w).ok());
  EXPECT_LE(sink.written(), 256u * 1024);
  EXPECT_EQ(sink.refusals(), 1);  // nothing was written after the failure
}

// A writer dropped part way (the export failed elsewhere) stops its worker.
TEST_F(BundleWriterRules, AnAbandonedWriterStopsCleanly) {
  for (int i = 0; i < 20; ++i) {
    auto w = Must(Begin());
    MustOk(w.AddMember(content_.members[0].name, content_.members[0].data));
    GeneratedSource big(3u << 20);
    MustOk(w.AddMember("statements/T-ZZZZZZ.v1", 3u << 20, big));
  }
}

TEST_F(BundleWriterRules, AnUnfinishedBundleIsNotAValidAgeFile) {
  {
    auto w = Must(Begin());
    MustOk(AddAll(w));
  }
  ASSERT_FALSE(out_.data().empty());
  BundleOutcome out = ReadBundle(out_.data(), b_.identities(), {sender_.minisign_key});
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.code, ErrorCode::kIntegrity);
  EXPECT_NE(out.message.find("age payload"), std::string::npos) << out.message;
}

}  // namespace
}  // namespace tvault::testing
