// The command-line contract of issue #2: names, options, output, exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_support.h"
#include "support/unlock_failures.h"

namespace tvault::testing {
namespace {

using nlohmann::json;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

void ExpectOneLineError(const RunResult& r) {
  EXPECT_TRUE(r.out.empty()) << "stdout on failure: " << r.out;
  auto lines = Lines(r.err);
  ASSERT_GE(lines.size(), 1u);
  EXPECT_EQ(lines.back().rfind("tvault: error: ", 0), 0u) << r.err;
  // Warnings may precede; exactly one error line.
  int errors = 0;
  for (const auto& l : lines) errors += l.rfind("tvault: error: ", 0) == 0;
  EXPECT_EQ(errors, 1) << r.err;
}

TEST(CliContract, WholeFlowWithJson) {
  CliVault v;
  RunResult w = v.Run({"witness", "add", "--name", "Ayşe Demir", "--phone", "+90 1",
                       "--email", "a@b.c", "--address", "x", "--relatives", "y", "--notes", "z"});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const std::string wid = Trim(w.out);
  ASSERT_EQ(wid.size(), 7u);
  ASSERT_EQ(wid.substr(0, 2), "W-");

  auto f1 = v.WriteFile("a.txt", "first statement\n");
  auto f2 = v.WriteFile("b.bin", std::string("\x00\xff\x10", 3));
  RunResult add = v.Run({"testimony", "add", "--witness", wid, "--file", f1.string(), "--file",
                         "-", "--file", f2.string(), "--title", "Title", "--language", "tr",
                         "--taken-at", "2024-01-31", "--place", "P", "--interviewer", "I",
                         "--interpreter", "J", "--notes", "N"},
                        "from stdin");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto ids = Lines(add.out);
  ASSERT_EQ(ids.size(), 3u);
  for (const auto& id : ids) EXPECT_EQ(id.substr(0, 2), "T-");

  // Exact bytes, in the order of the files.
  EXPECT_EQ(v.Run({"testimony", "show", ids[0]}).out, "first statement\n");
  EXPECT_EQ(v.Run({"testimony", "show", ids[1]}).out, "from stdin");
  EXPECT_EQ(v.Run({"testimony", "show", ids[2]}).out, std::string("\x00\xff\x10", 3));

  json shown = json::parse(v.Run({"--json", "testimony", "show", ids[0]}).out);
  for (const char* field : {"id", "witness", "version", "sha256", "title", "language", "taken_at",
                            "place", "interviewer", "interpreter", "notes", "statement"}) {
    EXPECT_TRUE(shown.contains(field)) << field;
  }
  EXPECT_EQ(shown["statement"], "first statement\n");
  EXPECT_EQ(shown["version"], 1);
  EXPECT_EQ(shown["witness"], wid);
  json binary = json::parse(v.Run({"testimony", "show", ids[2], "--json"}).out);
  EXPECT_EQ(binary["statement_encoding"], "base64");
  EXPECT_EQ(binary["statement"], "AP8Q");

  json list = json::parse(v.Run({"--json", "testimony", "list"}).out);
  ASSERT_EQ(list.size(), 3u);
  for (const auto& t : list) {
    for (const char* field : {"id", "witness", "title", "versions", "created_at"})
      EXPECT_TRUE(t.contains(field)) << field;
  }
  // The human listing has one line per testimony with id, witness, title.
  auto human = Lines(v.Run({"testimony", "list"}).out);
  ASSERT_EQ(human.size(), 3u);
  EXPECT_NE(human[0].find(wid), std::string::npos);
  EXPECT_NE(human[0].find("Title"), std::string::npos);

  auto f3 = v.WriteFile("c.txt", "corrected\n");
  RunResult amend = v.Run({"testimony", "amend", ids[0], "--file", f3.string(), "--reason",
                           "witness corrected a date"});
  ASSERT_EQ(amend.exit_code, 0) << amend.err;
  json history = json::parse(v.Run({"testimony", "history", ids[0], "--json"}).out);
  ASSERT_EQ(history.size(), 2u);
  for (const auto& h : history) {
    for (const char* field : {"version", "sha256", "created_at", "reason"})
      EXPECT_TRUE(h.contains(field)) << field;
  }
  EXPECT_EQ(history[1]["reason"], "witness corrected a date");
  EXPECT_EQ(v.Run({"testimony", "show", ids[0], "--version", "1"}).out, "first statement\n");
  EXPECT_EQ(v.Run({"testimony", "show", ids[0]}).out, "corrected\n");

  json witness = json::parse(v.Run({"--json", "witness", "show", wid}).out);
  EXPECT_EQ(witness["name"], "Ayşe Demir");
  EXPECT_EQ(witness["relatives"], "y");
  json witnesses = json::parse(v.Run({"--json", "witness", "list"}).out);
  ASSERT_EQ(witnesses.size(), 1u);
  EXPECT_EQ(witnesses[0]["testimonies"], 3);
}

TEST(CliContract, TestimonyCommandsNeverPrintContactDetails) {
  CliVault v;
  std::string wid = Trim(v.Run({"witness", "add", "--name", "SECRETNAME", "--phone",
                                "SECRETPHONE"}).out);
  auto f = v.WriteFile("s.txt", "statement");
  std::string tid = Trim(v.Run({"testimony", "add", "--witness", wid, "--file", f.string()}).out);
  for (auto args : std::vector<std::vector<std::string>>{
           {"testimony", "list"}, {"--json", "testimony", "list"}, {"testimony", "show", tid},
           {"--json", "testimony", "show", tid}, {"--json", "testimony", "history", tid}}) {
    RunResult r = v.Run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("SECRET"), std::string::npos) << args[0];
  }
}

TEST(CliContract, ExitCodes) {
  CliVault v;
  // 2: usage
  ExpectOneLineError(v.Run({"testimony", "list", "--bogus"}));
  EXPECT_EQ(v.Run({"testimony", "list", "--bogus"}).exit_code, 2);
  EXPECT_EQ(v.Run({"witness", "add"}).exit_code, 2);  // --name is required
  EXPECT_EQ(v.Run({"frobnicate"}).exit_code, 2);
  std::string wid = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  auto f = v.WriteFile("s.txt", "x");
  RunResult bad_date = v.Run({"testimony", "add", "--witness", wid, "--file", f.string(),
                              "--taken-at", "2024-02-30"});
  EXPECT_EQ(bad_date.exit_code, 2);
  ExpectOneLineError(bad_date);
  EXPECT_EQ(v.Run({"init", "--kdf-memory-mib", "32"}).exit_code, 2);
  // 1: not found, refused
  RunResult missing = v.Run({"testimony", "show", "T-000000"});
  EXPECT_EQ(missing.exit_code, 1);
  ExpectOneLineError(missing);
  EXPECT_EQ(v.Run({"keyslot", "remove", "1"}).exit_code, 1);
  EXPECT_EQ(RunTvault({"--vault", (v.root() / "nothing").string(), "--passphrase-file",
                       v.pass_file().string(), "testimony", "list"}).exit_code, 1);
  // 3: wrong passphrase
  auto wrong = v.WriteFile("wrong", "not it\n");
  RunResult r3 = RunTvault({"--vault", v.dir().string(), "--passphrase-file", wrong.string(),
                            "testimony", "list"});
  EXPECT_EQ(r3.exit_code, 3);
  ExpectOneLineError(r3);
  // Help documents the exit codes.
  RunResult help = RunTvault({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("4  integrity failure"), std::string::npos);
  EXPECT_NE(help.out.find("3  wrong passphrase"), std::string::npos);
}

// kUnsupported (data of a format version or algorithm this tvault does not
// read) is exit 4, like any data tvault cannot verify: README's table has no
// other code for it, and bundles of an unknown version are exit 4 as well.
TEST(CliContract, UnsupportedVaultFormatIsExit4) {
  CliVault v;
  auto header = ReadBytes(v.dir() / "vault.header");
  ASSERT_GT(header.size(), 10u);
  header[8] = 0x07;  // the version field follows the 8-byte magic
  header[9] = 0x07;
  WriteBytes(v.dir() / "vault.header", header);
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("vault format version 1799 is not supported"), std::string::npos) << r.err;
  ExpectOneLineError(r);
}

TEST(CliContract, WrongPassphraseChangesNothing) {
  CliVault v;
  v.Run({"witness", "add", "--name", "n"});
  auto header = ReadBytes(v.dir() / "vault.header");
  auto db = ReadBytes(v.dir() / "vault.db");
  auto wrong = v.WriteFile("wrong", "not it\n");
  RunResult r = RunTvault({"--vault", v.dir().string(), "--passphrase-file", wrong.string(),
                           "witness", "add", "--name", "m"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(ReadBytes(v.dir() / "vault.header"), header);
  EXPECT_EQ(ReadBytes(v.dir() / "vault.db"), db);
  // Only the failed-unlock counter outside the encrypted store moved
  // (docs/audit-format.md, section 7).
  auto counter = ReadBytes(v.dir() / "unlock-failures");
  // The count, then the time of the first failure (docs/format.md, 1.1).
  EXPECT_TRUE(IsCountAndTime(counter, "1"));
}

TEST(CliContract, PassphraseFileLosesExactlyOneTrailingNewline) {
  CliVault v("pw");  // file content "pw\n"
  auto same = v.WriteFile("same", "pw");
  auto two = v.WriteFile("two", "pw\n\n");
  EXPECT_EQ(RunTvault({"--vault", v.dir().string(), "--passphrase-file", same.string(),
                       "testimony", "list"}).exit_code, 0);
  EXPECT_EQ(RunTvault({"--vault", v.dir().string(), "--passphrase-file", two.string(),
                       "testimony", "list"}).exit_code, 3);
}

TEST(CliContract, NoPassphraseFromEnvironmentOrArgv) {
  CliVault v;
  // No terminal and no --passphrase-file: refused, never read from elsewhere.
  RunResult r = RunTvault({"--vault", v.dir().string(), "testimony", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--passphrase-file"), std::string::npos);
  EXPECT_EQ(RunTvault({"--vault", v.dir().string(), "--passphrase", "x", "testimony", "list"})
                .exit_code, 2);
}

TEST(CliContract, KeyslotAndPassphraseCommands) {
  CliVault v;
  auto second = v.WriteFile("second", "second passphrase\n");
  auto third = v.WriteFile("third", "third passphrase\n");
  RunResult add = v.Run({"keyslot", "add", "--new-passphrase-file", second.string(),
                         "--kdf-memory-mib", "64", "--kdf-passes", "1"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  json slots = json::parse(v.Run({"--json", "keyslot", "list"}).out);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0]["kdf_memory_mib"], 8);  // CliVault's, made through the library
  EXPECT_EQ(slots[1]["kdf_memory_mib"], 64);
  EXPECT_EQ(slots[1]["kdf_passes"], 1);
  RunResult change = RunTvault({"--vault", v.dir().string(), "--passphrase-file",
                                second.string(), "passphrase", "change",
                                "--new-passphrase-file", third.string()});
  ASSERT_EQ(change.exit_code, 0) << change.err;
  auto with = [&](const std::filesystem::path& p) {
    return RunTvault({"--vault", v.dir().string(), "--passphrase-file", p.string(), "keyslot",
                      "list"}).exit_code;
  };
  EXPECT_EQ(with(second), 3);
  EXPECT_EQ(with(third), 0);
  EXPECT_EQ(with(v.pass_file()), 0);
  EXPECT_EQ(v.Run({"keyslot", "remove", "2"}).exit_code, 0);
  EXPECT_EQ(with(third), 3);
  EXPECT_EQ(v.Run({"keyslot", "remove", "1"}).exit_code, 1);  // the last one
}

TEST(CliContract, ShredCommand) {
  CliVault v;
  std::string wid = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  auto f = v.WriteFile("s.txt", "x");
  std::string tid = Trim(v.Run({"testimony", "add", "--witness", wid, "--file", f.string()}).out);
  RunResult refused = v.Run({"shred", "--yes", wid, "--reason", "r"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--cascade"), std::string::npos);
  EXPECT_EQ(v.Run({"shred", wid}).exit_code, 2);  // --reason is required
  RunResult ok = v.Run({"--json", "shred", "--yes", wid, "--reason", "threat", "--cascade"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  json j = json::parse(ok.out);
  EXPECT_EQ(j["shredded"].size(), 2u);
  EXPECT_EQ(v.Run({"testimony", "show", tid}).exit_code, 1);
  json tombs = json::parse(v.Run({"--json", "tombstones"}).out);
  EXPECT_EQ(tombs.size(), 2u);
}

}  // namespace
}  // namespace tvault::testing
