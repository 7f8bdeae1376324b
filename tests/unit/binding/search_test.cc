// Vault::Search: what it finds and where, that contacts are searched only
// when asked, that large statements (read outside the batch) and batches of
// more than one thread's share are searched, and what the audit log keeps:
// the count and the scope, never the query.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/raw_vault.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

StatementSource Bytes(std::string s) {
  return [s = std::move(s)]() -> Result<PlainBytes> { return PlainBytes(s.begin(), s.end()); };
}

std::string S(const PlainString& p) { return std::string(p.begin(), p.end()); }

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    WitnessDetails d;
    d.name = Text("Ay\xC5\x9F" "e Guljan");  // Ayşe Guljan
    d.phone = Text("+7 701 555 0199");
    d.relatives = Text("brother held in \xC3\x9Cr\xC3\xBCmqi");
    w_ = Must(v_.AddWitness(d));
    TestimonyMetadata m;
    m.title = Text("Interview at the border");
    m.place = Text("Almaty");
    t1_ = Must(v_.AddTestimonies(w_, m,
                                 std::vector<StatementSource>{Bytes(
                                     "first line\nWe were taken to the camp near \xC3\x9Cr\xC3\xBC"
                                     "mqi at night.\nlast line\n")}))[0].id;
    m.title = Text("Second interview");
    t2_ = Must(v_.AddTestimonies(w_, m, std::vector<StatementSource>{Bytes("nothing here\n")}))[0]
              .id;
  }

  std::vector<SearchHit> Find(const std::string& q, SearchScope scope = {}) {
    return Must(v_.Search(Text(q), scope));
  }

  // `ids` in the order `testimony list` gives (creation time, then id).
  std::vector<std::string> InListOrder(const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const TestimonySummary& t : Must(v_.ListTestimonies())) {
      if (std::find(ids.begin(), ids.end(), t.id) != ids.end()) out.push_back(t.id);
    }
    return out;
  }
  static std::vector<std::string> Ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.id);
    return out;
  }

  TempVault tv_;
  Vault v_ = tv_.Open();
  std::string w_, t1_, t2_;
};

TEST_F(Search, FindsStatementsIgnoringCaseWithOneLineOfContext) {
  auto hits = Find("\xC3\xBCR\xC3\x9CMQI");  // üRÜMQI
  ASSERT_EQ(hits.size(), 1u);  // the contacts hold it too, but were not asked for
  EXPECT_EQ(hits[0].id, t1_);
  EXPECT_EQ(hits[0].kind, "testimony");
  EXPECT_EQ(hits[0].field, "statement");
  EXPECT_EQ(S(hits[0].context), "We were taken to the camp near \xC3\x9Cr\xC3\xBCmqi at night.");
}

TEST_F(Search, FindsMetadataInEveryTestimonyInOrder) {
  auto hits = Find("INTERVIEW");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(Ids(hits), InListOrder({t1_, t2_}));
  EXPECT_EQ(hits[0].field, "title");
  auto place = Find("almaty");
  ASSERT_EQ(place.size(), 2u);
  EXPECT_EQ(place[0].field, "place");
  // Only statements: the titles are not searched.
  EXPECT_TRUE(Find("interview", SearchScope{false, true, false, {}}).empty());
}

TEST_F(Search, FindsTheFileNameAStatementWasReadFrom) {
  TestimonyMetadata m;
  m.title = Text("Titled");
  m.file_name = Text("Zhaosu-2019.txt");
  const std::string t = Must(v_.AddTestimonies(w_, std::vector<NewTestimony>{{Bytes("x\n"), m}}))[0].id;
  auto hits = Find("zhaosu");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, t);
  EXPECT_EQ(hits[0].field, "file-name");
  EXPECT_EQ(S(hits[0].context), "Zhaosu-2019.txt");
}

