// SIGKILL in the middle of writes, and two commands at once.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <csignal>
#include <thread>

#include "support/cli_runner.h"
#include "support/sweep.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct ManyFiles {
  std::vector<std::string> args;
  std::map<std::string, std::string> sha_by_content;
};

ManyFiles MakeFiles(const CliVault& v, const std::string& witness, int count, std::size_t size,
                    const std::string& tag) {
  ManyFiles m;
  m.args = {"testimony", "add", "--witness", witness};
  for (int i = 0; i < count; ++i) {
    std::string content(size, static_cast<char>('a' + i % 26));
    content += tag + std::to_string(i);
    m.args.push_back("--file");
    m.args.push_back(v.WriteFile(tag + std::to_string(i), content).string());
  }
  return m;
}

// Every listed testimony must read back whole and match its intake hash:
// `check` authenticates every statement against its hash; the first and
// last are also shown through the ordinary path.
int CountWholeTestimonies(const CliVault& v) {
  RunResult list = v.Run({"--json", "testimony", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  json j = json::parse(list.out);
  if (!j.empty()) {
    for (const auto* t : {&j.front(), &j.back()}) {
      RunResult shown = v.Run({"testimony", "show", (*t)["id"].get<std::string>()});
      EXPECT_EQ(shown.exit_code, 0) << shown.err;
    }
  }
  EXPECT_EQ(v.Run({"check"}).exit_code, 0);
  return static_cast<int>(j.size());
}

TEST(CliCrash, SigkillDuringManyFileAddLeavesWholeOrNothing) {
  CliVault v;
  std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  ManyFiles files = MakeFiles(v, w, 60, 200 * 1024, "f");
  // How long does an uninterrupted run take?
  auto t0 = Clock::now();
  ASSERT_EQ(v.Run(files.args).exit_code, 0);
  const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  int expected = 60;
  ASSERT_EQ(CountWholeTestimonies(v), expected);

  int interrupted = 0;
  int tried = 0;
  for (int i = 1; i <= 10; ++i) {
    if (!InSweep(static_cast<std::size_t>(i - 1), 10)) continue;
    ++tried;
    pid_t pid = StartTvault(v.Args(files.args));
    std::this_thread::sleep_for(full * i / 11);
    ::kill(pid, SIGKILL);
    RunResult r = WaitFor(pid);
    interrupted += r.signal == SIGKILL;
    // Whole or absent: the batch is one transaction. A kill that lands after
    // the commit (but before exit) leaves the whole batch.
    const int now = CountWholeTestimonies(v);
    EXPECT_TRUE(now == expected || now == expected + 60) << "kill " << i << ": " << now;
    if (r.signal == 0) {
      EXPECT_EQ(now, expected + 60) << "completed run " << i;
    }
    expected = now;
  }
  std::cout << "[ crash ] " << interrupted << " of " << tried << " runs killed mid-write (full run "
            << full.count() << " ms)\n";
  EXPECT_GE(interrupted * 2, tried);
}

TEST(CliCrash, SigkillDuringPassphraseChangeLeavesAVaultThatOpens) {
  CliVault v;
  auto fresh = v.WriteFile("fresh", "fresh passphrase\n");
  auto with = [&](const std::filesystem::path& p) {
    return RunTvault({"--vault", v.dir().string(), "--passphrase-file", p.string(), "keyslot",
                      "list"}).exit_code;
  };
  int old_opens = 0, new_opens = 0;
  for (int i = 0; i < 12; ++i) {
    if (!InSweep(static_cast<std::size_t>(i), 12)) continue;
    // Alternate direction so that each run changes something.
    const bool forward = with(v.pass_file()) == 0;
    const auto from = forward ? v.pass_file() : fresh;
    const auto to = forward ? fresh : v.pass_file();
    pid_t pid = StartTvault({"--vault", v.dir().string(), "--passphrase-file", from.string(),
                             "passphrase", "change", "--new-passphrase-file", to.string(),
                             "--kdf-memory-mib", "64", "--kdf-passes", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(15 * i));
    ::kill(pid, SIGKILL);
    WaitFor(pid);
    const bool a = with(v.pass_file()) == 0, b = with(fresh) == 0;
    EXPECT_TRUE(a != b) << "run " << i << ": exactly one passphrase must open the vault";
    old_opens += a;
    new_opens += b;
  }
  EXPECT_GT(old_opens + new_opens, 0);
}

TEST(CliCrash, ConcurrentWritersBothSucceedOrOneIsBusy) {
  CliVault v;
  std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
  ManyFiles a = MakeFiles(v, w, 30, 64 * 1024, "a");
  ManyFiles b = MakeFiles(v, w, 30, 64 * 1024, "b");
  // Default wait: the second command waits for the first; both succeed.
  pid_t pa = StartTvault(v.Args(a.args));
  pid_t pb = StartTvault(v.Args(b.args));
  RunResult ra = WaitFor(pa), rb = WaitFor(pb);
  EXPECT_EQ(ra.exit_code, 0);
  EXPECT_EQ(rb.exit_code, 0);
  EXPECT_EQ(CountWholeTestimonies(v), 60);

  // --wait 0 while another command holds the vault: "vault is busy", exit 1,
  // and nothing of either is lost.
  ManyFiles big = MakeFiles(v, w, 40, 512 * 1024, "c");
  pid_t holder = StartTvault(v.Args(big.args));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  std::vector<std::string> quick = {"--wait", "0"};
  quick.insert(quick.end(), b.args.begin(), b.args.end());
  RunResult busy = v.Run(quick);
  RunResult held = WaitFor(holder);
  ASSERT_EQ(held.exit_code, 0);
  int expected = 100;
  if (busy.exit_code == 0) {
    expected += 30;  // the holder had not taken the lock yet
  } else {
    EXPECT_EQ(busy.exit_code, 1);
    EXPECT_NE(busy.err.find("vault is busy"), std::string::npos) << busy.err;
  }
  EXPECT_EQ(CountWholeTestimonies(v), expected);
}

}  // namespace
}  // namespace tvault::testing
