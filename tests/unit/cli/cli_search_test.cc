// tvault search through the real binary (tvault #12, "Search"): text and
// JSON output, --in, bad input before the passphrase, hostile bytes escaped,
// and the audit event that records the count, never the query.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Casework {
  CliVault v;
  std::string w, t;
  Casework() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal", "--phone", "+90 555 0101"}).out);
    const fs::path s = v.WriteFile("s.txt", "line one\nthe camp near \xC3\x9Cr\xC3\xBCmqi\n");
    t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", s.string(), "--title",
                    "Border interview"})
                 .out);
  }
};

TEST(CliSearch, PrintsIdFieldAndContext) {
  Casework c;
  RunResult r = c.v.Run({"search", "\xC3\xBCR\xC3\xBCMQI"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, c.t + "  statement  the camp near \xC3\x9Cr\xC3\xBCmqi\n");
  RunResult none = c.v.Run({"search", "absent"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
}

TEST(CliSearch, JsonAndWhereToLook) {
  Casework c;
  RunResult r = c.v.Run({"--json", "search", "border"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], c.t);
  EXPECT_EQ(j[0]["kind"], "testimony");
  EXPECT_EQ(j[0]["field"], "title");
  EXPECT_EQ(j[0]["context"], "Border interview");
  // Contacts only when named.
  EXPECT_EQ(c.v.Run({"search", "555 0101"}).out, "");
  json phone = json::parse(c.v.Run({"--json", "search", "555 0101", "--in", "contacts"}).out);
  ASSERT_EQ(phone.size(), 1u);
  EXPECT_EQ(phone[0]["id"], c.w);
  EXPECT_EQ(phone[0]["kind"], "witness");
  EXPECT_EQ(phone[0]["field"], "phone");
  EXPECT_EQ(c.v.Run({"search", "border", "--in", "statements"}).out, "");
  EXPECT_EQ(c.v.Run({"search", "border", "--in", "statements,metadata"}).out,
            c.t + "  title  Border interview\n");
}

TEST(CliSearch, HostileBytesAreEscaped) {
  Casework c;
  const fs::path s = c.v.WriteFile("h.txt", std::string("x \x1b]0;owned\x07 needle \xff y\n"));
  const std::string t = Trim(c.v.Run({"testimony", "add", "--witness", c.w, "--file", s.string()}).out);
  RunResult r = c.v.Run({"search", "needle"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, t + "  statement  x \\u{001B}]0;owned\\u{0007} needle \\xFF y\n");
  json j = json::parse(c.v.Run({"--json", "search", "needle"}).out);
  EXPECT_EQ(j[0]["context"], "x \\u{001B}]0;owned\\u{0007} needle \\xFF y");
}

TEST(CliSearch, BadInputIsRefusedBeforeThePassphrase) {
  Casework c;
  const std::string no_pass = (c.v.root() / "no-such-pass").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& k : std::vector<Case>{
           {{"search", "x", "--in", "everything"},
            "--in takes metadata, statements and contacts, comma-separated; 'everything' is "
            "none of them"},
           {{"search", ""}, "TEXT is empty: nothing to search for"}}) {
    std::vector<std::string> args = {"--vault", c.v.dir().string(), "--passphrase-file", no_pass};
    args.insert(args.end(), k.args.begin(), k.args.end());
    RunResult r = RunTvault(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "tvault: error: " + k.message + "\n");
  }
  RunResult missing = RunTvault({"--vault", c.v.dir().string(), "search"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

TEST(CliSearch, TheAuditLogHasTheCountNotTheQuery) {
  Casework c;
  ASSERT_EQ(c.v.Run({"search", "camp near", "--in", "statements,contacts"}).exit_code, 0);
  RunResult log = c.v.Run({"--json", "audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_EQ(log.out.find("camp near"), std::string::npos);
  json events = json::parse(log.out);
  auto it = std::find_if(events.begin(), events.end(),
                         [](const json& e) { return e["action"] == "search"; });
  ASSERT_NE(it, events.end()) << log.out;
  EXPECT_EQ((*it)["count"], 1);
  EXPECT_EQ((*it)["detail"], "statements,contacts");
  EXPECT_EQ(c.v.Run({"audit", "verify"}).exit_code, 0);
}

TEST(CliSearch, ACaseLimitsTheSearch) {
  Casework c;
  const fs::path s = c.v.WriteFile("s2.txt", "another camp\n");
  const std::string t2 =
      Trim(c.v.Run({"testimony", "add", "--witness", c.w, "--file", s.string()}).out);
  const std::string case_id = Trim(c.v.Run({"case", "add", "--title", "Camps"}).out);
  ASSERT_EQ(c.v.Run({"case", "assign", case_id, t2}).exit_code, 0);
  const std::string all = c.v.Run({"search", "camp"}).out;
  EXPECT_TRUE(Has(all, c.t + "  statement  the camp near")) << all;
  EXPECT_TRUE(Has(all, t2 + "  statement  another camp\n")) << all;
  EXPECT_EQ(c.v.Run({"search", "camp", "--case", case_id}).out, t2 + "  statement  another camp\n");
  RunResult bad = RunTvault({"--vault", c.v.dir().string(), "--passphrase-file",
                             (c.v.root() / "no-such-pass").string(), "search", "camp", "--case",
                             c.t});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_EQ(bad.err, "tvault: error: --case takes a case id (C-...); " + c.t +
                         " is a testimony id\n");
}

TEST(CliSearch, AReadOnlyVaultCanBeSearched) {
  Casework c;
  RunResult r = c.v.Run({"--read-only", "search", "camp"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, c.t + "  statement  the camp near \xC3\x9Cr\xC3\xBCmqi\n");
}

}  // namespace
}  // namespace tvault::testing
