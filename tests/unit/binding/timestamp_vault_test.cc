// Trusted timestamps through the public API (docs/audit-format.md section
// 10): the clock check, read-only and older vaults, and `audit verify`
// finding time-stamp rows changed behind tvault's back.
#include <gtest/gtest.h>

#include <cstdlib>

#include "storage/schema.h"
#include "support/local_tsa.h"
#include "support/raw_vault.h"
#include "support/test_support.h"
#include "vault/trusted_time.h"

namespace tvault::testing {
namespace {

struct Stamps {
  TempVault tv;
  LocalTsa tsa;
  ScratchDir files;
  int n = 0;
  // A request from `v`, answered by the local authority: the response bytes.
  std::vector<uint8_t> Answer(Vault& v) {
    TimestampRequest req = Must(v.AuditTimestampRequest());
    const std::filesystem::path path = files.path() / ("req-" + std::to_string(++n) + ".tsq");
    WriteBytes(path, req.request);
    return ReadBytes(tsa.Reply(path));
  }
  std::vector<uint8_t> Ca() { return ReadBytes(LocalTsa::Fixture("ca.pem")); }
};

void ExpectTampered(const TempVault& tv, const std::string& what) {
  Vault v = tv.Open();
  auto r = v.AuditVerify({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
}

TEST(TrustedTime, TheEarliestCoveringStampCounts) {
  auto stamp = [](uint64_t size, std::optional<int64_t> time) {
    TimestampInfo t;
    t.checkpoint_size = size;
    t.time_unix_s = time;
    return t;
  };
  // Sizes 5 (pending), 10 at time 300, 20 at time 200 (answered first), 30 at 400.
  const std::vector<TimestampInfo> stamps = {stamp(5, std::nullopt), stamp(10, 300), stamp(20, 200),
                                             stamp(30, 400)};
  EXPECT_EQ(EarliestStampCovering(3, stamps), &stamps[2]);   // 10 and 20 cover it; 20 is earlier
  EXPECT_EQ(EarliestStampCovering(9, stamps), &stamps[2]);
  EXPECT_EQ(EarliestStampCovering(10, stamps), &stamps[2]);  // size 10 holds seqs 0..9 only
  EXPECT_EQ(EarliestStampCovering(25, stamps), &stamps[3]);
  EXPECT_EQ(EarliestStampCovering(30, stamps), nullptr);
  EXPECT_EQ(EarliestStampCovering(0, {}), nullptr);
}

TEST(TimestampVault, StoresWhatTheAuthoritySaid) {
  Stamps s;
  Vault v = s.tv.Open();
  std::vector<uint8_t> response = s.Answer(v);
  TimestampInfo info = Must(v.AuditTimestampAdd(response, s.Ca()));
  ASSERT_TRUE(info.time_unix_s.has_value());
  EXPECT_LE(std::abs(*info.time_unix_s - info.requested_at_unix_s), 60);
  std::vector<TimestampInfo> all = Must(v.AuditTimestamps());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].checkpoint_size, info.checkpoint_size);
  EXPECT_EQ(all[0].time_unix_s, info.time_unix_s);
  EXPECT_EQ(all[0].response_sha256_hex, info.response_sha256_hex);
  TimestampFiles files = Must(v.AuditTimestampFiles(info.checkpoint_size));
  EXPECT_EQ(files.response, response);
  EXPECT_TRUE(files.checkpoint.starts_with("tvault/v1/audit/"));
  (void)Must(v.AuditVerify({}));
}

TEST(TimestampVault, RefusesATimeBeforeTheRequest) {
  Stamps s;
  std::vector<uint8_t> response;
  {
    Vault v = s.tv.Open();
    response = s.Answer(v);
  }
  {
    // As if the request had been made an hour after the authority's time.
    RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
    ExecOrFail(raw.db, "UPDATE audit_timestamps SET requested_at = requested_at + 3600");
  }
  Vault v = s.tv.Open();
  Result<TimestampInfo> r = v.AuditTimestampAdd(response, s.Ca());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find("before the request was made"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(Must(v.AuditTimestamps())[0].time_unix_s.has_value());
}

TEST(TimestampVault, AuditVerifyFindsADeletedTimestamp) {
  Stamps s;
  {
    Vault v = s.tv.Open();
    (void)Must(v.AuditTimestampAdd(s.Answer(v), s.Ca()));
  }
  {
    RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
    ExecOrFail(raw.db, "DELETE FROM audit_timestamps");
  }
  ExpectTampered(s.tv, "recorded a time-stamp but it is gone");
}

TEST(TimestampVault, AuditVerifyFindsSwappedResponses) {
  Stamps s;
  {
    Vault v = s.tv.Open();
    (void)Must(v.AuditTimestampAdd(s.Answer(v), s.Ca()));
    (void)Must(v.AuditTimestampAdd(s.Answer(v), s.Ca()));
    (void)Must(v.AuditVerify({}));
  }
  {
    // Each response is still logged, but now claims the other checkpoint.
    RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
    ExecOrFail(raw.db,
               "CREATE TEMP TABLE r AS SELECT size, response FROM audit_timestamps;"
               "UPDATE audit_timestamps SET response = (SELECT response FROM r WHERE "
               "r.size != audit_timestamps.size)");
  }
  ExpectTampered(s.tv, "does not cover the checkpoint kept at that size");
}

TEST(TimestampVault, AuditVerifyFindsAnUnloggedResponse) {
  Stamps s;
  std::vector<uint8_t> response;
  {
    Vault v = s.tv.Open();
    response = s.Answer(v);
  }
  {
    // Stored without going through tvault (no audit.timestamp event).
    RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
    storage::Statement st =
        Must(raw.db.Prepare("UPDATE audit_timestamps SET response = ?, time = 1, added_at = 1"));
    MustOk(st.BindBlob(1, response).Run());
  }
  ExpectTampered(s.tv, "no audit.timestamp event records it");
}

TEST(TimestampVault, ReadOnlyVaultListsButDoesNotRequest) {
  Stamps s;
  {
    Vault v = s.tv.Open();
    (void)Must(v.AuditTimestampAdd(s.Answer(v), s.Ca()));
  }
  OpenOptions ro;
  ro.read_only = true;
  Vault v = Must(Vault::Open(s.tv.dir(), Pass(s.tv.passphrase()), ro));
  EXPECT_EQ(Must(v.AuditTimestamps()).size(), 1u);
  Result<TimestampRequest> r = v.AuditTimestampRequest();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
}

TEST(TimestampVault, SchemaFourVaultIsMigrated) {
  Stamps s;
  {
    RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
    ExecOrFail(raw.db,
               "DROP TABLE audit_timestamps; UPDATE meta SET value = 4 WHERE key = "
               "'schema_version'");
  }
  {
    OpenOptions ro;
    ro.read_only = true;
    Vault v = Must(Vault::Open(s.tv.dir(), Pass(s.tv.passphrase()), ro));
    EXPECT_TRUE(Must(v.AuditTimestamps()).empty());
    (void)Must(v.AuditVerify({}));
  }
  {
    Vault v = s.tv.Open();
    (void)Must(v.AuditTimestampAdd(s.Answer(v), s.Ca()));
    (void)Must(v.AuditVerify({}));
  }
  RawVault raw = OpenRaw(s.tv.dir(), s.tv.passphrase());
  EXPECT_EQ(Must(raw.db.QueryInt("SELECT value FROM meta WHERE key = 'schema_version'")),
            storage::kSchemaVersion);
}

}  // namespace
}  // namespace tvault::testing
