// Trusted timestamps of the audit log (RFC 3161, docs/audit-format.md
// section 10): requests over anchor checkpoints, responses verified and kept.
#include "binding/audit_timestamps.h"

#include <set>

#include "binding/journal.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "crypto/rfc3161.h"
#include "util/byte_io.h"
#include "vault/text.h"
#include "vault/trusted_time.h"
#include "vault/vault.h"

namespace tvault {
namespace {

// How far the authority's clock may be from this machine's (section 10,
// check 4) before a response is refused.
constexpr int64_t kClockSlackSeconds = 5 * 60;

// The key of audit_timestamps: the nonce as 8 big-endian bytes.
std::vector<uint8_t> NonceKey(uint64_t nonce) {
  std::vector<uint8_t> out;
  ByteWriter(out).U64(nonce);
  return out;
}

Status RequireTimestampTable(const Vault::Impl& v) {
  if (v.has_timestamp_table) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "this vault predates trusted timestamps; open it once for writing to upgrade it");
}

Status RequireWritable(const Vault::Impl& v, std::string_view what) {
  if (!v.read_only) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition,
                   std::string(what) + " is recorded in the audit log, which a read-only vault "
                                       "cannot do");
}

struct PendingRequest {
  uint64_t size = 0;
  int64_t requested_at = 0;
  std::vector<uint8_t> request;
  bool answered = false;
};

Result<std::optional<PendingRequest>> FindRequest(Vault::Impl& v, uint64_t nonce) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT size, requested_at, request, response IS NOT NULL "
                   "FROM audit_timestamps WHERE nonce = ?"));
  const std::vector<uint8_t> key = NonceKey(nonce);
  TVAULT_ASSIGN_OR_RETURN(bool row, st.BindBlob(1, key).Step());
  if (!row) return std::optional<PendingRequest>();
  auto req = st.ColumnBlob(2);
  return std::optional<PendingRequest>(PendingRequest{static_cast<uint64_t>(st.ColumnInt(0)),
                                                      st.ColumnInt(1),
                                                      {req.begin(), req.end()},
                                                      st.ColumnInt(3) != 0});
}

Status CheckClock(const crypto::TimestampToken& token, const PendingRequest& request, int64_t now) {
  if (token.gen_time_unix_s < request.requested_at - kClockSlackSeconds) {
    return MakeError(ErrorCode::kIntegrity,
                     "the time-stamp says " + FormatUtc(token.gen_time_unix_s) +
                         ", before the request was made (" + FormatUtc(request.requested_at) +
                         " by this computer's clock)");
  }
  if (token.gen_time_unix_s > now + kClockSlackSeconds) {
    return MakeError(ErrorCode::kIntegrity,
                     "the time-stamp says " + FormatUtc(token.gen_time_unix_s) +
                         ", later than now (" + FormatUtc(now) +
                         " by this computer's clock): one of the two clocks is wrong");
  }
  return OkStatus();
}

TimestampInfo InfoOf(uint64_t size, int64_t requested_at) {
  TimestampInfo info;
  info.checkpoint_size = size;
  info.requested_at_unix_s = requested_at;
  return info;
}

void AddResponseFacts(TimestampInfo& info, const audit::Hash& response_sha256,
                      const crypto::TimestampToken& token, int64_t added_at) {
  info.time_unix_s = token.gen_time_unix_s;
  info.added_at_unix_s = added_at;
  info.tsa = token.tsa;
  info.serial_hex = token.serial_hex;
  info.policy = token.policy;
  info.response_sha256_hex = crypto::HexEncode(response_sha256);
}

}  // namespace

