// Evidence records through the public Vault API: round trips at the chunk
// boundaries, tampering of the ciphertext file, the orphan sweep, shred,
// the audit log, audit verify and custody.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "crypto/hash.h"
#include "formats/evidence/evidence_forge.h"
#include "evidence/evidence_format.h"
#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

using ::tvault::testing::evidence::Pattern;
using ::tvault::testing::evidence::SplitFrames;
namespace fs = std::filesystem;

constexpr std::size_t kChunk = evidence_format::kDefaultChunkBytes;

struct Fixture {
  TempVault tv;
  ScratchDir scratch;
  Vault v = tv.Open();
  std::string testimony;

  Fixture() {
    WitnessDetails d;
    d.name = Text("Witness");
    const std::string w = Must(v.AddWitness(d));
    TestimonyMetadata m;
    m.title = Text("statement");
    const std::vector<StatementSource> src{[]() -> Result<PlainBytes> {
      return PlainBytes{'h', 'i'};
    }};
    testimony = Must(v.AddTestimonies(w, m, src))[0].id;
  }

  fs::path Write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    const fs::path p = scratch.path() / name;
    WriteBytes(p, bytes);
    return p;
  }
  fs::path EvidenceFile(const std::string& id) const {
    return tv.dir() / "evidence" / (id + ".tve");
  }
  // Everything in the output directory, to prove no temporary was left.
  std::vector<std::string> OutDirNames() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(scratch.path()))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

EvidenceMeta Meta(const std::string& description, const std::string& media_type) {
  EvidenceMeta m;
  m.description = Text(description);
  m.media_type = Text(media_type);
  return m;
}

TEST(EvidenceVault, RoundTripsAtChunkBoundaries) {
  Fixture f;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kChunk, kChunk + 1}) {
    SCOPED_TRACE(size);
    const std::vector<uint8_t> data = Pattern(size, static_cast<uint32_t>(size + 7));
    const fs::path in = f.Write("in-" + std::to_string(size), data);
    uint64_t last_done = 0;
    EvidenceInfo added = Must(f.v.AddEvidence(
        f.testimony, in, Meta("recording " + std::to_string(size), "audio/ogg"),
        [&](uint64_t done, uint64_t total) {
          EXPECT_EQ(total, size);
          EXPECT_GE(done, last_done);
          last_done = done;
        }));
    EXPECT_EQ(last_done, size);
    EXPECT_EQ(added.id.size(), 8u);
    EXPECT_EQ(added.id.substr(0, 2), "E-");
    EXPECT_EQ(added.testimony_id, f.testimony);
    EXPECT_EQ(added.size_bytes, size);
    EXPECT_EQ(added.sha256, crypto::Sha256(data));
    EXPECT_TRUE(fs::exists(f.EvidenceFile(added.id)));

    const fs::path out = f.scratch.path() / ("out-" + std::to_string(size));
    EvidenceInfo got = Must(f.v.GetEvidence(added.id, out));
    EXPECT_EQ(ReadBytes(out), data);
    EXPECT_EQ(got.sha256, added.sha256);

    EvidenceInfo shown = Must(f.v.ShowEvidence(added.id));
    EXPECT_EQ(shown.size_bytes, size);
    EXPECT_EQ(shown.sha256, crypto::Sha256(data));
    EXPECT_EQ(shown.description, Text("recording " + std::to_string(size)));
    EXPECT_EQ(shown.media_type, Text("audio/ogg"));
    EXPECT_EQ(shown.added_at_unix_s, added.added_at_unix_s);
  }
  auto list = Must(f.v.ListEvidence(f.testimony));
  ASSERT_EQ(list.size(), 4u);
  std::set<uint64_t> sizes;
  for (const EvidenceInfo& e : list) sizes.insert(e.size_bytes);
  EXPECT_EQ(sizes, (std::set<uint64_t>{0, 1, kChunk, kChunk + 1}));
  EXPECT_TRUE(Must(f.v.Check()).unknown_evidence_files.empty());
  Must(f.v.AuditVerify({}));
}

