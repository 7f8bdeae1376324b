// Safe input and reading for daily casework (tvault #12, first slice):
// duplicate amendments, binary on a terminal, arguments checked before the
// passphrase, key options that take files, failed unlocks shown at unlock.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/interactive.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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
      {"testimony", "amend", c.t, "--file", again.string(), "--reason", "again"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "tvault: error: the new statement is identical to version 2 of " + c.t +
                       " (the latest); nothing was stored\n");
  EXPECT_TRUE(r.out.empty()) << r.out;
  json history = json::parse(c.v.Run({"--json", "testimony", "history", c.t}).out);
  EXPECT_EQ(history.size(), 2u);
  EXPECT_EQ(CountEvents(c.v, "testimony.amend"), 1u);
  // The same bytes with new metadata are a real change (the way to fix a title).
  RunResult retitled = c.v.Run({"testimony", "amend", c.t, "--file", again.string(), "--reason",
                                "title", "--title", "New title"});
  EXPECT_EQ(retitled.exit_code, 0) << retitled.err;
  EXPECT_EQ(Trim(retitled.out), c.t + " version 3");
  // Identical to an older version but not to the latest is a real change.
  RunResult back = c.v.Run(
      {"testimony", "amend", c.t, "--file", c.statement.string(), "--reason", "revert"});
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Trim(back.out), c.t + " version 4");
}

// ------------------------------------------------ binary on a terminal

TEST(CliEvidenceGetTerminal, RefusesBinaryOnATerminalButNotInAPipe) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  Casework c;
  static constexpr char kBinary[] = "\x1b]0;owned\x07\x00\xff binary";
  const std::string bytes(kBinary, sizeof kBinary - 1);
  const fs::path file = c.v.WriteFile("scan.bin", bytes);
  json added =
      json::parse(c.v.Run({"--json", "evidence", "add", c.t, "--file", file.string()}).out);
  const std::string e = added["id"];
  const std::size_t views = CountEvents(c.v, "evidence.view");

  std::vector<std::string> args = {TvaultBinary(), "--vault", c.v.dir().string(),
                                   "--passphrase-file", c.v.pass_file().string(), "evidence",
                                   "get", e};
  RunResult tty = RunOnTerminal(args);
  EXPECT_EQ(tty.exit_code, 2) << tty.out;
  EXPECT_TRUE(Has(tty.out, "use --out FILE or redirect")) << tty.out;
  EXPECT_FALSE(Has(tty.out, "binary\r")) << "the bytes reached the terminal";
  EXPECT_FALSE(Has(tty.out, "owned")) << "the bytes reached the terminal";
  EXPECT_EQ(CountEvents(c.v, "evidence.view"), views) << "refused before the vault was opened";

  // An explicit --out - is the user's choice.
  args.insert(args.end(), {"--out", "-"});
  RunResult forced = RunOnTerminal(args);
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_TRUE(Has(forced.out, "owned")) << forced.out;

  RunResult piped = c.v.Run({"evidence", "get", e});
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, bytes);
}

// ------------------------------------------------ checked before the passphrase

struct Refusal {
  std::vector<std::string> args;
  int exit_code;
  std::string message;  // part of the one error line
};

