// Safe input and reading for daily casework (tvault #12, first slice):
// duplicate amendments, binary on a terminal, arguments checked before the
// passphrase, key options that take files, failed unlocks shown at unlock.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::size_t CountEvents(const CliVault& v, const std::string& action) {
  json events = json::parse(v.Run({"--json", "audit", "log"}).out);
  return static_cast<std::size_t>(std::count_if(
      events.begin(), events.end(), [&](const json& e) { return e["action"] == action; }));
}

// A vault with one witness and one testimony of `statement`.
struct Casework {
  CliVault v;
  std::string w, t;
  fs::path statement;
  Casework() {
    w = Trim(v.Run({"witness", "add", "--name", "Amal"}).out);
    statement = v.WriteFile("statement.txt", "first statement\n");
    t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", statement.string()}).out);
  }
};

// ------------------------------------------------ identical amendments

TEST(CliAmendIdentical, IsRefusedNamingTheVersionItEquals) {
  Casework c;
  const fs::path second = c.v.WriteFile("second.txt", "second statement\n");
  ASSERT_EQ(c.v.Run({"testimony", "amend", c.t, "--file", second.string(), "--reason", "typo"})
                .exit_code, 0);
  const fs::path again = c.v.WriteFile("again.txt", "second statement\n");
  RunResult r = c.v.Run(
      {"testimony", "amend", c.t, "--file", again.string(), "--reason", "again", "--title", "X"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "tvault: error: the new statement is identical to version 2 of " + c.t +
                       " (the latest); nothing was stored\n");
  EXPECT_TRUE(r.out.empty()) << r.out;
  json history = json::parse(c.v.Run({"--json", "testimony", "history", c.t}).out);
  EXPECT_EQ(history.size(), 2u);
  EXPECT_EQ(CountEvents(c.v, "testimony.amend"), 1u);
  // Identical to an older version but not to the latest is a real change.
  RunResult back = c.v.Run(
      {"testimony", "amend", c.t, "--file", c.statement.string(), "--reason", "revert"});
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Trim(back.out), c.t + " version 3");
}

}  // namespace
}  // namespace tvault::testing
