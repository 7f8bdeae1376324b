// Bundle import and verify tell the truth (issue #15): a pipe is not called
// tampering, a statement the vault cannot store is refused by verify too, a
// signer no peer holds is an integrity failure naming its key, --out never
// writes through a link, and a killed export leaves nothing behind.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/cli_bundle_fixture.h"
#include "support/cli_runner.h"
#include "support/sweep.h"
#include "support/test_support.h"
#include "vault/vault.h"

namespace tvault::testing {
namespace {

// The last line of standard error without "tvault: ".
std::string LastErrorLine(const RunResult& r) {
  std::string e = Trim(r.err);
  const std::size_t nl = e.rfind('\n');
  if (nl != std::string::npos) e = e.substr(nl + 1);
  const std::string prefix = "tvault: ";
  return e.rfind(prefix, 0) == 0 ? e.substr(prefix.size()) : e;
}

// `command` (tvault's arguments for vault `v`) as a bash command line.
std::string ShellLine(const CliVault& v, const std::vector<std::string>& command) {
  std::string line = Q(TvaultBinary());
  for (const std::string& a : v.Args(command)) line += " " + Q(a);
  return line;
}

RunResult Bash(const std::string& script) { return RunProgram({"/bin/bash", "-c", script}); }

// Starts tvault `args` on vault `v`, waits until it holds a file open in
// `dir`, and kills it there. False if it was never seen writing in `dir`.
bool KillWhileWritingInto(const CliVault& v, const std::vector<std::string>& args,
                          const fs::path& dir) {
  const std::string prefix = fs::canonical(dir).string() + "/";
  const pid_t pid = StartTvault(v.Args(args));
  const fs::path fds = "/proc/" + std::to_string(pid) + "/fd";
  bool seen = false;
  for (int i = 0; i < 20000 && !seen; ++i) {
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator(fds, ec)) {
      std::error_code link_ec;
      const std::string target = fs::read_symlink(fd.path(), link_ec).string();
      seen |= !link_ec && target.rfind(prefix, 0) == 0;
    }
    if (!seen) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  ::kill(pid, SIGKILL);
  const RunResult r = WaitFor(pid);
  return seen && r.signal == SIGKILL;
}

TEST_F(CliBundle, ImportFromAPipeIsRefusedAsNeedingAFileNotAsTampering) {
  const fs::path bundle = Export({"--to", "journalist"});
  const std::string import_stdin = ShellLine(journalist_, {"bundle", "import", "/dev/stdin"});
  // A real pipe on standard input.
  RunResult piped = Bash("cat " + Q(bundle) + " | " + import_stdin);
  // (Before the refusal, the FIFO below would make import wait for ever.)
  ASSERT_EQ(piped.exit_code, 2) << piped.err;
  EXPECT_NE(LastErrorLine(piped).find("reads the bundle twice"), std::string::npos) << piped.err;
  EXPECT_EQ(LastErrorLine(piped).find("malformed"), std::string::npos) << piped.err;
  // A process substitution (a pipe under /dev/fd).
  RunResult substituted =
      Bash(ShellLine(journalist_, {"bundle", "import"}) + " <(cat " + Q(bundle) + ")");
  EXPECT_EQ(substituted.exit_code, 2) << substituted.err;
  EXPECT_NE(LastErrorLine(substituted).find("save the bundle to a file"), std::string::npos)
      << substituted.err;
  // A FIFO, its writer in the background.
  const fs::path fifo = journalist_.root() / "bundle.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  RunResult from_fifo = Bash("(cat " + Q(bundle) + " > " + Q(fifo) + " &) ; " +
                             ShellLine(journalist_, {"bundle", "import", fifo.string()}) +
                             "; rc=$?; cat " + Q(fifo) + " > /dev/null 2>&1 & exit $rc");
  EXPECT_EQ(from_fifo.exit_code, 2) << from_fifo.err;
  EXPECT_EQ(JournalistTestimonies(), 0u);
  // Verify reads the same pipe in one pass, and the file imports.
  RunResult verified =
      Bash("cat " + Q(bundle) + " | " +
           ShellLine(journalist_, {"bundle", "verify", "/dev/stdin"}));
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  RunResult imported = journalist_.Run({"bundle", "import", bundle.string()});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(JournalistTestimonies(), 1u);
}

TEST_F(CliBundle, ASignerNoPeerHoldsIsAnIntegrityFailureNamingTheKey) {
  const fs::path bundle = Export({"--to", "journalist"});
  RunResult peers = journalist_.Run({"--json", "peer", "list"});
  ASSERT_EQ(peers.exit_code, 0) << peers.err;
  const std::string key_id = json::parse(peers.out)[0]["minisign_key_id"];
  ASSERT_FALSE(key_id.empty());
  ASSERT_EQ(journalist_.Run({"peer", "remove", "lawyer"}).exit_code, 0);
  // No peer has a minisign key at all.
  for (const char* command : {"verify", "import"}) {
    RunResult r = journalist_.Run({"bundle", command, bundle.string()});
    EXPECT_EQ(r.exit_code, 4) << command << ": " << r.err;
    const std::string e = LastErrorLine(r);
    EXPECT_NE(e.find("SHA256SUMS.minisig was made by key " + key_id + ", "), std::string::npos)
        << e;
    EXPECT_NE(e.find("which is not an accepted signer"), std::string::npos) << e;
    EXPECT_NE(e.find("tvault peer add NAME --minisign-key RW..."), std::string::npos) << e;
    EXPECT_NE(e.find("--signer-key"), std::string::npos) << e;
  }
  EXPECT_EQ(JournalistTestimonies(), 0u);
  // Naming the key still works.
  EXPECT_EQ(journalist_.Run({"bundle", "verify", bundle.string(), "--signer-key", lawyer_key_})
                .exit_code,
            0);
}

TEST_F(CliBundle, AStatementLargerThanTheVaultAcceptsIsRefusedByVerify) {
  HandMadeBundle hand(journalist_, journalist_.root() / "hand");
  const fs::path statement = hand.files() / "statements/T-4K2M9P.v1";
  std::ofstream(statement, std::ios::binary) << "x";
  fs::resize_file(statement, kMaxStatementBytes + 1);  // zeros, sparse
  const fs::path big = hand.Build(1, "big.tvb");
  for (const char* command : {"verify", "import"}) {
    RunResult r = journalist_.Run({"bundle", command, big.string()});
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.err;
    const std::string e = LastErrorLine(r);
    EXPECT_NE(e.find("larger than this vault accepts"), std::string::npos) << e;
    EXPECT_NE(e.find("268435456 bytes"), std::string::npos) << e;
    EXPECT_NE(e.find("statements/T-4K2M9P.v1"), std::string::npos) << e;
  }
  EXPECT_EQ(JournalistTestimonies(), 0u);
}

TEST(CliStatementLimit, TestimonyAddStatesTheExactLimit) {
  CliVault v;
  const std::string w = Trim(v.Run({"witness", "add", "--name", "W"}).out);
  const fs::path big = v.root() / "big.txt";
  std::ofstream(big, std::ios::binary) << "x";
  fs::resize_file(big, kMaxStatementBytes + 1);  // sparse
  RunResult r = v.Run({"testimony", "add", "--witness", w, "--file", big.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(LastErrorLine(r).find("268435456 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(LastErrorLine(r).find("268435457"), std::string::npos) << r.err;
}

// Adding a large statement holds it about twice (the plaintext and its sealed
// copy) over what unlocking and listing take: SQLite does not build a third
// copy of the row (issue #15, item 6; fails before the body is written in
// place: 3.4 times). Sanitizer builds inflate RSS with shadow memory: there
// the command only has to succeed.
TEST(CliStatementLimit, AddingALargeStatementHoldsItAboutTwice) {
  ASSERT_TRUE(fs::exists("/usr/bin/time")) << "scripts/setup installs GNU time";
  CliVault v;
  const std::string w = Trim(v.Run({"witness", "add", "--name", "W"}).out);
  constexpr long kStatementKib = 64 * 1024;
  const fs::path big = v.root() / "big.bin";
  std::ofstream(big, std::ios::binary) << "x";
  fs::resize_file(big, kStatementKib * 1024);  // sparse: reads as zeros
  const long baseline = PeakRssKib(v, {"witness", "list"});
  const long added = PeakRssKib(v, {"testimony", "add", "--witness", w, "--file", big.string()});
  const double times = static_cast<double>(added - baseline) / kStatementKib;
  std::printf("peak RSS: witness list %ld KiB, adding a 64 MiB statement %ld KiB (%.2f times)\n",
              baseline, added, times);
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(times, 2.25);
#endif
}

// --out is never written through a link, and a dangling one is named as what
// it is (issue #15, item 8; before: "appeared meanwhile").
TEST_F(CliBundle, OutIsNeverWrittenThroughALink) {
  const fs::path target = lawyer_.root() / "elsewhere.tvb";
  const fs::path link = lawyer_.root() / "link.tvb";
  fs::create_symlink(target, link);
  const std::vector<std::string> args = {"export", "--purpose", "court", "--override-consent", "--testimony", t_, "--reason", "r", "--to",
                                         "journalist", "--out", link.string()};
  RunResult dangling = lawyer_.Run(args);
  EXPECT_EQ(dangling.exit_code, 1) << dangling.err;
  EXPECT_NE(LastErrorLine(dangling).find("link.tvb is a symbolic link to nothing; files are never "
                                     "written through a link"),
            std::string::npos)
      << dangling.err;
  EXPECT_FALSE(fs::exists(target));
  std::ofstream(target) << "kept";
  RunResult to_file = lawyer_.Run(args);
  EXPECT_EQ(to_file.exit_code, 1) << to_file.err;
  EXPECT_NE(LastErrorLine(to_file).find("link.tvb is a symbolic link; files are never"),
            std::string::npos)
      << to_file.err;
  EXPECT_EQ(FileText(target), "kept");
}

// A killed export, or a killed `evidence get` (plaintext!), leaves nothing in
// the directory it was writing to: the file is unnamed until it is complete
// (issue #15, item 11; before: an encrypted ".b.tvb.tmp-XXXXXX", and for
// evidence a partial plaintext file under a hidden name).
TEST(CliKilledWrite, LeavesNothingInTheOutputDirectory) {
  ::signal(SIGPIPE, SIG_IGN);
  CliVault v;
  const std::string w = Trim(v.Run({"witness", "add", "--name", "W"}).out);
  // Large enough that the writes last while the test watches (the
  // sanitizer build writes several times slower).
  const fs::path big = WriteBigFile(v, "big.bin", kUnderSanitizer ? 32 : 96);
  RunResult added = v.Run({"testimony", "add", "--witness", w, "--file", big.string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string t = added.out.substr(0, 8);
  const json me = json::parse(v.Run({"--json", "identity", "show"}).out);
  ASSERT_EQ(v.Run({"peer", "add", "self", "--age-recipient", me["age_recipient"]}).exit_code, 0);
  RunResult e = v.Run({"evidence", "add", t, "--file", big.string()});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const std::string evidence = Trim(e.out);

  const fs::path out = v.root() / "out";
  fs::create_directories(out);
  EXPECT_TRUE(KillWhileWritingInto(
      v, {"export", "--purpose", "court", "--override-consent", "--to", "self", "--all", "--reason", "r", "--out", (out / "b.tvb").string()},
      out));
  EXPECT_TRUE(fs::is_empty(out)) << fs::directory_iterator(out)->path();
  EXPECT_TRUE(KillWhileWritingInto(
      v, {"evidence", "get", evidence, "--out", (out / "e.bin").string()}, out));
  EXPECT_TRUE(fs::is_empty(out)) << fs::directory_iterator(out)->path();
  // And unkilled, both land whole.
  ASSERT_EQ(v.Run({"export", "--purpose", "court", "--override-consent", "--to", "self", "--all", "--reason", "r", "--out",
                   (out / "b.tvb").string()})
                .exit_code,
            0);
  ASSERT_EQ(v.Run({"evidence", "get", evidence, "--out", (out / "e.bin").string()}).exit_code, 0);
  EXPECT_EQ(ReadBytes(out / "e.bin"), ReadBytes(big));
}

}  // namespace
}  // namespace tvault::testing
