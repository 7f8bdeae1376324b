// `tvault evidence` end to end through the real binary: round trips checked
// against sha256sum, tampered ciphertext (exit 4, no output file), a SIGKILL
// in the middle of a streamed add, shred and the audit log.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "formats/evidence/evidence_forge.h"
#include "evidence/evidence_format.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

extern char** environ;

namespace tvault::testing {
namespace {

using nlohmann::json;
using ::tvault::testing::evidence::Pattern;
using ::tvault::testing::evidence::SplitFrames;
namespace fs = std::filesystem;

constexpr std::size_t kChunk = evidence_format::kDefaultChunkBytes;

std::string AsString(const std::vector<uint8_t>& b) { return std::string(b.begin(), b.end()); }

// The first field of `sha256sum FILE`.
std::string Sha256sum(const fs::path& p) {
  RunResult r = RunProgram({"sha256sum", p.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, 64);
}

struct EvidenceCli {
  CliVault v;
  std::string testimony;

  EvidenceCli() {
    const std::string w = Trim(v.Run({"witness", "add", "--name", "n"}).out);
    const fs::path st = v.WriteFile("statement", "what I saw");
    RunResult t = v.Run({"testimony", "add", "--witness", w, "--file", st.string()});
    EXPECT_EQ(t.exit_code, 0) << t.err;
    testimony = Trim(t.out);
  }
  fs::path Store() const { return v.dir() / "evidence"; }
  std::vector<std::string> StoreNames() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(Store(), ec))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string Add(const fs::path& file, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"evidence", "add", testimony, "--file", file.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = v.Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << "no progress bar when stderr is not a terminal: " << r.err;
    return Trim(r.out);
  }
};

TEST(CliEvidence, RoundTripsMatchSha256sum) {
  EvidenceCli c;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kChunk, kChunk + 1}) {
    SCOPED_TRACE(size);
    const std::string data = AsString(Pattern(size, static_cast<uint32_t>(size) + 11));
    const fs::path in = c.v.WriteFile("in-" + std::to_string(size), data);
    const std::string id = c.Add(in, {"--description", "scan of a letter", "--media-type",
                                      "image/png"});
    ASSERT_EQ(id.size(), 8u);
    EXPECT_EQ(id.substr(0, 2), "E-");

    RunResult shown = c.v.Run({"evidence", "show", id, "--json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    json j = json::parse(shown.out);
    EXPECT_EQ(j["id"], id);
    EXPECT_EQ(j["testimony"], c.testimony);
    EXPECT_EQ(j["size_bytes"], size);
    EXPECT_EQ(j["sha256"], Sha256sum(in));
    EXPECT_EQ(j["media_type"], "image/png");
    EXPECT_EQ(j["description"], "scan of a letter");
    EXPECT_EQ(j["added_at"].get<std::string>().size(), 20u);  // 2026-11-26T19:13:48Z

    const fs::path out = c.v.root() / ("out-" + std::to_string(size));
    RunResult got = c.v.Run({"evidence", "get", id, "--out", out.string()});
    ASSERT_EQ(got.exit_code, 0) << got.err;
    EXPECT_EQ(Sha256sum(out), Sha256sum(in));
    EXPECT_EQ(AsString(ReadBytes(out)), data);

    RunResult to_stdout = c.v.Run({"evidence", "get", id});
    ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
    EXPECT_TRUE(to_stdout.out == data);
  }
  // Standard input.
  const std::string piped = AsString(Pattern(kChunk + 77, 5));
  RunResult added = c.v.Run({"evidence", "add", c.testimony, "--file", "-"}, piped);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string id = Trim(added.out);
  EXPECT_TRUE(c.v.Run({"evidence", "get", id}).out == piped);
  const fs::path piped_file = c.v.WriteFile("piped", piped);
  EXPECT_EQ(json::parse(c.v.Run({"evidence", "show", id, "--json"}).out)["sha256"],
            Sha256sum(piped_file));

  RunResult list = c.v.Run({"--json", "evidence", "list", c.testimony});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out).size(), 5u);
  RunResult human = c.v.Run({"evidence", "list", c.testimony});
  EXPECT_EQ(std::count(human.out.begin(), human.out.end(), '\n'), 5);
  RunResult show = c.v.Run({"evidence", "show", id});
  EXPECT_NE(show.out.find("sha256:      " + Sha256sum(piped_file)), std::string::npos);
  EXPECT_EQ(c.v.Run({"check"}).exit_code, 0);
}

