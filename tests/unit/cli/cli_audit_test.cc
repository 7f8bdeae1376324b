// The audit commands of issue #4 through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct Populated {
  CliVault v;
  std::string w, t;
  Populated() {
    w = Trim(v.Run({"witness", "add", "--name", "SecretName"}).out);
    auto f = v.WriteFile("s.txt", "statement");
    t = Trim(v.Run({"testimony", "add", "--witness", w, "--file", f.string()}).out);
    v.Run({"testimony", "show", t});
    auto g = v.WriteFile("s2.txt", "statement, corrected");
    v.Run({"testimony", "amend", t, "--file", g.string(), "--reason", "SecretReason"});
  }
};

TEST(CliAudit, LogShowsEveryActionWithJsonFields) {
  Populated p;
  RunResult r = p.v.Run({"--json", "audit", "log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json events = json::parse(r.out);
  std::vector<std::string> actions;
  for (const auto& e : events) {
    for (const char* f : {"seq", "time", "actor", "action", "object", "refs", "digests"})
      EXPECT_TRUE(e.contains(f)) << f;
    actions.push_back(e["action"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"init", "witness.add", "testimony.add",
                                               "testimony.view", "testimony.amend"}));
  EXPECT_EQ(events[4]["reason"], "SecretReason");
  json only = json::parse(p.v.Run({"--json", "audit", "log", "--record", p.t}).out);
  EXPECT_EQ(only.size(), 3u);
  json none = json::parse(p.v.Run({"--json", "audit", "log", "--since", "2999-01-01"}).out);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(p.v.Run({"audit", "log", "--since", "yesterday"}).exit_code, 2);
}

TEST(CliAudit, RollbackToAnOlderCopyIsCaughtByALaterCheckpoint) {
  Populated p;
  fs::copy(p.v.dir(), p.v.root() / "old-copy", fs::copy_options::recursive);
  p.v.Run({"witness", "add", "--name", "Later"});
  const fs::path cp = p.v.root() / "court.checkpoint";
  ASSERT_EQ(p.v.Run({"audit", "checkpoint", "--out", cp.string()}).exit_code, 0);
  EXPECT_EQ(p.v.Run({"audit", "verify", "--checkpoint", cp.string()}).exit_code, 0);
  fs::remove_all(p.v.dir());
  fs::rename(p.v.root() / "old-copy", p.v.dir());
  RunResult r = p.v.Run({"audit", "verify", "--checkpoint", cp.string()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("rolled back"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CliAudit, ExportedLogVerifiesElsewhereWithoutPassphrase) {
  Populated p;
  const fs::path log = p.v.root() / "audit.tva";
  RunResult ex = p.v.Run({"--json", "audit", "export", "--out", log.string()});
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  const std::string key = json::parse(ex.out)["signer_key"];
  // No --vault, no passphrase.
  RunResult ok = RunTvault({"audit", "verify", "--log", log.string(), "--signer-key", key});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto bytes = ReadBytes(log);
  for (std::string secret : {"SecretName", "SecretReason", "statement"}) {
    EXPECT_EQ(std::search(bytes.begin(), bytes.end(), secret.begin(), secret.end()), bytes.end());
  }
  bytes[bytes.size() / 2] ^= 0x01;
  WriteBytes(log, bytes);
  RunResult bad = RunTvault({"audit", "verify", "--log", log.string(), "--signer-key", key});
  EXPECT_EQ(bad.exit_code, 4) << bad.err;
  EXPECT_EQ(RunTvault({"audit", "verify", "--log", log.string()}).exit_code, 2);
  EXPECT_EQ(p.v.Run({"audit", "export", "--out", log.string()}).exit_code, 1);  // no overwrite
}

TEST(CliAudit, CustodyReportInTextJsonAndHtml) {
  Populated p;
  const fs::path html = p.v.root() / "custody.html";
  RunResult r = p.v.Run({"custody", p.t, "--html", html.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("testimony.add"), std::string::npos);
  std::vector<uint8_t> page = ReadBytes(html);
  std::string text(page.begin(), page.end());
  EXPECT_NE(text.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(text.find(p.t), std::string::npos);
  EXPECT_NE(text.find("How to verify"), std::string::npos);
  EXPECT_NE(text.find("SecretReason"), std::string::npos);
  EXPECT_EQ(text.find("SecretName"), std::string::npos);  // custody never shows contacts
  json j = json::parse(p.v.Run({"--json", "custody", p.t}).out);
  EXPECT_EQ(j["versions"].size(), 2u);
  // A witness's custody lists the events naming it (tvault #12: its case
  // assignments), still without its contact details; other kinds are refused.
  RunResult witness = p.v.Run({"custody", p.w});
  EXPECT_EQ(witness.exit_code, 0) << witness.err;
  EXPECT_NE(witness.out.find("witness.add"), std::string::npos) << witness.out;
  EXPECT_EQ(witness.out.find("SecretName"), std::string::npos);
  EXPECT_EQ(p.v.Run({"custody", "C-00000"}).exit_code, 2);
}

TEST(CliAudit, FailedUnlocksAreReportedAtTheNextUnlock) {
  Populated p;
  auto wrong = p.v.WriteFile("wrong", "nope\n");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(RunTvault({"--vault", p.v.dir().string(), "--passphrase-file", wrong.string(),
                         "testimony", "list"}).exit_code, 3);
  }
  json events = json::parse(p.v.Run({"--json", "audit", "log"}).out);
  bool found = false;
  for (const auto& e : events) {
    if (e["action"] == "unlock.failures") {
      found = true;
      EXPECT_EQ(e["count"], 3);
    }
  }
  EXPECT_TRUE(found);
}

// An insider with the passphrase rewrites history from an old copy: the
// result is a fork, and a checkpoint handed out from the real line of
// history does not verify on it.
TEST(CliAudit, ForkIsExit4) {
  Populated p;
  fs::copy(p.v.dir(), p.v.root() / "fork", fs::copy_options::recursive);
  p.v.Run({"witness", "add", "--name", "A"});
  const fs::path cp = p.v.root() / "a.checkpoint";
  ASSERT_EQ(p.v.Run({"audit", "checkpoint", "--out", cp.string()}).exit_code, 0);
  for (const char* name : {"B", "C", "D"}) {
    RunResult fork = RunTvault({"--vault", (p.v.root() / "fork").string(), "--passphrase-file",
                                p.v.pass_file().string(), "witness", "add", "--name", name});
    ASSERT_EQ(fork.exit_code, 0);
  }
  RunResult r = RunTvault({"--vault", (p.v.root() / "fork").string(), "--passphrase-file",
                           p.v.pass_file().string(), "audit", "verify", "--checkpoint",
                           cp.string()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("forked"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tvault::testing
