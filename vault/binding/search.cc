// Vault::Search: case-insensitive search over decrypted records. Testimonies
// are split into ranges of ids, each read, opened, checked and searched on
// its own thread and database connection (up to four); statements too large
// to read with their row are opened one at a time afterwards.
#include <algorithm>
#include <array>
#include <optional>
#include <thread>
#include <tuple>

#include "binding/case_rows.h"
#include "binding/evidence.h"
#include "binding/journal.h"
#include "binding/record_fields.h"
#include "binding/testimony_rows.h"
#include "binding/witness_rows.h"
#include "util/worker.h"
#include "util/text_search.h"

namespace tvault {
namespace {

// Bodies up to this size are read with their row and searched at once;
// larger ones (up to kMaxStatementBytes) one at a time afterwards, on this
// thread, to bound memory.
constexpr int64_t kBatchedBodyBytes = 1 << 20;
// With at least this many testimonies the search is split into ranges of
// ids, each read on its own thread and database connection.
constexpr int64_t kRowsToSplit = 512;
constexpr std::size_t kMaxRanges = 4;
// The members of the case bound as ?2 (case_members is named only when a
// case is asked for: a read-only vault from before cases has no such table).
constexpr std::string_view kInCase = "(SELECT record_id FROM case_members WHERE case_id = ?2)";

struct Field {
  std::string_view name;
  const PlainString* text;
};

class Searcher {
 public:
  explicit Searcher(const PlainString& query) : search_(std::string_view(query)) {}

  void Fields(std::string_view id, std::string_view kind, std::initializer_list<Field> fields,
              TextSearch::Scratch& scratch, std::vector<SearchHit>& out) const {
    for (const Field& f : fields) Text(id, kind, f.name, *f.text, scratch, out);
  }
  void Text(std::string_view id, std::string_view kind, std::string_view field,
            std::string_view text, TextSearch::Scratch& scratch,
            std::vector<SearchHit>& out) const {
    if (text.empty()) return;
    if (auto m = search_.Find(text, scratch)) {
      out.push_back(SearchHit{std::string(id), std::string(kind), std::string(field),
                              TextSearch::Context(text, *m)});
    }
  }
  bool empty() const { return search_.empty(); }