TEST_F(Search, ContactsOnlyWhenAsked) {
  EXPECT_TRUE(Find("555 0199").empty());
  auto hits = Find("555 0199", SearchScope{false, false, true, {}});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, w_);
  EXPECT_EQ(hits[0].kind, "witness");
  EXPECT_EQ(hits[0].field, "phone");
  auto name = Find("AY\xC5\x9E" "E", SearchScope{false, false, true, {}});  // AYŞE
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(name[0].field, "name");
}

TEST_F(Search, TheLatestVersionIsSearched) {
  ASSERT_EQ(Must(v_.AmendTestimony(t2_, Bytes("now it mentions the guards\n"), Text("r"), {})),
            2u);
  auto hits = Find("guards");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, t2_);
  EXPECT_TRUE(Find("nothing here").empty());
}

TEST_F(Search, LargeStatementsAndManyRowsAreSearched) {
  // Over the batched size: read on its own, after the batch.
  std::string big(kMaxStatementBytes / 128 + 3, 'x');  // 2 MiB
  big.replace(big.size() - 20, 6, "NEEDLE");
  const std::string tb = Must(v_.AddTestimonies(w_, {}, std::vector<StatementSource>{Bytes(big)}))[0].id;
  std::vector<StatementSource> many;
  for (int i = 0; i < 600; ++i) many.push_back(Bytes(i == 599 ? "a needle" : "hay"));
  const auto added = Must(v_.AddTestimonies(w_, {}, many));
  auto hits = Find("needle", SearchScope{false, true, false, {}});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(Ids(hits), InListOrder({tb, added.back().id}));
}

// Over kRowsToSplit testimonies the search runs in ranges of ids, one per
// thread and connection: hits from every range, and large statements of any
// range, come back once each, in list order.
TEST_F(Search, HitsFromEveryRangeComeOnceInListOrder) {
  std::vector<StatementSource> many;
  for (int i = 0; i < 1500; ++i) many.push_back(Bytes(i % 100 == 7 ? "a Needle" : "hay"));
  const auto added = Must(v_.AddTestimonies(w_, {}, many));
  std::string big(kMaxStatementBytes / 128 + 3, 'x');  // read alone, after its range
  big.replace(10, 6, "needle");
  const auto large = Must(v_.AddTestimonies(
      w_, {}, std::vector<StatementSource>{Bytes(big), Bytes(big), Bytes(big)}));
  std::vector<std::string> want;
  for (int i = 7; i < 1500; i += 100) want.push_back(added[i].id);
  for (const auto& t : large) want.push_back(t.id);
  auto hits = Find("NEEDLE", SearchScope{false, true, false, {}});
  EXPECT_EQ(Ids(hits), InListOrder(want));
  for (const SearchHit& h : hits) EXPECT_EQ(h.field, "statement");
  // Metadata of every range too.
  TestimonyMetadata m;
  m.place = Text("Ghulja");
  std::vector<NewTestimony> placed;
  for (int i = 0; i < 40; ++i) placed.push_back(NewTestimony{Bytes("x"), m});
  const auto in_ghulja = Must(v_.AddTestimonies(w_, placed));
  std::vector<std::string> ghulja;
  for (const auto& t : in_ghulja) ghulja.push_back(t.id);
  EXPECT_EQ(Ids(Find("ghulja")), InListOrder(ghulja));
}

TEST_F(Search, TheAuditLogKeepsTheCountAndScopeNeverTheQuery) {
  Find("camp near");
  Find("555", SearchScope{true, true, true, {}});
  std::vector<AuditEvent> searches;
  for (AuditEvent& e : Must(v_.AuditLog({}))) {
    if (e.action == "search") searches.push_back(std::move(e));
  }
  ASSERT_EQ(searches.size(), 2u);
  EXPECT_EQ(searches[0].count, 1u);
  EXPECT_EQ(S(searches[0].detail), "metadata,statements");
  EXPECT_EQ(searches[1].count, 1u);
  EXPECT_EQ(S(searches[1].detail), "metadata,statements,contacts");
  // The records whose text was shown are named (as a list names what it
  // shows), so that their custody shows the search; the query never is.
  EXPECT_EQ(searches[0].refs, std::vector<std::string>{t1_});
  EXPECT_EQ(searches[1].refs, std::vector<std::string>{w_});
  for (const AuditEvent& e : searches) {
    EXPECT_TRUE(e.object_id.empty());
    EXPECT_TRUE(e.reason.empty());
  }
  bool in_custody = false;
  for (const CustodyEvent& ce : Must(v_.Custody(t1_)).events) {
    in_custody = in_custody || ce.event.action == "search";
  }
  EXPECT_TRUE(in_custody);
  // Nor anywhere else in the database or log files.
  { Vault closed = std::move(v_); }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tv_.dir())) {
    if (!entry.is_regular_file()) continue;
    const auto bytes = ReadBytes(entry.path());
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_EQ(text.find("camp near"), std::string::npos) << entry.path();
  }
}

