// With no thread able to start, every stage that runs on a Worker (export's
// archive writer, custody excerpts, manifest check and fsync; verify's read
// ahead, decryption ahead, member hashing and custody checks; the evidence
// writer and reader; ParallelFor; audit verify) runs in line instead, and
// export, verify and import give the same results as with threads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "support/test_support.h"
#include "util/worker.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

struct NoThreads {
  NoThreads() { FailThreadStartsForTesting(true); }
  ~NoThreads() { FailThreadStartsForTesting(false); }
};

PlainBytes Pattern(std::size_t n, uint32_t seed) {
  PlainBytes b(n);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& c : b) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<uint8_t>(x >> 24);
  }
  return b;
}

std::string Str(const PlainString& s) { return std::string(s.data(), s.size()); }

// A sender with enough records for several custody batches and ParallelFor
// helpers, statements and evidence larger than the read-ahead blocks, and
// two receivers.
class WorkerFallback : public ::testing::Test {
 protected:
  static constexpr std::size_t kRecords = 600;

  void SetUp() override {
    WitnessDetails d;
    d.name = Text("Witness Name");
    d.phone = Text("+00 123");
    d.aliases = {Text("W."), Text("Double \"quoted\"")};
    const std::string w = Must(sender_.AddWitness(d));
    std::vector<StatementSource> sources;
    for (std::size_t i = 0; i < kRecords; ++i) {
      const std::size_t size = i == 7 ? (3u << 20) + 11 : 300 + i;
      sources.push_back([size, i]() -> Result<PlainBytes> {
        return Pattern(size, static_cast<uint32_t>(i));
      });
    }
    TestimonyMetadata m;
    m.title = Text("statement");
    const auto added = Must(sender_.AddTestimonies(w, m, sources));
    const StatementSource amended = []() -> Result<PlainBytes> { return Pattern(5000, 9999); };
    Must(sender_.AmendTestimony(added[3].id, amended, Text("correction"), {}));
    const fs::path evidence = scratch_.path() / "evidence.bin";
    const PlainBytes ev = Pattern((2u << 20) + 5, 4242);
    WriteBytes(evidence, ev);
    EvidenceMeta meta;
    meta.description = Text("photo");
    meta.media_type = Text("image/jpeg");
    Must(sender_.AddEvidence(added[5].id, evidence, meta));

    const IdentityInfo me = Must(sender_.Identity());
    signer_ = me.minisign_public_key;
    for (Vault* r : {&receiver_a_, &receiver_b_}) {
      const IdentityInfo them = Must(r->Identity());
      MustOk(sender_.AddPeer(Text(r == &receiver_a_ ? "a" : "b"), them.age_recipient, ""));
      MustOk(r->AddPeer(Text("sender"), "", me.minisign_public_key));
    }
  }

  fs::path Export(const std::string& name) {
    ExportRequest req;
    req.purpose = ConsentScope::kCourt;
    req.override_consent = true;  // consent is not what this test is about
    req.to = {Text("a"), Text("b")};
    req.all = true;
    req.with_contacts = true;
    req.reason = Text("court");
    req.out = scratch_.path() / name;
    const ExportResult r = Must(sender_.Export(req));
    EXPECT_EQ(r.records, kRecords);
    EXPECT_EQ(r.versions, kRecords + 1);
    EXPECT_EQ(r.evidence, 1u);
    EXPECT_EQ(r.contacts, 1u);
    return req.out;
  }

