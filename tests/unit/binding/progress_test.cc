// Progress of export, check, bundle verify and bundle import: what the
// library reports to the caller (the CLI draws it as a bar).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

// Every report, and the thread it came from.
struct Recorder {
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  std::thread::id caller = std::this_thread::get_id();
  bool other_thread = false;
  Progress Callback() {
    return [this](uint64_t done, uint64_t total) {
      if (std::this_thread::get_id() != caller) other_thread = true;
      calls.emplace_back(done, total);
    };
  }
  // Never backwards, never past the total, and ends at `end` of `total`.
  void ExpectRunsTo(uint64_t end, uint64_t total) const {
    ASSERT_FALSE(calls.empty());
    EXPECT_FALSE(other_thread) << "progress must be reported on the caller's thread";
    for (std::size_t i = 0; i < calls.size(); ++i) {
      EXPECT_EQ(calls[i].second, total);
      EXPECT_LE(calls[i].first, total);
      if (i > 0) {
        EXPECT_GE(calls[i].first, calls[i - 1].first);
      }
    }
    EXPECT_EQ(calls.back().first, end);
  }
};

class ProgressReports : public ::testing::Test {
 protected:
  void SetUp() override {
    WitnessDetails d;
    d.name = Text("W");
    const std::string w = Must(sender_.AddWitness(d));
    std::vector<StatementSource> sources;
    for (int i = 0; i < 5; ++i) {
      sources.push_back([i]() -> Result<PlainBytes> {
        return PlainBytes(static_cast<std::size_t>(100000 + i), static_cast<uint8_t>('a' + i));
      });
    }
    TestimonyMetadata m;
    m.title = Text("t");
    added_ = Must(sender_.AddTestimonies(w, m, sources));
    const fs::path evidence = scratch_.path() / "e.bin";
    WriteBytes(evidence, std::vector<uint8_t>(300000, 7));
    EvidenceMeta meta;
    meta.description = Text("e");
    Must(sender_.AddEvidence(added_[0].id, evidence, meta));
    const IdentityInfo me = Must(sender_.Identity());
    signer_ = me.minisign_public_key;
    MustOk(sender_.AddPeer(Text("r"), Must(receiver_.Identity()).age_recipient, ""));
    MustOk(receiver_.AddPeer(Text("s"), "", signer_));
  }

  fs::path Export(const Progress& progress) {
    ExportRequest req;
    req.purpose = ConsentScope::kCourt;
    req.override_consent = true;  // consent is not what this test is about
    req.to = {Text("r")};
    req.all = true;
    req.reason = Text("court");
    req.out = scratch_.path() / "b.tvb";
    req.progress = progress;
    Must(sender_.Export(req));
    return req.out;
  }

  ScratchDir scratch_;
  TempVault sender_tv_, receiver_tv_;
  Vault sender_ = sender_tv_.Open();
  Vault receiver_ = receiver_tv_.Open();
  std::vector<AddedTestimony> added_;
  std::string signer_;
};

TEST_F(ProgressReports, ExportCountsTestimonies) {
  Recorder r;
  Export(r.Callback());
  r.ExpectRunsTo(5, 5);
  EXPECT_EQ(r.calls.size(), 5u);
}

TEST_F(ProgressReports, CheckCountsThePagesThenEachVersionAndEvidenceFile) {
  Recorder r;
  Must(sender_.Check(r.Callback()));
  r.ExpectRunsTo(1 + 5 + 1, 1 + 5 + 1);
  EXPECT_EQ(r.calls.front().first, 0u);
}

TEST_F(ProgressReports, VerifyAndImportCountBytesOfTheBundle) {
  const fs::path bundle = Export({});
  const uint64_t size = fs::file_size(bundle);
  Recorder verify;
  Must(receiver_.VerifyBundle(bundle, "", verify.Callback()));
  verify.ExpectRunsTo(size, size);
  EXPECT_GT(verify.calls.size(), 2u) << "reported member by member";
  Recorder import;
  Must(receiver_.ImportBundle(bundle, "", import.Callback()));
  import.ExpectRunsTo(2 * size, 2 * size);
}

TEST_F(ProgressReports, NoCallbackIsFine) {
  const fs::path bundle = Export({});
  Must(sender_.Check());
  Must(receiver_.VerifyBundle(bundle, ""));
  Must(receiver_.ImportBundle(bundle, ""));
}

}  // namespace
}  // namespace tvault::testing
