// The audit log of a real vault (issue #4): every action is logged, and every
// kind of tampering listed in the issue makes AuditVerify fail with
// kIntegrity, naming what happened.
#include <gtest/gtest.h>

#include "audit/event.h"
#include "audit/merkle.h"
#include "support/raw_vault.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;

StatementSource Utf8(const std::string& s) {
  return [s]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

struct Logged {
  TempVault tv;
  std::string w, t;
  Logged() {
    Vault v = tv.Open();
    w = Must(v.AddWitness(WitnessDetails{Text("Name"), {}, Text("+1"), {}, {}, {}, {}}));
    t = Must(v.AddTestimonies(w, {}, std::vector<StatementSource>{Utf8("one")}))[0].id;
    Must(v.GetTestimony(t, std::nullopt));
    Must(v.AmendTestimony(t, Utf8("two"), Text("typo"), {}));
  }
  Status Verify(const std::vector<ExternalCheckpoint>& external = {}) {
    Vault v = tv.Open();
    auto r = v.AuditVerify(external);
    if (!r.ok()) return r.take_error();
    return OkStatus();
  }
  std::string Checkpoint() {
    Vault v = tv.Open();
    return Must(v.AuditCheckpoint());
  }
  std::vector<uint8_t> Entry(int64_t seq) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    auto st = Must(raw.db.Prepare("SELECT entry FROM audit_events WHERE seq = ?"));
    EXPECT_TRUE(Must(st.Bind(1, seq).Step()));
    auto b = st.ColumnBlob(0);
    return {b.begin(), b.end()};
  }
  void SetEntry(int64_t seq, const std::vector<uint8_t>& entry) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    auto st = Must(raw.db.Prepare("UPDATE audit_events SET entry = ? WHERE seq = ?"));
    MustOk(st.BindBlob(1, entry).Bind(2, seq).Run());
  }
  void Sql(const std::string& sql) {
    RawVault raw = OpenRaw(tv.dir(), tv.passphrase());
    ExecOrFail(raw.db, sql);
  }
};

void ExpectDetected(const Status& s, const std::string& needle) {
  ASSERT_FALSE(s.ok()) << "tampering not detected (" << needle << ")";
  EXPECT_EQ(s.error().code, ErrorCode::kIntegrity) << s.error().message;
  EXPECT_NE(s.error().message.find(needle), std::string::npos) << s.error().message;
}

TEST(AuditVault, EveryActionIsLogged) {
  Logged l;
  Vault v = l.tv.Open();
  auto events = Must(v.AuditLog({}));
  std::vector<std::string> actions;
  for (const auto& e : events) actions.push_back(e.action);
  const std::vector<std::string> want = {"init", "witness.add", "testimony.add", "testimony.view",
                                         "testimony.amend"};
  EXPECT_EQ(actions, want);
  // Reading the log is itself logged (seen by the next reader).
  EXPECT_EQ(Must(v.AuditLog({})).back().action, "audit.view");
  EXPECT_EQ(events[4].reason, Text("typo"));
  EXPECT_EQ(events[2].refs, std::vector<std::string>{l.w});
  // Filter by record.
  auto only = Must(v.AuditLog(AuditFilter{l.w, std::nullopt}));
  ASSERT_EQ(only.size(), 2u);  // witness.add and testimony.add (ref)
  EXPECT_TRUE(v.AuditVerify({}).ok());
}

TEST(AuditVault, IntactLogVerifies) {
  Logged l;
  std::string cp = l.Checkpoint();
  MustOk(l.Verify({{cp, "cp"}}));
}

TEST(AuditVault, DeletedEvent) {
  Logged l;
  l.Sql("DELETE FROM audit_events WHERE seq = 2");
  ExpectDetected(l.Verify(), "audit event 2 carries sequence number 3");
}

TEST(AuditVault, ModifiedEvent) {
  Logged l;
  std::vector<uint8_t> e = l.Entry(3);
  audit::Event ev = Must(audit::ParseEvent(e));
  ev.object_version = 7;  // claim another version was viewed
  l.SetEntry(3, audit::SerializeEvent(ev));
  ExpectDetected(l.Verify(), "does not match the log");
}

TEST(AuditVault, ModifiedSealedReason) {
  Logged l;
  std::vector<uint8_t> e = l.Entry(4);
  e[e.size() - 5] ^= 0x01;  // inside the sealed part
  l.SetEntry(4, e);
  ExpectDetected(l.Verify(), "does not match the log");
}