// Each `args` fails on its argument with a WRONG passphrase file: an unlock
// would have given exit 3 and counted a failed unlock.
void ExpectRefusedBeforeUnlock(const CliVault& v, const std::vector<Refusal>& cases) {
  const fs::path wrong = v.WriteFile("wrong-pass", "not the passphrase\n");
  const auto db = ReadBytes(v.dir() / "vault.db");
  for (const Refusal& c : cases) {
    std::vector<std::string> args = {"--vault", v.dir().string(), "--passphrase-file",
                                     wrong.string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = RunTvault(args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.message << ": " << r.err;
    EXPECT_TRUE(Has(r.err, c.message)) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(v.dir() / "unlock-failures")) << c.message << ": unlocked first";
  }
  EXPECT_EQ(ReadBytes(v.dir() / "vault.db"), db);
}

TEST(CliCheckedBeforePassphrase, TestimonyArguments) {
  Casework c;
  const std::string missing = (c.v.root() / "missing.txt").string();
  const std::string file = c.statement.string();
  ExpectRefusedBeforeUnlock(
      c.v,
      {{{"testimony", "add", "--witness", c.w, "--file", missing}, 1, missing + " does not exist"},
       {{"testimony", "add", "--witness", c.w, "--file", file, "--taken-at", "2026-02-30"},
        2, "--taken-at must be a calendar date written YYYY-MM-DD"},
       {{"testimony", "add", "--witness", c.t, "--file", file}, 2,
        "--witness needs a witness id (W-...)"},
       {{"testimony", "add", "--witness", "W-12", "--file", file}, 2, "is not a record id"},
       {{"testimony", "amend", "T-NOPE", "--file", file, "--reason", "r"}, 2,
        "is not a record id"},
       // Exit 1, as amend gave when the vault said "no testimony W-...".
       {{"testimony", "amend", c.w, "--file", file, "--reason", "r"}, 1,
        "ID takes a testimony id (T-...); " + c.w + " is a witness id"},
       {{"testimony", "amend", c.t, "--file", missing, "--reason", "r"}, 1,
        missing + " does not exist"},
       {{"testimony", "amend", c.t, "--file", file, "--reason", "r", "--taken-at", "12/01/2026"},
        2, "--taken-at must be a calendar date"}});
}

TEST(CliCheckedBeforePassphrase, OutputsIdsAndKeys) {
  Casework c;
  const std::string existing = c.statement.string();
  ExpectRefusedBeforeUnlock(
      c.v,
      {{{"evidence", "get", "E-4K2M9P", "--out", existing}, 1, existing + " already exists"},
       {{"evidence", "get", c.t, "--out", (c.v.root() / "x").string()}, 2,
        "ID takes an evidence id (E-...); " + c.t + " is a testimony id"},
       {{"export", "--purpose", "court", "--override-consent", "--to", "someone", "--all", "--reason", "r", "--out", existing}, 1,
        existing + " already exists"},
       {{"export", "--purpose", "court", "--override-consent", "--to", "someone", "--testimony", c.w, "--reason", "r", "--out",
         (c.v.root() / "b.tvb").string()},
        2, "--testimony takes a testimony id (T-...)"},
       {{"peer", "add", "p", "--minisign-key", "RWQnotakey"}, 2, "minisign public key: "},
       {{"peer", "add", "p", "--age-recipient", "age1notarecipient"}, 2, "not an age recipient"}});
}

TEST(CliCheckedBeforePassphrase, ASecretKeyGivenAsAPublicOneIsNeverEchoed) {
  // Fails before this commit: the error repeated the first 60 characters.
  Casework c;
  const std::string secret =
      "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSKC3WG7";
  const std::string minisign_secret = "RWRTY0IyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
           {"--age-recipient", secret}, {"--minisign-key", minisign_secret}}) {
    RunResult r = RunTvault({"--vault", c.v.dir().string(), "--passphrase-file",
                             (c.v.root() / "no-such-pass").string(), "peer", "add", "p", option,
                             value});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(Has(r.err, option + " was given what looks like a SECRET key")) << r.err;
    EXPECT_FALSE(Has(r.err, value.substr(15, 10))) << r.err;
  }
}

TEST(CliCheckedBeforePassphrase, InitOnAnExistingVaultSaysSoFirst) {
  CliVault v;
  const auto header = ReadBytes(v.dir() / "vault.header");
  // No passphrase file and no terminal: asking for one would fail on that.
  RunResult r = RunTvault({"--vault", v.dir().string(), "--passphrase-file",
                           (v.root() / "no-such-pass").string(), "init"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "tvault: error: " + v.dir().string() +
                       " already exists and is not an empty directory; choose another --vault "
                       "path (tvault never overwrites a vault)\n");
  EXPECT_EQ(ReadBytes(v.dir() / "vault.header"), header);
}

// ------------------------------------------------ key options take files

struct PeerKeys {
  std::string age, minisign;
};

PeerKeys KeysOf(const CliVault& other) {
  json me = json::parse(other.Run({"--json", "identity", "show"}).out);
  return {me["age_recipient"], me["minisign_public_key"]};
}

TEST(CliKeyFiles, PeerAddTakesAPubFileAndARecipientsFile) {
  CliVault v, journalist;
  const PeerKeys k = KeysOf(journalist);
  const fs::path pub = v.WriteFile(
      "journalist.pub", "untrusted comment: minisign public key 1234\n" + k.minisign + "\n");
  const fs::path recipients = v.WriteFile(
      "recipients.txt", "# created: 2026-12-01\r\n# public key: " + k.age + "\r\n\r\n" + k.age +
                            "\r\n");
  RunResult r = v.Run({"peer", "add", "journalist", "--minisign-key", pub.string(),
                       "--age-recipient", recipients.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json peers = json::parse(v.Run({"--json", "peer", "list"}).out);
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0]["age_recipient"], k.age);
  EXPECT_EQ(peers[0]["minisign_public_key"], k.minisign);

  // A value that is a valid key is the key, even beside a file of that name
  // (which here holds another key).
  CliVault other;
  const PeerKeys ko = KeysOf(other);
  ScratchDir cwd;
  const fs::path before = fs::current_path();
  fs::current_path(cwd.path());
  WriteBytes(cwd.path() / ko.age, std::vector<uint8_t>(k.age.begin(), k.age.end()));
  RunResult same_name = v.Run({"peer", "add", "other", "--age-recipient", ko.age});
  fs::current_path(before);
  ASSERT_EQ(same_name.exit_code, 0) << same_name.err;
  peers = json::parse(v.Run({"--json", "peer", "list"}).out);
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[1]["age_recipient"], ko.age);
}