TEST(EvidenceVault, RefusesBadInputAndLeavesNothing) {
  Fixture f;
  const fs::path in = f.Write("in", Pattern(100));
  EXPECT_EQ(f.v.AddEvidence("T-000000", in, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(f.v.AddEvidence("W-00000", in, {}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.v.AddEvidence(f.testimony, f.scratch.path() / "missing", {}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(f.v.AddEvidence(f.testimony, in, Meta(std::string(64 * 1024 + 1, 'x'), ""))
                .error().code,
            ErrorCode::kInvalidArgument);
  EvidenceMeta forged;
  forged.provenance.bundle_id = "B-0123456789AB";
  EXPECT_EQ(f.v.AddEvidence(f.testimony, in, forged).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.v.ShowEvidence("E-000000").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(f.v.ShowEvidence(f.testimony).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Must(f.v.ListEvidence(f.testimony)).empty());
  // No ciphertext was left behind by any refused add.
  const fs::path dir = f.tv.dir() / "evidence";
  if (fs::exists(dir)) {
    EXPECT_TRUE(fs::is_empty(dir));
  }
  // An existing output is never overwritten.
  const std::string id = Must(f.v.AddEvidence(f.testimony, in, {})).id;
  const fs::path taken = f.Write("taken", {1, 2, 3});
  EXPECT_EQ(f.v.GetEvidence(id, taken).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(ReadBytes(taken), (std::vector<uint8_t>{1, 2, 3}));
}

// Every kind of damage to the ciphertext file: integrity failure, and the
// output file never appears (nor any temporary beside it).
TEST(EvidenceVault, TamperedCiphertextFailsAndLeavesNoOutput) {
  Fixture f;
  const std::vector<uint8_t> data = Pattern(3 * kChunk + 10, 3);
  const std::string id = Must(f.v.AddEvidence(f.testimony, f.Write("in", data), {})).id;
  const fs::path file = f.EvidenceFile(id);
  const std::vector<uint8_t> good = ReadBytes(file);
  const auto frames = SplitFrames(good);
  ASSERT_EQ(frames.chunks.size(), 4u);

  std::vector<std::pair<std::string, std::vector<uint8_t>>> cases;
  cases.emplace_back("truncated at a chunk boundary",
                     std::vector<uint8_t>(good.begin(), good.begin() + frames.OffsetOf(3)));
  cases.emplace_back("truncated inside a chunk",
                     std::vector<uint8_t>(good.begin(), good.end() - 5));
  auto extended = good;
  extended.push_back(0);
  cases.emplace_back("extended by one byte", extended);
  auto flipped = good;
  flipped[frames.OffsetOf(2) + 100] ^= 0x01;
  cases.emplace_back("byte flipped", flipped);
  auto swapped = frames;
  std::swap(swapped.chunks[0], swapped.chunks[1]);
  cases.emplace_back("chunks swapped", swapped.Join());
  auto header = good;
  header[12] ^= 0x01;
  cases.emplace_back("header altered", header);

  for (const auto& [what, bytes] : cases) {
    SCOPED_TRACE(what);
    WriteBytes(file, bytes);
    const fs::path out = f.scratch.path() / "out";
    auto got = f.v.GetEvidence(id, out);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kIntegrity) << got.error().message;
    EXPECT_NE(got.error().message.find(id), std::string::npos);
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(f.OutDirNames(), std::vector<std::string>{"in"});
    EXPECT_EQ(f.v.Check().error().code, ErrorCode::kIntegrity);
  }
  // A missing file is an integrity failure too (the database references it).
  fs::remove(file);
  EXPECT_EQ(f.v.GetEvidence(id, f.scratch.path() / "out").error().code, ErrorCode::kIntegrity);
  // Put back, it reads again.
  WriteBytes(file, good);
  Must(f.v.GetEvidence(id, f.scratch.path() / "out"));
  EXPECT_EQ(ReadBytes(f.scratch.path() / "out"), data);
}

// Another evidence's file under this id: another key, another id bound in.
TEST(EvidenceVault, SwappedFilesBetweenRecordsFail) {
  Fixture f;
  const std::string a = Must(f.v.AddEvidence(f.testimony, f.Write("a", Pattern(5000, 1)), {})).id;
  const std::string b = Must(f.v.AddEvidence(f.testimony, f.Write("b", Pattern(5000, 2)), {})).id;
  const auto bytes_a = ReadBytes(f.EvidenceFile(a));
  WriteBytes(f.EvidenceFile(a), ReadBytes(f.EvidenceFile(b)));
  WriteBytes(f.EvidenceFile(b), bytes_a);
  EXPECT_EQ(f.v.GetEvidence(a, f.scratch.path() / "oa").error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(f.v.GetEvidence(b, f.scratch.path() / "ob").error().code, ErrorCode::kIntegrity);
}

void Reopen(Fixture& f) {
  { Vault closing = std::move(f.v); }  // releases the lock
  f.v = f.tv.Open();
}

// A complete file without a row may be evidence of a newer vault.db (a
// restored backup): kept, and named by Check (tvault #15, item 4).
TEST(EvidenceVault, OpenSweepsIncompleteFilesAndKeepsUnknownCompleteOnes) {
  Fixture f;
  const std::vector<uint8_t> data = Pattern(10);
  const std::string id = Must(f.v.AddEvidence(f.testimony, f.Write("in", data), {})).id;
  const fs::path dir = f.tv.dir() / "evidence";
  WriteBytes(dir / "E-ZZZZZZ.tve", Pattern(80));                      // complete, but no row
  WriteBytes(dir / "E-XXXXXX.tve.pending", Pattern(80));              // never committed
  WriteBytes(dir / ".E-YYYYYY.tve.pending.tmp-abc123", Pattern(80));  // an interrupted add
  WriteBytes(dir / "notes.txt", Pattern(3));                          // not ours: left alone
  Reopen(f);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<std::string> expected{id + ".tve", "E-ZZZZZZ.tve", "notes.txt"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names, expected);
  EXPECT_EQ(Must(f.v.Check()).unknown_evidence_files, std::vector<std::string>{"E-ZZZZZZ.tve"});
  Must(f.v.GetEvidence(id, f.scratch.path() / "out"));
  EXPECT_EQ(ReadBytes(f.scratch.path() / "out"), data);
}

TEST(EvidenceVault, ShredOfTheTestimonyDestroysItsEvidence) {
  Fixture f;
  const std::vector<uint8_t> data = Pattern(kChunk + 5, 9);
  const EvidenceInfo a = Must(f.v.AddEvidence(f.testimony, f.Write("a", data), Meta("x", "y")));
  const EvidenceInfo b = Must(f.v.AddEvidence(f.testimony, f.Write("b", Pattern(7)), {}));
  ShredReport report = Must(f.v.Shred(f.testimony, Text("witness asked"), false));
  // The testimony, then its evidence, oldest first.
  ASSERT_EQ(report.shredded_ids.size(), 3u);
  EXPECT_EQ(report.shredded_ids[0], f.testimony);
  EXPECT_EQ(std::set<std::string>(report.shredded_ids.begin() + 1, report.shredded_ids.end()),
            (std::set<std::string>{a.id, b.id}));
  // Ciphertext files gone, records gone, tombstones keep only the hash.
  EXPECT_FALSE(fs::exists(f.EvidenceFile(a.id)));
  EXPECT_FALSE(fs::exists(f.EvidenceFile(b.id)));
  auto shown = f.v.ShowEvidence(a.id);
  ASSERT_FALSE(shown.ok());
  EXPECT_EQ(shown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(shown.error().message.find("shredded"), std::string::npos);
  EXPECT_EQ(f.v.GetEvidence(a.id, f.scratch.path() / "out").error().code, ErrorCode::kNotFound);
  bool found = false;
  for (const Tombstone& t : Must(f.v.ListTombstones())) {
    if (t.id != a.id) continue;
    found = true;
    EXPECT_EQ(t.reason, Text("witness asked"));
    ASSERT_EQ(t.version_hashes.size(), 1u);
    EXPECT_EQ(t.version_hashes[0].second, crypto::Sha256(data));
  }
  EXPECT_TRUE(found);
  {
    RawVault raw = [&] {
      { Vault closing = std::move(f.v); }
      return OpenRaw(f.tv.dir(), f.tv.passphrase());
    }();
    EXPECT_EQ(raw.db.QueryInt("SELECT count(*) FROM evidence").value(), std::optional<int64_t>(0));
  }
  f.v = f.tv.Open();
  EXPECT_TRUE(Must(f.v.Check()).unknown_evidence_files.empty());
  Must(f.v.AuditVerify({}));
}

TEST(EvidenceVault, AuditLogRecordsAddAndViewsAndVerifyHoldsTheRowsToIt) {
  Fixture f;
  const std::vector<uint8_t> data = Pattern(1234, 5);
  const EvidenceInfo e = Must(f.v.AddEvidence(f.testimony, f.Write("in", data), {}));
  Must(f.v.ShowEvidence(e.id));
  Must(f.v.GetEvidence(e.id, f.scratch.path() / "out"));
  Must(f.v.ListEvidence(f.testimony));

  AuditFilter filter;
  filter.record = e.id;
  auto events = Must(f.v.AuditLog(filter));
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].action, "evidence.add");
  EXPECT_EQ(events[0].object_version, 1u);
  EXPECT_EQ(events[0].refs, std::vector<std::string>{f.testimony});
  ASSERT_EQ(events[0].digests.size(), 1u);
  EXPECT_EQ(events[0].digests[0].size(), 64u);
  // The commitment hides the file's hash.
  EXPECT_NE(events[0].digests[0], Hex(crypto::Sha256(data)));
  std::vector<std::string> details;
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(events[i].action, "evidence.view");
    details.emplace_back(events[i].detail.data(), events[i].detail.size());
  }
  EXPECT_EQ(details, (std::vector<std::string>{"show", "get", "list"}));

  // The testimony's custody report carries the evidence's events too.
  CustodyReport custody = Must(f.v.Custody(f.testimony));
  int evidence_events = 0;
  for (const CustodyEvent& ce : custody.events)
    evidence_events += ce.event.action.rfind("evidence.", 0) == 0;
  EXPECT_EQ(evidence_events, 4);

  Must(f.v.AuditVerify({}));
  // A row removed behind the log's back (no shred) is caught.
  { Vault closing = std::move(f.v); }
  {
    RawVault raw = OpenRaw(f.tv.dir(), f.tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM evidence");
  }
  f.v = f.tv.Open();
  auto verified = f.v.AuditVerify({});
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(verified.error().message.find(e.id), std::string::npos);
}

crypto::Sha256Digest Sha256OfFile(const fs::path& p) {
  crypto::Sha256Hasher h;
  std::FILE* f = std::fopen(p.c_str(), "rb");
  EXPECT_NE(f, nullptr);
  std::vector<uint8_t> buf(1 << 20);
  for (std::size_t n; f != nullptr && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0;)
    h.Update(std::span(buf).first(n));
  if (f != nullptr) std::fclose(f);
  return h.Finish();
}

// 1 GiB + a bit (not a multiple of the chunk) in and out through the Vault
// API, in a child process whose peak RSS is its own: the whole add and get
// must stay far below the 64 MiB budget (the test vault's Argon2id uses
// 8 MiB; the product's floor is 64 MiB, see docs/threat-model.md 5a).
TEST(EvidenceVault, SlowOneGiBRoundTripInBoundedMemory) {
  Fixture f;
  const uint64_t size = (uint64_t{1} << 30) + 4321;
  const fs::path in = f.scratch.path() / "big";
  {
    std::FILE* out = std::fopen(in.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    uint64_t left = size;
    for (uint32_t i = 0; left > 0; ++i) {
      const std::vector<uint8_t> piece = Pattern(std::min<uint64_t>(left, kChunk), i);
      ASSERT_EQ(std::fwrite(piece.data(), 1, piece.size(), out), piece.size());
      left -= piece.size();
    }
    ASSERT_EQ(std::fclose(out), 0);
  }
  const crypto::Sha256Digest expected = Sha256OfFile(in);
  const fs::path copy = f.scratch.path() / "copy";
  const fs::path id_file = f.scratch.path() / "id";
  { Vault closing = std::move(f.v); }  // the child takes the lock

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto opened = f.tv.TryOpen(f.tv.passphrase());
    if (!opened.ok()) ::_exit(10);
    auto added = opened->AddEvidence(f.testimony, in, Meta("one gibibyte", "video/mp4"));
    if (!added.ok()) ::_exit(11);
    if (!opened->GetEvidence(added->id, copy).ok()) ::_exit(12);
    std::FILE* idf = std::fopen(id_file.c_str(), "w");
    if (idf == nullptr) ::_exit(13);
    std::fputs(added->id.c_str(), idf);
    std::fclose(idf);
    ::_exit(0);
  }
  int status = 0;
  struct rusage usage{};
  ASSERT_EQ(::wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  const long peak_kib = usage.ru_maxrss;
  std::printf("peak RSS of add + get of 1 GiB: %ld KiB\n", peak_kib);
#if !defined(__SANITIZE_ADDRESS__)
  // (AddressSanitizer's shadow memory and free quarantine make RSS
  // meaningless there; the round trip itself is still checked.)
  EXPECT_LT(peak_kib, 64 * 1024);
#endif

  EXPECT_EQ(Sha256OfFile(copy), expected);
  EXPECT_EQ(fs::file_size(copy), size);
  f.v = f.tv.Open();
  const std::vector<uint8_t> id_bytes = ReadBytes(id_file);
  const EvidenceInfo shown = Must(f.v.ShowEvidence(std::string(id_bytes.begin(), id_bytes.end())));
  EXPECT_EQ(shown.size_bytes, size);
  EXPECT_EQ(shown.sha256, expected);
}

}  // namespace
}  // namespace tvault::testing