TEST(AuditVault, ReorderedEvents) {
  {
    Logged l;  // swapped as stored
    auto a = l.Entry(2), b = l.Entry(3);
    l.SetEntry(2, b);
    l.SetEntry(3, a);
    ExpectDetected(l.Verify(), "carries sequence number");
  }
  {
    Logged l;  // swapped with sequence numbers rewritten to look contiguous
    audit::Event a = Must(audit::ParseEvent(l.Entry(2))), b = Must(audit::ParseEvent(l.Entry(3)));
    std::swap(a.seq, b.seq);
    // And dated alike, as a careful forger would: the two events may fall in
    // different seconds (they did under ASan), and then the date order would
    // give the forgery away before the log does.
    a.time_unix_s = b.time_unix_s = std::min(a.time_unix_s, b.time_unix_s);
    l.SetEntry(2, audit::SerializeEvent(b));
    l.SetEntry(3, audit::SerializeEvent(a));
    ExpectDetected(l.Verify(), "does not match the log");
  }
}

TEST(AuditVault, TruncatedLog) {
  Logged l;
  l.Sql("DELETE FROM audit_events WHERE seq >= 4");
  ExpectDetected(l.Verify(), "truncated or the vault rolled back");
}

TEST(AuditVault, OlderCopyOfTheVaultAgainstALaterCheckpoint) {
  Logged l;
  ScratchDir backup;
  fs::copy(l.tv.dir(), backup.path() / "old", fs::copy_options::recursive);
  {
    Vault v = l.tv.Open();
    Must(v.AddWitness(WitnessDetails{Text("Later"), {}, {}, {}, {}, {}, {}}));
  }
  std::string later = l.Checkpoint();  // kept off the device
  fs::remove_all(l.tv.dir());
  fs::copy(backup.path() / "old", l.tv.dir(), fs::copy_options::recursive);
  // The old copy is self-consistent...
  MustOk(l.Verify());
  // ...but not with what it signed later.
  ExpectDetected(l.Verify({{later, "court.checkpoint"}}), "rolled back");
}