 private:
  TextSearch search_;
};

std::string_view View(const PlainBytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

struct TestimonyRow {
  std::string id;
  uint32_t version = 0;
  int64_t created_at = 0;            // of this version
  int64_t testimony_created_at = 0;  // of version 1: the order of `testimony list`
  std::vector<uint8_t> wrapped, meta, body;
  bool body_read = false;  // false: too large for the batch, read alone
  std::vector<SearchHit> hits;
};

struct Local {
  SecretBytes record_key{32};
  TextSearch::Scratch scratch;
};

Status SearchTestimony(const Vault::Impl& v, const Searcher& s, const SearchScope& scope,
                       TestimonyRow& row, Local& local) {
  const RecordAddress addr = v.Address(RecordKind::kTestimony, row.id, row.version);
  TVAULT_ASSIGN_OR_RETURN(FieldSet f, OpenFieldsWith(local.record_key, v.keys.testimony, addr,
                                                     row.wrapped, row.meta, testimony_tag::kAll));
  TVAULT_ASSIGN_OR_RETURN(TestimonyVersionInfo info,
                          VersionInfoFromFields(f, row.version, row.created_at));
  if (scope.metadata) {
    const TestimonyMetadata m = MetadataFromFields(f);
    s.Fields(row.id, "testimony",
             {{"title", &m.title}, {"language", &m.language}, {"taken-at", &m.taken_at},
              {"place", &m.place}, {"interviewer", &m.interviewer},
              {"interpreter", &m.interpreter}, {"notes", &m.notes}, {"reason", &info.reason},
              {"file-name", &m.file_name}},
             local.scratch, row.hits);
  }
  if (scope.statements && row.body_read) {
    TVAULT_ASSIGN_OR_RETURN(PlainBytes statement,
                            OpenStatementBody(v, row.id, local.record_key, info, row.body));
    s.Text(row.id, "testimony", "statement", View(statement), local.scratch, row.hits);
  }
  return OkStatus();
}

// A statement left out of the batch for its size: opened on its own.
Status SearchLargeStatement(Vault::Impl& v, const Searcher& s, TestimonyRow& row,
                            TextSearch::Scratch& scratch) {
  TVAULT_ASSIGN_OR_RETURN(OpenedVersion opened, OpenTestimonyVersion(v, row.id, row.version));
  TVAULT_ASSIGN_OR_RETURN(PlainBytes statement, OpenStatement(v, row.id, opened));
  // Its hit belongs after the metadata hits, as for a small statement.
  s.Text(row.id, "testimony", "statement", View(statement), scratch, row.hits);
  return OkStatus();
}

// What one range of testimonies gave: the testimonies with hits, and those
// whose statement is too large to be read with its row (metadata searched).
struct Found {
  int64_t created_at;
  std::string id;
  std::vector<SearchHit> hits;
};
struct RangeResult {
  std::vector<Found> found;
  std::vector<TestimonyRow> large;
};

// The testimonies with ids in [lower, upper) (an empty bound: open), read on
// `db` and searched as they come.
Status SearchRange(const Vault::Impl& v, storage::Database& db, const Searcher& s,
                   const SearchScope& scope, const std::string& lower, const std::string& upper,
                   RangeResult& out) {
  // No ORDER BY: SQLite would copy every body into its sorter (temporary
  // files, most of the time of a search); the hits are sorted instead.
  // Without statements the bodies are not joined at all: a small body
  // shares its page with its row, and reading it would cost as much as
  // searching it.
  // LEFT JOIN: a testimony that lost its latest version is an integrity
  // error below, never a silent miss.
  std::string sql = scope.statements
                        ? "SELECT t.id, t.versions, v.created_at, v.wrapped_key, v.meta, "
                          "CASE WHEN length(b.body) <= ?1 THEN b.body END, t.created_at "
                          "FROM testimonies t LEFT JOIN testimony_versions v "
                          "ON v.testimony_id = t.id AND v.version = t.versions "
                          "LEFT JOIN testimony_bodies b ON b.body_id = v.body_id"
                        : "SELECT t.id, t.versions, v.created_at, v.wrapped_key, v.meta, "
                          "NULL, t.created_at FROM testimonies t LEFT JOIN testimony_versions v "
                          "ON v.testimony_id = t.id AND v.version = t.versions";
  sql += " WHERE 1";
  if (!scope.case_id.empty()) sql += " AND t.id IN " + std::string(kInCase);
  if (!lower.empty()) sql += " AND t.id >= ?3";
  if (!upper.empty()) sql += " AND t.id < ?4";
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st, db.Prepare(sql));
  if (scope.statements) st.Bind(1, kBatchedBodyBytes);
  if (!scope.case_id.empty()) st.Bind(2, scope.case_id);
  if (!lower.empty()) st.Bind(3, lower);
  if (!upper.empty()) st.Bind(4, upper);
  Local local;
  TestimonyRow r;  // reused: its buffers keep their capacity
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    r.id = st.ColumnText(0);
    if (st.ColumnIsNull(3)) {
      return MakeError(ErrorCode::kIntegrity, "testimony " + r.id + " has lost its latest version",
                       ErrorDetail::kCheckVault);
    }
    r.version = static_cast<uint32_t>(st.ColumnInt(1));
    r.created_at = st.ColumnInt(2);
    r.testimony_created_at = st.ColumnInt(6);
    auto wrapped = st.ColumnBlob(3), meta = st.ColumnBlob(4);
    r.wrapped.assign(wrapped.begin(), wrapped.end());
    r.meta.assign(meta.begin(), meta.end());
    r.body_read = !st.ColumnIsNull(5);
    r.body.clear();
    if (r.body_read) {
      auto body = st.ColumnBlob(5);
      r.body.assign(body.begin(), body.end());
    }
    r.hits.clear();
    TVAULT_TRY(SearchTestimony(v, s, scope, r, local));
    if (scope.statements && !r.body_read) {
      out.large.push_back(r);
    } else if (!r.hits.empty()) {
      out.found.push_back(Found{r.testimony_created_at, r.id, std::move(r.hits)});
    }
  }
  return OkStatus();
}

// Where to split the testimonies into ranges of about equal size: the ids
// at ranks n/k, 2n/k, ... (an id's range starts at its bound). None for a
// small vault or a single thread.
Result<std::vector<std::string>> RangeBounds(Vault::Impl& v) {
  const std::size_t threads =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxRanges);
  std::vector<std::string> bounds;
  if (threads < 2) return bounds;
  TVAULT_ASSIGN_OR_RETURN(std::optional<int64_t> count,
                          v.db.QueryInt("SELECT count(*) FROM testimonies"));
  const int64_t n = count.value_or(0);
  if (n < kRowsToSplit) return bounds;
  TVAULT_ASSIGN_OR_RETURN(storage::Statement st,
                          v.db.Prepare("SELECT id FROM testimonies ORDER BY id LIMIT 1 OFFSET ?"));
  for (std::size_t k = 1; k < threads; ++k) {
    st.Reset();
    TVAULT_ASSIGN_OR_RETURN(bool row,
                            st.Bind(1, n * static_cast<int64_t>(k) /
                                           static_cast<int64_t>(threads))
                                .Step());
    if (row) bounds.push_back(st.ColumnText(0));
  }
  return bounds;
}