  // What a receiver holds of an import: statements, titles and evidence by
  // the sender's ids.
  std::vector<std::string> Imported(Vault& v, const ImportResult& result) {
    std::vector<std::string> out;
    for (const auto& [theirs, mine] : result.testimonies) {
      const Testimony t = Must(v.GetTestimony(mine, std::nullopt));
      out.push_back(theirs + " v" + std::to_string(t.version_count) + " " +
                    Str(t.metadata.title) + " " + crypto::HexEncode(crypto::Sha256(t.statement)));
    }
    for (const auto& [theirs, mine] : result.evidence) {
      const fs::path got = scratch_.path() / ("got-" + mine);
      const EvidenceInfo info = Must(v.GetEvidence(mine, got));
      out.push_back(theirs + " " + crypto::HexEncode(info.sha256) + " " +
                    crypto::HexEncode(crypto::Sha256(ReadBytes(got))));
    }
    for (const std::string& w : result.new_witnesses) {
      const Witness wit = Must(v.GetWitness(w));
      std::string line = Str(wit.details.name) + "|" + Str(wit.details.phone);
      for (const PlainString& a : wit.details.aliases) line += "|" + Str(a);
      out.push_back(line);
    }
    return out;
  }

  TempVault sender_tv_, a_tv_, b_tv_;
  ScratchDir scratch_;
  Vault sender_ = sender_tv_.Open();
  Vault receiver_a_ = a_tv_.Open();
  Vault receiver_b_ = b_tv_.Open();
  std::string signer_;
};

// `same_bundle`: the same file (else two exports of the same records);
// `same_receiver`: opened by the same identity.
void ExpectSameSummary(const BundleSummary& x, const BundleSummary& y, bool same_bundle,
                       bool same_receiver = true) {
  if (same_bundle) {
    EXPECT_EQ(x.bundle_id, y.bundle_id);
    EXPECT_EQ(x.created_at_unix_s, y.created_at_unix_s);
  }
  EXPECT_EQ(Str(x.reason), Str(y.reason));
  EXPECT_EQ(Str(x.exporter_name), Str(y.exporter_name));
  EXPECT_EQ(x.signer_key, y.signer_key);
  EXPECT_EQ(Str(x.signer_peer), Str(y.signer_peer));
  if (same_receiver) {
    EXPECT_EQ(x.decrypted_by, y.decrypted_by);
  }
  EXPECT_EQ(x.recipient_fingerprints, y.recipient_fingerprints);
  EXPECT_EQ(x.records, y.records);
  EXPECT_EQ(x.versions, y.versions);
  EXPECT_EQ(x.contacts, y.contacts);
  EXPECT_EQ(x.evidence, y.evidence);
  EXPECT_EQ(x.custody_events_verified, y.custody_events_verified);
  EXPECT_EQ(x.records_without_custody, y.records_without_custody);
}

TEST_F(WorkerFallback, ExportVerifyAndImportGiveTheSameResultsInLine) {
  const fs::path threaded = Export("threaded.tvb");
  fs::path in_line;
  {
    NoThreads no_threads;
    in_line = Export("in-line.tvb");
  }
  const BundleSummary reference = Must(receiver_a_.VerifyBundle(threaded, signer_));
  EXPECT_EQ(reference.records.size(), kRecords);
  EXPECT_GT(reference.custody_events_verified, 0u);
  {
    NoThreads no_threads;
    ExpectSameSummary(Must(receiver_a_.VerifyBundle(threaded, signer_)), reference, true);
    ExpectSameSummary(Must(receiver_a_.VerifyBundle(in_line, signer_)), reference, false);
  }
  ExpectSameSummary(Must(receiver_a_.VerifyBundle(in_line, signer_)), reference, false);

  const ImportResult by_threads = Must(receiver_a_.ImportBundle(threaded, signer_));
  ImportResult by_line;
  {
    NoThreads no_threads;
    by_line = Must(receiver_b_.ImportBundle(threaded, signer_));
  }
  ExpectSameSummary(by_line.bundle, by_threads.bundle, true, false);
  const std::vector<std::string> held = Imported(receiver_a_, by_threads);
  EXPECT_EQ(held.size(), kRecords + 2);
  EXPECT_EQ(Imported(receiver_b_, by_line), held);
  {
    NoThreads no_threads;
    EXPECT_EQ(Must(receiver_b_.ListTestimonies()).size(), kRecords);
    Must(receiver_b_.AuditVerify({}));
    Must(sender_.AuditVerify({}));
  }
}

}  // namespace
}  // namespace tvault::testing