TEST(AuditVault, TwoCheckpointsOfTheSameSizeWithDifferentContents) {
  Logged l;
  ScratchDir forks;
  fs::copy(l.tv.dir(), forks.path() / "a", fs::copy_options::recursive);
  fs::copy(l.tv.dir(), forks.path() / "b", fs::copy_options::recursive);
  auto act = [&](const fs::path& dir, const std::string& name) {
    Vault v = Must(Vault::Open(dir, Pass(l.tv.passphrase()), OpenOptions{}));
    Must(v.AddWitness(WitnessDetails{Text(name), {}, {}, {}, {}, {}, {}}));
    return Must(v.AuditCheckpoint());
  };
  std::string cp_a = act(forks.path() / "a", "A");
  std::string cp_b = act(forks.path() / "b", "B");
  ASSERT_NE(cp_a, cp_b);
  Vault va = Must(Vault::Open(forks.path() / "a", Pass(l.tv.passphrase()), OpenOptions{}));
  auto r = va.AuditVerify({{cp_a, "a"}, {cp_b, "b"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find("forked"), std::string::npos) << r.error().message;
}

TEST(AuditVault, CheckpointWithABadSignature) {
  Logged l;
  std::string cp = l.Checkpoint();
  std::string bad = cp;
  bad[bad.size() - 10] = bad[bad.size() - 10] == 'A' ? 'B' : 'A';
  ExpectDetected(l.Verify({{bad, "bad.checkpoint"}}), "bad.checkpoint does not verify");
  // A checkpoint stored in the vault whose signature was altered.
  l.Sql("UPDATE audit_checkpoints SET note = CAST(replace(CAST(note AS TEXT), '=', 'A=') AS BLOB)");
  ExpectDetected(l.Verify(), "does not verify");
}

TEST(AuditVault, RecordRowWithoutItsEvent) {
  Logged l;
  l.Sql("INSERT INTO witnesses(id, created_at, version, wrapped_key, contact) "
        "SELECT 'W-ZZZZZ', created_at, version, wrapped_key, contact "
        "FROM witnesses WHERE id = '" + l.w + "'");
  ExpectDetected(l.Verify(), "no audit event records it");
}

TEST(AuditVault, RecordGoneWithoutShred) {
  Logged l;
  l.Sql("DELETE FROM testimony_versions WHERE testimony_id = '" + l.t + "' AND version = 2");
  ExpectDetected(l.Verify(), "gone from the database without a shred");
}

// An insider with the database key (but not the signing key) hides a
// testimony's intake by cutting the log back to just before its event and
// rebuilding the stored tree state, so the log alone is self-consistent. The
// database check still finds the row the log does not account for.
TEST(AuditVault, TestimonyHiddenByCuttingTheLogTail) {
  Logged l;
  std::string hidden;
  {
    Vault v = l.tv.Open();
    hidden = Must(v.AddTestimonies(l.w, {}, std::vector<StatementSource>{Utf8("three")}))[0].id;
  }
  {
    RawVault raw = OpenRaw(l.tv.dir(), l.tv.passphrase());
    audit::MerkleAccumulator acc;
    int64_t cut = -1, last_time = 0;
    {
      auto st = Must(raw.db.Prepare("SELECT seq, entry FROM audit_events ORDER BY seq"));
      while (Must(st.Step())) {
        audit::Event e = Must(audit::ParseEvent(st.ColumnBlob(1)));
        if (e.object_id == hidden) {
          cut = st.ColumnInt(0);
          break;
        }
        acc.Append(audit::LeafHash(st.ColumnBlob(1)));
        last_time = e.time_unix_s;
      }
    }
    ASSERT_GT(cut, 0);
    std::vector<uint8_t> frontier;
    for (const audit::Hash& h : acc.Frontier()) frontier.insert(frontier.end(), h.begin(), h.end());
    ExecOrFail(raw.db, "DELETE FROM audit_events WHERE seq >= " + std::to_string(cut));
    ExecOrFail(raw.db, "DELETE FROM audit_checkpoints WHERE size > " + std::to_string(cut));
    auto up = Must(raw.db.Prepare("UPDATE audit_state SET size = ?, last_time = ?, frontier = ?"));
    MustOk(up.Bind(1, cut).Bind(2, last_time).BindBlob(3, frontier).Run());
  }
  ExpectDetected(l.Verify(), "testimony " + hidden + "@1 is in the database but no audit event");
}

// Many testimonies, each amended a few times, in an order unrelated to their
// ids: every version is matched to its own event (the check merges two
// sorted lists), and losing any single one of them is noticed.
TEST(AuditVault, ManyVersionsMatchTheirOwnEvents) {
  Logged l;
  std::vector<std::string> ids;
  {
    Vault v = l.tv.Open();
    std::vector<StatementSource> s;
    for (int i = 0; i < 40; ++i) s.push_back(Utf8("statement " + std::to_string(i)));
    for (const auto& t : Must(v.AddTestimonies(l.w, {}, s))) ids.push_back(t.id);
    for (int i = 39; i >= 0; i -= 3) Must(v.AmendTestimony(ids[i], Utf8("v2"), Text("r"), {}));
  }
  MustOk(l.Verify());
  l.Sql("DELETE FROM testimony_versions WHERE testimony_id = '" + ids[39] + "' AND version = 2");
  ExpectDetected(l.Verify(), "recorded " + ids[39] + "@2 but it is gone");
}

TEST(AuditVault, ShreddedRecordsStillVerify) {
  Logged l;
  {
    Vault v = l.tv.Open();
    Must(v.Shred(l.w, Text("threat"), true));
  }
  MustOk(l.Verify());
}

TEST(AuditVault, FailedUnlocksAreCountedAndLogged) {
  Logged l;
  EXPECT_FALSE(l.tv.TryOpen("wrong").ok());
  EXPECT_FALSE(l.tv.TryOpen("wrong again").ok());
  Vault v = l.tv.Open();
  auto events = Must(v.AuditLog({}));
  bool found = false;
  for (const auto& e : events) {
    if (e.action == "unlock.failures") {
      found = true;
      EXPECT_EQ(e.count.value_or(0), 2u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(AuditVault, ExportedLogVerifiesWithoutTheVault) {
  Logged l;
  std::string cp = l.Checkpoint();
  ScratchDir out;
  std::string key;
  {
    Vault v = l.tv.Open();
    MustOk(v.AuditExport(out.path() / "log.tva", false));
    key = v.SignerPublicKey();
  }
  auto r = VerifyExportedAuditLog(out.path() / "log.tva", key, {{cp, "cp"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GT(r->events, 6u);
  // No plaintext: the reason "typo" and the witness name are not in it.
  auto bytes = ReadBytes(out.path() / "log.tva");
  for (std::string s : {"typo", "Name"}) {
    EXPECT_EQ(std::search(bytes.begin(), bytes.end(), s.begin(), s.end()), bytes.end()) << s;
  }
  // A flipped byte anywhere in the file is refused.
  for (std::size_t i = 0; i < bytes.size(); i += 7) {
    auto bad = bytes;
    bad[i] ^= 0x01;
    WriteBytes(out.path() / "bad.tva", bad);
    auto br = VerifyExportedAuditLog(out.path() / "bad.tva", key, {});
    ASSERT_FALSE(br.ok()) << "flip at " << i;
    EXPECT_TRUE(br.error().code == ErrorCode::kIntegrity ||
                br.error().code == ErrorCode::kUnsupported) << br.error().message;
  }
  // Another key is refused.
  TempVault other;
  std::string other_key = other.Open().SignerPublicKey();
  EXPECT_EQ(VerifyExportedAuditLog(out.path() / "log.tva", other_key, {}).error().code,
            ErrorCode::kIntegrity);
}

}  // namespace
}  // namespace tvault::testing