TEST(CliEvidence, UsageAndMissingRecords) {
  EvidenceCli c;
  const fs::path in = c.v.WriteFile("in", "x");
  EXPECT_EQ(c.v.Run({"evidence", "add", c.testimony}).exit_code, 2);  // --file required
  EXPECT_EQ(c.v.Run({"evidence", "add", "T-000000", "--file", in.string()}).exit_code, 1);
  EXPECT_EQ(c.v.Run({"evidence", "add", "nonsense", "--file", in.string()}).exit_code, 2);
  EXPECT_EQ(c.v.Run({"evidence", "show", "E-000000"}).exit_code, 1);
  EXPECT_EQ(c.v.Run({"evidence", "list", "T-000000"}).exit_code, 1);
  const std::string id = c.Add(in);
  const fs::path existing = c.v.WriteFile("existing", "keep me");
  RunResult r = c.v.Run({"evidence", "get", id, "--out", existing.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(AsString(ReadBytes(existing)), "keep me");
}

// Truncated, extended, byte-flipped, reordered: exit 4, and `get --out`
// leaves no file (nor a temporary) behind.
TEST(CliEvidence, TamperedCiphertextExits4AndLeavesNoOutput) {
  EvidenceCli c;
  const fs::path in = c.v.WriteFile("in", AsString(Pattern(3 * kChunk + 99, 8)));
  const std::string id = c.Add(in);
  const fs::path file = c.Store() / (id + ".tve");
  const std::vector<uint8_t> good = ReadBytes(file);
  const auto frames = SplitFrames(good);
  ASSERT_EQ(frames.chunks.size(), 4u);

  std::vector<std::pair<std::string, std::vector<uint8_t>>> cases;
  cases.emplace_back("truncated (final chunk dropped)",
                     std::vector<uint8_t>(good.begin(), good.begin() + frames.OffsetOf(3)));
  cases.emplace_back("truncated mid-chunk", std::vector<uint8_t>(good.begin(), good.end() - 1));
  auto extended = good;
  extended.insert(extended.end(), frames.chunks[3].begin(), frames.chunks[3].end());
  cases.emplace_back("extended by a copy of the final chunk", extended);
  auto flipped = good;
  flipped[frames.OffsetOf(1) + 4 + 500] ^= 0x80;
  cases.emplace_back("byte flipped", flipped);
  auto reordered = frames;
  std::swap(reordered.chunks[1], reordered.chunks[2]);
  cases.emplace_back("chunks reordered", reordered.Join());

  const fs::path out_dir = c.v.root() / "outdir";
  fs::create_directory(out_dir);
  for (const auto& [what, bytes] : cases) {
    SCOPED_TRACE(what);
    WriteBytes(file, bytes);
    const fs::path out = out_dir / "evidence.bin";
    RunResult r = c.v.Run({"evidence", "get", id, "--out", out.string()});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find(id), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(fs::is_empty(out_dir)) << "a temporary was left behind";
    // To standard output: exit 4 too (a verified prefix may precede it).
    RunResult s = c.v.Run({"evidence", "get", id});
    EXPECT_EQ(s.exit_code, 4);
    EXPECT_LT(s.out.size(), 3 * kChunk + 99);
    EXPECT_EQ(c.v.Run({"check"}).exit_code, 4);
  }
  WriteBytes(file, good);
  EXPECT_EQ(c.v.Run({"evidence", "get", id, "--out", (out_dir / "ok").string()}).exit_code, 0);
  EXPECT_EQ(Sha256sum(out_dir / "ok"), Sha256sum(in));
}

// Starts `tvault args...` with standard input from a pipe we hold.
struct Child {
  pid_t pid = -1;
  int stdin_fd = -1;
};

Child StartWithPipe(const std::vector<std::string>& args) {
  int p[2];
  EXPECT_EQ(::pipe(p), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[0], 0);
  posix_spawn_file_actions_addclose(&fa, p[1]);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> full{TvaultBinary()};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  Child c;
  EXPECT_EQ(::posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  ::close(p[0]);
  c.stdin_fd = p[1];
  return c;
}

// Every regular file under `dir`, read whole.
bool AnyFileContains(const fs::path& dir, const std::string& needle) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string bytes = AsString(ReadBytes(e.path()));
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(CliEvidence, SigkillMidStreamLeavesNothingHalfPresent) {
  ::signal(SIGPIPE, SIG_IGN);  // a child that died early fails the write, not us
  EvidenceCli c;
  const std::string kept = c.Add(c.v.WriteFile("kept", "an earlier file"));
  // Plaintext with a recognisable marker in every 4 KiB, so that any
  // plaintext that reached the disk would be found.
  const std::string marker = "PLAINTEXT-MARKER-4f1c9e";
  std::string block(4096, 'p');
  block.replace(0, marker.size(), marker);

  Child child = StartWithPipe(c.v.Args({"evidence", "add", c.testimony, "--file", "-"}));
  ASSERT_GT(child.pid, 0);
  // Feed a few chunks slowly until the temporary ciphertext exists: the
  // add is then really in the middle of its stream.
  bool temporary_seen = false;
  for (int i = 0; i < 2000 && !temporary_seen; ++i) {
    for (int k = 0; k < 64; ++k) {
      ASSERT_EQ(::write(child.stdin_fd, block.data(), block.size()),
                static_cast<ssize_t>(block.size()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (const std::string& n : c.StoreNames()) temporary_seen |= n.rfind(".E-", 0) == 0;
  }
  ASSERT_TRUE(temporary_seen) << "the add never reached its stream";
  // And some more, so that chunks were sealed and written.
  for (int k = 0; k < 512; ++k) {
    ASSERT_EQ(::write(child.stdin_fd, block.data(), block.size()),
              static_cast<ssize_t>(block.size()));
  }
  ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
  RunResult r = WaitFor(child.pid);
  ::close(child.stdin_fd);
  EXPECT_EQ(r.signal, SIGKILL);
  // The crash left its temporary (that is what the sweep is for).
  EXPECT_GT(c.StoreNames().size(), 1u);

  // The vault opens; nothing new is listed; the sweep removed the remnant.
  RunResult list = c.v.Run({"--json", "evidence", "list", c.testimony});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json j = json::parse(list.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], kept);
  EXPECT_EQ(c.StoreNames(), std::vector<std::string>{kept + ".tve"});
  // No plaintext anywhere in the vault directory, temporary or otherwise.
  EXPECT_FALSE(AnyFileContains(c.v.dir(), marker));
  EXPECT_EQ(c.v.Run({"check"}).exit_code, 0);
  EXPECT_EQ(c.v.Run({"audit", "verify"}).exit_code, 0);
  // And the vault still takes evidence.
  const std::string after = c.Add(c.v.WriteFile("after", "after the crash"));
  EXPECT_EQ(c.v.Run({"evidence", "get", after}).out, "after the crash");
}

TEST(CliEvidence, ShredDestroysEvidenceAndTheLogShowsEverything) {
  EvidenceCli c;
  const std::string id = c.Add(c.v.WriteFile("in", AsString(Pattern(5000, 4))));
  ASSERT_EQ(c.v.Run({"evidence", "get", id}).exit_code, 0);
  ASSERT_EQ(c.v.Run({"evidence", "show", id}).exit_code, 0);

  RunResult log = c.v.Run({"--json", "audit", "log", "--record", id});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  json events = json::parse(log.out);
  ASSERT_EQ(events.size(), 3u) << log.out;
  EXPECT_EQ(events[0]["action"], "evidence.add");
  EXPECT_EQ(events[1]["action"], "evidence.view");
  EXPECT_EQ(events[2]["action"], "evidence.view");

  RunResult shred = c.v.Run({"shred", "--yes", c.testimony, "--reason", "witness request"});
  ASSERT_EQ(shred.exit_code, 0) << shred.err;
  EXPECT_NE(shred.out.find("shredded " + id), std::string::npos) << shred.out;
  EXPECT_TRUE(c.StoreNames().empty());
  RunResult show = c.v.Run({"evidence", "show", id});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_NE(show.err.find("shredded"), std::string::npos) << show.err;
  EXPECT_EQ(c.v.Run({"check"}).exit_code, 0);
  EXPECT_EQ(c.v.Run({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace tvault::testing