Result<TimestampRequest> Vault::AuditTimestampRequest() {
  Impl& v = *impl_;
  TVAULT_TRY(RequireWritable(v, "a time-stamp request"));
  TVAULT_TRY(RequireTimestampTable(v));
  {
    TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
    LogEntry entry{audit::Action::kAuditTimestampRequest, "", 0, {}, {}, {}};
    entry.secrets.detail = PlainString("request for the checkpoint that follows");
    TVAULT_TRY(txn.Log(std::move(entry)));
    TVAULT_TRY(txn.Commit());
  }
  // The anchor covers the request's own event; request and row are kept
  // with it, or neither is.
  TVAULT_ASSIGN_OR_RETURN(storage::Transaction t, storage::Transaction::Begin(v.db));
  uint64_t size = 0;
  TVAULT_ASSIGN_OR_RETURN(std::string note, audit_store::SignAnchor(v, &size));
  const crypto::Sha256Digest imprint = crypto::Sha256(AsSpan(note));
  uint64_t nonce = 0;
  crypto::RandomBytes({reinterpret_cast<uint8_t*>(&nonce), sizeof nonce});
  TVAULT_ASSIGN_OR_RETURN(std::vector<uint8_t> request, crypto::MakeTimestampRequest(imprint, nonce));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("INSERT INTO audit_timestamps(nonce, size, request, requested_at) "
                   "VALUES (?, ?, ?, ?)"));
  TVAULT_TRY(st.BindBlob(1, NonceKey(nonce))
                 .Bind(2, static_cast<int64_t>(size))
                 .BindBlob(3, request)
                 .Bind(4, v.Now())
                 .Run());
  TVAULT_TRY(t.Commit());
  return TimestampRequest{std::move(request), std::move(note), size, crypto::HexEncode(imprint)};
}

Result<TimestampInfo> Vault::AuditTimestampAdd(std::span<const uint8_t> response,
                                               std::span<const uint8_t> ca_pem) {
  Impl& v = *impl_;
  TVAULT_TRY(RequireWritable(v, "a time-stamp"));
  TVAULT_TRY(RequireTimestampTable(v));
  // The nonce finds the request; nothing in the response is trusted until
  // it verified against that request.
  TVAULT_ASSIGN_OR_RETURN(crypto::TimestampToken unverified, crypto::ReadTimestampResponse(response));
  TVAULT_ASSIGN_OR_RETURN(std::optional<PendingRequest> request, FindRequest(v, unverified.nonce));
  if (!request) {
    return MakeError(ErrorCode::kIntegrity,
                     "the time-stamp response answers no request of this vault (its nonce is "
                     "unknown here)");
  }
  if (request->answered) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "the request for checkpoint size " + std::to_string(request->size) +
                         " already has its time-stamp");
  }
  TVAULT_ASSIGN_OR_RETURN(crypto::TimestampToken token,
                          crypto::VerifyTimestampResponse(response, request->request, ca_pem));
  const int64_t now = v.Now();
  TVAULT_TRY(CheckClock(token, *request, now));

  const audit::Hash response_sha256 = crypto::Sha256(response);
  TimestampInfo info = InfoOf(request->size, request->requested_at);
  AddResponseFacts(info, response_sha256, token, now);
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("UPDATE audit_timestamps SET response = ?, time = ?, added_at = ? "
                   "WHERE nonce = ? AND response IS NULL"));
  TVAULT_TRY(st.BindBlob(1, response)
                 .Bind(2, token.gen_time_unix_s)
                 .Bind(3, now)
                 .BindBlob(4, NonceKey(token.nonce))
                 .Run());
  LogEntry entry{audit::Action::kAuditTimestamp, "", 0, {}, {response_sha256}, {}};
  entry.secrets.detail =
      PlainString("checkpoint size " + std::to_string(info.checkpoint_size) + ", time " +
                  FormatUtc(token.gen_time_unix_s) + ", authority " + token.tsa);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return info;
}

Result<std::vector<TimestampInfo>> Vault::AuditTimestamps() {
  Impl& v = *impl_;
  std::vector<TimestampInfo> out;
  if (!v.has_timestamp_table) return out;
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT size, requested_at, response, added_at FROM audit_timestamps "
                   "ORDER BY size"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    TimestampInfo info = InfoOf(static_cast<uint64_t>(st.ColumnInt(0)), st.ColumnInt(1));
    if (!st.ColumnIsNull(2)) {
      // Verified when it was added; read again only for its facts.
      TVAULT_ASSIGN_OR_RETURN(crypto::TimestampToken token,
                              crypto::ReadTimestampResponse(st.ColumnBlob(2)));
      AddResponseFacts(info, crypto::Sha256(st.ColumnBlob(2)), token, st.ColumnInt(3));
    }
    out.push_back(std::move(info));
  }
  return out;
}