TEST(CliKeyFiles, AFileMustHoldExactlyOneValidKey) {
  CliVault v, a, b;
  const PeerKeys ka = KeysOf(a), kb = KeysOf(b);
  const fs::path two = v.WriteFile("two.txt", ka.age + "\n" + kb.age + "\n");
  const fs::path none = v.WriteFile("none.txt", "# nothing here\n\n");
  const fs::path bad = v.WriteFile("bad.pub", "untrusted comment: x\nRWQgarbage\n");
  ExpectRefusedBeforeUnlock(
      v, {{{"peer", "add", "p", "--age-recipient", two.string()}, 2,
           "--age-recipient: the file " + two.string() +
               " holds 2 key lines; it must hold exactly one, an age recipient"},
          {{"peer", "add", "p", "--age-recipient", none.string()}, 2, "holds 0 key lines"},
          {{"peer", "add", "p", "--minisign-key", bad.string()}, 2,
           "--minisign-key: the file " + bad.string() + " does not hold a minisign public key"},
          {{"peer", "add", "p", "--age-recipient", "journalist.txt"}, 2,
           "--age-recipient: 'journalist.txt' is neither an age recipient (age1...) nor a file "
           "that exists"}});
  EXPECT_EQ(json::parse(v.Run({"--json", "peer", "list"}).out).size(), 0u);
}

// ------------------------------------------------ failed unlocks at unlock

std::string MinuteUtc(std::time_t t) {
  char buf[32];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

TEST(CliUnlockFailures, AreShownOnStandardErrorAtTheNextUnlock) {
  Casework c;
  const fs::path wrong = c.v.WriteFile("wrong", "nope\n");
  const std::time_t start = std::time(nullptr);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(RunTvault({"--vault", c.v.dir().string(), "--passphrase-file", wrong.string(),
                         "testimony", "list"}).exit_code, 3);
  }
  const std::time_t end = std::time(nullptr);
  RunResult r = c.v.Run({"--json", "testimony", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string prefix = "tvault: warning: 3 failed unlock attempts since ";
  ASSERT_TRUE(r.err.starts_with(prefix) && r.err.ends_with("\n")) << r.err;
  const std::string since = r.err.substr(prefix.size(), r.err.size() - prefix.size() - 1);
  EXPECT_TRUE(since == MinuteUtc(start) || since == MinuteUtc(end)) << since;
  EXPECT_EQ(json::parse(r.out).size(), 1u) << "not in the JSON";
  EXPECT_FALSE(Has(r.out, "failed")) << r.out;
  // Shown once: that unlock logged and reset the count.
  RunResult next = c.v.Run({"testimony", "list"});
  EXPECT_EQ(next.exit_code, 0);
  EXPECT_TRUE(next.err.empty()) << next.err;
}

TEST(CliUnlockFailures, ACountWithoutATimeFromAnEarlierVersionIsShown) {
  CliVault v;
  WriteBytes(v.dir() / "unlock-failures", std::vector<uint8_t>{'1', '\n'});
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "tvault: warning: 1 failed unlock attempt since the last successful unlock\n");
  json events = json::parse(v.Run({"--json", "audit", "log"}).out);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const json& e) {
                            return e["action"] == "unlock.failures" && e["count"] == 1;
                          }),
            1);
}

TEST(CliUnlockFailures, TheFirstFailureKeepsItsTime) {
  CliVault v;
  const fs::path wrong = v.WriteFile("wrong", "nope\n");
  // A first failure long ago (format.md 1.1: count, then its time).
  const std::string old = "1\n1796134920\n";
  WriteBytes(v.dir() / "unlock-failures", std::vector<uint8_t>(old.begin(), old.end()));
  EXPECT_EQ(RunTvault({"--vault", v.dir().string(), "--passphrase-file", wrong.string(),
                       "testimony", "list"}).exit_code, 3);
  const auto file = ReadBytes(v.dir() / "unlock-failures");
  EXPECT_EQ(std::string(file.begin(), file.end()), "2\n1796134920\n");
  RunResult r = v.Run({"testimony", "list"});
  EXPECT_EQ(r.err, "tvault: warning: 2 failed unlock attempts since " +
                       MinuteUtc(1796134920) + "\n");
}

}  // namespace
}  // namespace tvault::testing
