// Reading a vault that must not or cannot be written (tvault #15, item 9):
// --read-only, and a vault on a read-only mount.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sys/mount.h>
#include <unistd.h>

#include "crypto/hash.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every file of the vault directory and its bytes' SHA-256.
std::map<std::string, crypto::Sha256Digest> Snapshot(const fs::path& dir) {
  std::map<std::string, crypto::Sha256Digest> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = crypto::Sha256(ReadBytes(e.path()));
  }
  return out;
}

struct FilledVault {
  CliVault v;
  std::string witness, testimony, evidence;
  FilledVault() {
    witness = Trim(v.Run({"witness", "add", "--name", "n"}).out);
    const fs::path st = v.WriteFile("statement", "what I saw");
    testimony = Trim(v.Run({"testimony", "add", "--witness", witness, "--file", st.string()}).out);
    const fs::path in = v.WriteFile("scan", "a scanned letter");
    evidence = Trim(v.Run({"evidence", "add", testimony, "--file", in.string()}).out);
  }
  std::vector<std::vector<std::string>> Reads() const {
    return {{"testimony", "list"},   {"testimony", "show", testimony},
            {"witness", "show", witness}, {"evidence", "list", testimony},
            {"evidence", "get", evidence}, {"check"}, {"audit", "verify"}};
  }
  std::size_t AuditEvents() const {
    RunResult r = v.Run({"--json", "audit", "log"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out).size();
  }
};

TEST(CliReadOnly, ReadsWorkAndWriteNothing) {
  FilledVault f;
  const std::size_t a = f.AuditEvents();
  const std::size_t per_call = f.AuditEvents() - a;  // what `audit log` itself adds
  const auto before = Snapshot(f.v.dir());
  for (const auto& cmd : f.Reads()) {
    std::vector<std::string> args{"--read-only"};
    args.insert(args.end(), cmd.begin(), cmd.end());
    RunResult r = f.v.Run(args);
    EXPECT_EQ(r.exit_code, 0) << cmd[0] << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "not recorded in the audit log")) << cmd[0] << ": " << r.err;
  }
  EXPECT_TRUE(Snapshot(f.v.dir()) == before) << "a --read-only command changed the vault";
  EXPECT_EQ(f.AuditEvents(), a + 2 * per_call) << "the read-only views were recorded after all";
}

TEST(CliReadOnly, WritesAreRefusedAndFailedUnlocksNotCounted) {
  FilledVault f;
  const auto before = Snapshot(f.v.dir());
  const fs::path st = f.v.WriteFile("more", "more");
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"witness", "add", "--name", "x"},
        std::vector<std::string>{"evidence", "add", f.testimony, "--file", st.string()},
        std::vector<std::string>{"shred", "--yes", f.testimony, "--reason", "r"},
        std::vector<std::string>{"audit", "checkpoint"}}) {
    std::vector<std::string> args{"--read-only"};
    args.insert(args.end(), cmd.begin(), cmd.end());
    RunResult r = f.v.Run(args);
    EXPECT_EQ(r.exit_code, 2) << cmd[0] << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "--read-only")) << r.err;
  }
  const fs::path wrong = f.v.WriteFile("wrong", "not the passphrase\n");
  RunResult bad = RunTvault({"--read-only", "--vault", f.v.dir().string(), "--passphrase-file",
                             wrong.string(), "testimony", "list"});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_TRUE(Has(bad.err, "not counted")) << bad.err;
  EXPECT_TRUE(Snapshot(f.v.dir()) == before);
  EXPECT_FALSE(fs::exists(f.v.dir() / "unlock-failures"));
}

// A read-only bind mount of the vault: what an auditor's write-protected
// USB stick looks like (chmod does not stop root).
class ReadOnlyMount {
 public:
  ReadOnlyMount(const fs::path& source, const fs::path& target) : target_(target) {
    fs::create_directories(target);
    if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0) return;
    mounted_ = true;
    if (::mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0) {
      read_only_ = true;
    }
  }
  ~ReadOnlyMount() {
    if (mounted_) ::umount2(target_.c_str(), MNT_DETACH);
  }
  bool ok() const { return read_only_; }

 private:
  fs::path target_;
  bool mounted_ = false;
  bool read_only_ = false;
};

TEST(CliReadOnly, AVaultOnReadOnlyMediaIsReadWithANote) {
  FilledVault f;
  const fs::path ro = f.v.root() / "usb";
  ReadOnlyMount mount(f.v.dir(), ro);
  if (!mount.ok()) GTEST_SKIP() << "cannot make a read-only bind mount here (needs root)";
  const auto before = Snapshot(f.v.dir());
  auto run = [&](std::vector<std::string> cmd) {
    std::vector<std::string> args{"--vault", ro.string(), "--passphrase-file",
                                  f.v.pass_file().string()};
    args.insert(args.end(), cmd.begin(), cmd.end());
    return RunTvault(args);
  };
  for (const auto& cmd : f.Reads()) {
    RunResult r = run(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd[0] << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "read-only vault")) << r.err;
  }
  RunResult add = run({"witness", "add", "--name", "x"});
  EXPECT_EQ(add.exit_code, 1) << add.err;
  EXPECT_TRUE(Has(add.err, "is read-only")) << add.err;
  EXPECT_FALSE(Has(add.err, "unable to open database file")) << add.err;
  RunResult wrong = RunTvault({"--vault", ro.string(), "--passphrase-file",
                               f.v.WriteFile("wrong", "nope nope nope\n").string(),
                               "testimony", "list"});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_TRUE(Has(wrong.err, "not counted")) << wrong.err;
  EXPECT_TRUE(Snapshot(f.v.dir()) == before);
}

TEST(CliReadOnly, AReaderWaitsForAWriterHoldingTheLock) {
  FilledVault f;
  // The writer's lock, held by a shell for three seconds.
  const fs::path lock = f.v.dir() / "vault.lock";
  RunResult held = RunProgram({"sh", "-c", "flock -x " + lock.string() + " -c 'sleep 0' && echo ok"});
  if (held.exit_code != 0) GTEST_SKIP() << "no flock(1)";
  RunResult r = RunProgram({"sh", "-c",
                            "flock -x " + lock.string() + " -c 'sleep 3' & sleep 0.5; " +
                                TvaultBinary() + " --read-only --wait 1 --vault " +
                                f.v.dir().string() + " --passphrase-file " +
                                f.v.pass_file().string() + " testimony list; echo rc=$?; wait"});
  EXPECT_TRUE(Has(r.out, "rc=1")) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "busy")) << r.err;
}

}  // namespace
}  // namespace tvault::testing
