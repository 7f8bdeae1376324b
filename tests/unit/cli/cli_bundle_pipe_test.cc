// `tvault bundle verify` reading a pipe: an early refusal returns at once,
// even while the writer keeps the pipe open without sending more. (The
// read-ahead workers that serve regular files would wait in read() for the
// writer; for a pipe, verify reads in line.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/cli_runner.h"
#include "support/test_support.h"

namespace tvault::testing {
namespace {

TEST(CliBundlePipe, AnEarlyRefusalDoesNotWaitForAStalledWriter) {
  CliVault v;
  RunResult id = v.Run({"--json", "identity", "show"});
  ASSERT_EQ(id.exit_code, 0) << id.err;
  const std::string signer = nlohmann::json::parse(id.out)["minisign_public_key"];
  ScratchDir dir;
  // The fuzzers' fixed age identity (tests/fuzz/corpus/README.md).
  const std::filesystem::path identity = v.WriteFile(
      "key.txt", "AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE\n");
  const std::filesystem::path fifo = dir.path() / "bundle.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);

  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);  // waits for tvault to open it
    if (fd < 0) return;
    // A whole age header whose MAC line is malformed: refused at step 1.
    const std::string header = "age-encryption.org/v1\n-> X25519 AAAA\nBBBB\n--- CCCC\n";
    (void)!::write(fd, header.data(), header.size());
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(20), [&] { return done; });  // stalls, pipe open
    ::close(fd);
  });

  const auto start = std::chrono::steady_clock::now();
  RunResult r = RunTvault({"bundle", "verify", fifo.string(), "--identity", identity.string(),
                           "--signer-key", signer});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_all();
  writer.join();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("malformed age header"), std::string::npos) << r.err;
  EXPECT_LT(seconds, 10.0) << "verify waited for the stalled writer";
}

}  // namespace
}  // namespace tvault::testing