// Reading and opening the database's pages (SQLCipher: a MAC and a
// decryption per page) was over half of a search on one connection, so
// each range of ids is read on a connection of its own: this thread's for
// the first, a read-only one per helper thread for the others.
Status SearchTestimonies(Vault::Impl& v, const Searcher& s, const SearchScope& scope,
                         std::vector<SearchHit>& out) {
  TVAULT_ASSIGN_OR_RETURN(std::vector<std::string> bounds, RangeBounds(v));
  const std::size_t ranges = bounds.size() + 1;
  std::vector<RangeResult> results(ranges);
  auto lower = [&](std::size_t i) { return i == 0 ? std::string() : bounds[i - 1]; };
  auto upper = [&](std::size_t i) { return i + 1 == ranges ? std::string() : bounds[i]; };
  std::array<std::optional<Worker>, kMaxRanges - 1> helpers;
  for (std::size_t i = 1; i < ranges; ++i) {
    helpers[i - 1].emplace(1).Submit([&v, &s, &scope, &results, i, lo = lower(i),
                                      hi = upper(i)]() -> Status {
      TVAULT_ASSIGN_OR_RETURN(
          storage::Database db,
          storage::Database::Open(v.dir / vault_files::kDatabase, v.keys.sqlcipher,
                                  storage::Database::Mode::kReadOnly));
      return SearchRange(v, db, s, scope, lo, hi, results[i]);
    });
  }
  Status first = SearchRange(v, v.db, s, scope, lower(0), upper(0), results[0]);
  for (std::size_t i = 1; i < ranges; ++i) {
    Status done = helpers[i - 1]->Drain();
    if (first.ok()) first = std::move(done);
  }
  TVAULT_TRY(first);
  std::vector<Found> found;
  TextSearch::Scratch scratch;
  for (RangeResult& r : results) {
    for (Found& f : r.found) found.push_back(std::move(f));
    for (TestimonyRow& row : r.large) {
      TVAULT_TRY(SearchLargeStatement(v, s, row, scratch));
      if (!row.hits.empty()) {
        found.push_back(Found{row.testimony_created_at, row.id, std::move(row.hits)});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  for (Found& f : found) {
    for (SearchHit& h : f.hits) out.push_back(std::move(h));
  }
  return OkStatus();
}

Status SearchEvidence(Vault::Impl& v, const Searcher& s, const std::string& case_id,
                      std::vector<SearchHit>& out) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id FROM evidence " +
                   (case_id.empty() ? std::string()
                                    : "WHERE testimony_id IN " + std::string(kInCase)) +
                   " ORDER BY created_at, id"));
  if (!case_id.empty()) st.Bind(2, case_id);
  std::vector<std::string> ids;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.push_back(st.ColumnText(0));
  }
  TextSearch::Scratch scratch;
  for (const std::string& id : ids) {
    TVAULT_ASSIGN_OR_RETURN(EvidenceInfo e, LoadEvidenceInfo(v, id));
    s.Fields(id, "evidence", {{"description", &e.description}, {"media-type", &e.media_type}},
             scratch, out);
  }
  return OkStatus();
}