Result<TimestampFiles> Vault::AuditTimestampFiles(uint64_t checkpoint_size) {
  Impl& v = *impl_;
  TVAULT_TRY(RequireTimestampTable(v));
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT t.response, c.note FROM audit_timestamps t JOIN audit_checkpoints c "
                   "ON c.size = t.size AND c.kind = 2 WHERE t.size = ? AND t.response IS NOT NULL"));
  TVAULT_ASSIGN_OR_RETURN(bool row, st.Bind(1, static_cast<int64_t>(checkpoint_size)).Step());
  if (!row) {
    return MakeError(ErrorCode::kNotFound, "no time-stamped checkpoint of size " +
                                               std::to_string(checkpoint_size));
  }
  auto response = st.ColumnBlob(0);
  auto note = st.ColumnBlob(1);
  return TimestampFiles{std::string(note.begin(), note.end()), {response.begin(), response.end()}};
}

Result<std::vector<StoredStamp>> StoredStamps(Vault::Impl& v) {
  std::vector<StoredStamp> out;
  if (!v.has_timestamp_table) return out;
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT t.size, c.note, t.response FROM audit_timestamps t JOIN "
                   "audit_checkpoints c ON c.size = t.size AND c.kind = 2 "
                   "WHERE t.response IS NOT NULL ORDER BY t.size"));
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto note = st.ColumnBlob(1);
    auto response = st.ColumnBlob(2);
    out.push_back(StoredStamp{static_cast<uint64_t>(st.ColumnInt(0)),
                              std::string(note.begin(), note.end()),
                              {response.begin(), response.end()}});
  }
  return out;
}

const TimestampInfo* EarliestStampCovering(uint64_t seq, std::span<const TimestampInfo> stamps) {
  const TimestampInfo* best = nullptr;
  for (const TimestampInfo& t : stamps) {
    if (!t.time_unix_s || t.checkpoint_size <= seq) continue;
    if (best == nullptr || *t.time_unix_s < *best->time_unix_s) best = &t;
  }
  return best;
}

Status CheckTimestampsAgainstLog(Vault::Impl& v, const std::map<audit::Hash, uint64_t>& logged,
                                 uint64_t& records) {
  std::set<audit::Hash> present;
  if (v.has_timestamp_table) {
    TVAULT_ASSIGN_OR_RETURN(
        storage::Statement st,
        v.db.Prepare("SELECT t.size, t.response, c.note FROM audit_timestamps t "
                     "LEFT JOIN audit_checkpoints c ON c.size = t.size AND c.kind = 2 "
                     "WHERE t.response IS NOT NULL"));
    for (;;) {
      TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const std::string size = std::to_string(st.ColumnInt(0));
      const audit::Hash digest = crypto::Sha256(st.ColumnBlob(1));
      if (!logged.count(digest)) {
        return MakeError(ErrorCode::kIntegrity,
                         "a time-stamp of checkpoint size " + size +
                             " is in the database but no audit.timestamp event records it");
      }
      Result<crypto::TimestampToken> token = crypto::ReadTimestampResponse(st.ColumnBlob(1));
      if (!token.ok() || st.ColumnIsNull(2) ||
          !ConstantTimeEqual(token->imprint, crypto::Sha256(st.ColumnBlob(2)))) {
        return MakeError(ErrorCode::kIntegrity,
                         "the time-stamp of checkpoint size " + size +
                             " does not cover the checkpoint kept at that size");
      }
      present.insert(digest);
      ++records;
    }
  }
  for (const auto& [digest, seq] : logged) {
    if (!present.count(digest)) {
      return MakeError(ErrorCode::kIntegrity,
                       "audit event " + std::to_string(seq) +
                           " recorded a time-stamp but it is gone from the database");
    }
  }
  return OkStatus();
}

}  // namespace tvault