TEST_F(Search, ACaseLimitsWhatIsSearchedAndIsLogged) {
  CaseDetails c;
  c.title = Text("Border cases");
  const std::string case_id = Must(v_.AddCase(c));
  MustOk(v_.AssignToCase(case_id, std::vector<std::string>{t2_}));
  SearchScope in_case;
  in_case.case_id = case_id;
  in_case.contacts = true;
  auto hits = Find("interview", in_case);
  ASSERT_EQ(hits.size(), 1u);  // t1's title holds it too, but t1 is not in the case
  EXPECT_EQ(hits[0].id, t2_);
  EXPECT_TRUE(Find("555 0199", in_case).empty());  // the witness is not in the case
  MustOk(v_.AssignToCase(case_id, std::vector<std::string>{w_}));
  EXPECT_EQ(Find("555 0199", in_case).size(), 1u);
  bool logged = false;
  for (const AuditEvent& e : Must(v_.AuditLog({}))) {
    if (e.action == "search") logged = e.object_id == case_id;
  }
  EXPECT_TRUE(logged);
  in_case.case_id = "C-ZZZZZ";
  auto unknown = v_.Search(Text("x"), in_case);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  in_case.case_id = t1_;
  auto wrong_kind = v_.Search(Text("x"), in_case);
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(Search, ATestimonyThatLostItsLatestVersionIsAnIntegrityError) {
  // Fails before this commit: the inner join dropped the testimony and the
  // search answered as if it held nothing.
  { Vault closed = std::move(v_); }
  {
    RawVault raw = OpenRaw(tv_.dir(), tv_.passphrase());
    ExecOrFail(raw.db, "PRAGMA foreign_keys = OFF");
    ExecOrFail(raw.db, "DELETE FROM testimony_versions WHERE testimony_id = '" + t2_ + "'");
  }
  v_ = tv_.Open();
  for (SearchScope scope : {SearchScope{}, SearchScope{true, false, false, {}}}) {
    auto r = v_.Search(Text("nothing"), scope);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
    EXPECT_EQ(r.error().message, "testimony " + t2_ + " has lost its latest version");
  }
}

TEST_F(Search, RefusesAnEmptyQueryOrScope) {
  auto empty = v_.Search(Text(""), {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto nowhere = v_.Search(Text("x"), SearchScope{false, false, false, {}});
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(Search, ADamagedStatementIsAnIntegrityErrorNotAMiss) {
  // t2's body replaced by t1's (which holds the word): it fails
  // authentication, and the search says so instead of finding or missing it.
  { Vault closed = std::move(v_); }
  {
    RawVault raw = OpenRaw(tv_.dir(), tv_.passphrase());
    ExecOrFail(raw.db,
               "UPDATE testimony_bodies SET body = (SELECT body FROM testimony_bodies WHERE "
               "body_id = (SELECT body_id FROM testimony_versions WHERE testimony_id = '" +
                   t1_ + "')) WHERE body_id = (SELECT body_id FROM testimony_versions WHERE "
                   "testimony_id = '" + t2_ + "')");
  }
  v_ = tv_.Open();
  auto r = v_.Search(Text("camp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find(t2_), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace tvault::testing