Status SearchWitnesses(Vault::Impl& v, const Searcher& s, const std::string& case_id,
                       std::vector<SearchHit>& out) {
  TVAULT_ASSIGN_OR_RETURN(
      storage::Statement st,
      v.db.Prepare("SELECT id, version, wrapped_key, contact FROM witnesses " +
                   (case_id.empty() ? std::string()
                                    : "WHERE id IN " + std::string(kInCase)) +
                   " ORDER BY created_at, id"));
  if (!case_id.empty()) st.Bind(2, case_id);
  TextSearch::Scratch scratch;
  for (;;) {
    TVAULT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string id = st.ColumnText(0);
    TVAULT_ASSIGN_OR_RETURN(WitnessDetails d,
                            OpenWitnessRow(v, id, static_cast<uint32_t>(st.ColumnInt(1)),
                                           st.ColumnBlob(2), st.ColumnBlob(3)));
    s.Fields(id, "witness", {{"name", &d.name}}, scratch, out);
    for (const PlainString& alias : d.aliases) s.Text(id, "witness", "alias", alias, scratch, out);
    s.Fields(id, "witness",
             {{"phone", &d.phone}, {"email", &d.email}, {"address", &d.address},
              {"relatives", &d.relatives}, {"notes", &d.notes}},
             scratch, out);
  }
  return OkStatus();
}

// "metadata,statements": the scope as the audit event's detail.
PlainString ScopeWords(const SearchScope& scope) {
  PlainString words;
  auto add = [&words](const char* w) {
    if (!words.empty()) words += ",";
    words += w;
  };
  if (scope.metadata) add("metadata");
  if (scope.statements) add("statements");
  if (scope.contacts) add("contacts");
  return words;
}

}  // namespace

Result<std::vector<SearchHit>> Vault::Search(const PlainString& query, const SearchScope& scope) {
  Impl& v = *impl_;
  const Searcher s(query);
  if (s.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the search text is empty");
  }
  if (!scope.metadata && !scope.statements && !scope.contacts) {
    return MakeError(ErrorCode::kInvalidArgument, "nothing to search in: name a part of the vault");
  }
  SearchScope where = scope;
  if (!where.case_id.empty()) {
    TVAULT_ASSIGN_OR_RETURN(where.case_id, NormalizeCaseId(where.case_id));
  }
  TVAULT_ASSIGN_OR_RETURN(VaultTxn txn, VaultTxn::Begin(v));
  if (!where.case_id.empty()) TVAULT_TRY(RequireCase(v, where.case_id));
  std::vector<SearchHit> hits;
  if (where.metadata || where.statements) TVAULT_TRY(SearchTestimonies(v, s, where, hits));
  if (where.metadata) TVAULT_TRY(SearchEvidence(v, s, where.case_id, hits));
  if (where.contacts) TVAULT_TRY(SearchWitnesses(v, s, where.case_id, hits));
  // The query never reaches the log: only that a search ran, where (the
  // case, the parts), how many hits it gave and in which records.
  // The records whose text the hits put on screen are named, as a list
  // names what it shows, so that their custody reports show the search.
  LogEntry entry{audit::Action::kSearch, where.case_id, 0, {}, {}, {}};
  for (const SearchHit& h : hits) {
    if (entry.refs.empty() || entry.refs.back() != h.id) entry.refs.push_back(h.id);
  }
  entry.secrets.count = hits.size();
  entry.secrets.detail = ScopeWords(scope);
  TVAULT_TRY(txn.Log(std::move(entry)));
  TVAULT_TRY(txn.Commit());
  return hits;
}

}  // namespace tvault
