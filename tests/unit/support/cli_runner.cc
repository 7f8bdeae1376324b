#include "support/cli_runner.h"

#include <cstdlib>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>

#include "support/test_support.h"

extern char** environ;

namespace tvault::testing {
namespace fs = std::filesystem;

namespace {

// Children run in a new session: no controlling terminal, so a test never
// blocks on a passphrase prompt even when run from an interactive shell.
struct SpawnAttr {
  posix_spawnattr_t attr;
  SpawnAttr() {
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

// TVAULT_TEST_BIN runs the CLI tests against another build of tvault (e.g.
// the commit before a fix, to see its test fail).
std::string TvaultBinary() {
  const char* other = std::getenv("TVAULT_TEST_BIN");
  return other != nullptr && *other != '\0' ? other : TVAULT_BIN;
}

bool HaveProgram(const std::string& name) {
  for (const char* dir : {"/usr/bin/", "/bin/", "/usr/local/bin/"}) {
    if (::access((std::string(dir) + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

RunResult RunProgram(const std::vector<std::string>& args, const std::string& input) {
  std::signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC))
    return {};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  pid_t pid = -1;
  std::vector<char*> argv = Argv(args);
  SpawnAttr sa;
  int rc = args[0].find('/') == std::string::npos
               ? posix_spawnp(&pid, argv[0], &fa, &sa.attr, argv.data(), environ)
               : posix_spawn(&pid, argv[0], &fa, &sa.attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  RunResult result;
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = "spawn failed";
    return result;
  }
  // Feed stdin and drain both outputs together so that no pipe fills up.
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) { ::close(in_fd); in_fd = -1; }
  int open_outputs = 2;
  while (open_outputs > 0 || in_fd >= 0) {
    pollfd fds[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    if (::poll(fds, in_fd >= 0 ? 3 : 2, -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        (i == 0 ? out_pipe[0] : err_pipe[0]) = -1;
        --open_outputs;
      }
    }
    if (in_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) { ::close(in_fd); in_fd = -1; }
    }
  }
  RunResult waited = WaitFor(pid);
  result.exit_code = waited.exit_code;
  result.signal = waited.signal;
  return result;
}

RunResult RunTvault(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> full = {TvaultBinary()};
  full.insert(full.end(), args.begin(), args.end());
  return RunProgram(full, input);
}

pid_t StartTvault(const std::vector<std::string>& args) {
  std::vector<std::string> full = {TvaultBinary()};
  full.insert(full.end(), args.begin(), args.end());
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  std::vector<char*> argv = Argv(full);
  SpawnAttr sa;
  posix_spawn(&pid, argv[0], &fa, &sa.attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

RunResult WaitFor(pid_t pid) {
  RunResult r;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

CliVault::CliVault(const std::string& passphrase) {
  std::string tmpl = (fs::temp_directory_path() / "tvault-cli-XXXXXX").string();
  root_ = ::mkdtemp(tmpl.data());
  vault_ = root_ / "vault";
  WriteFile("pass", passphrase + "\n");
  fs::permissions(pass_file(), fs::perms::owner_read | fs::perms::owner_write);
  // Created through the library, below the CLI's 64 MiB floor: every command
  // a test runs unlocks with Argon2id, and at 8 MiB an unlock costs an eighth
  // of the CLI's cheapest. `tvault init` itself is tested in
  // cli_contract_test; the library call is the one it makes.
  InitOptions options;
  options.custodian_name = Text("CLI Custodian");
  options.kdf = InsecureKdfParamsForTestsOnly(8 * 1024, 1);
  Status s = Vault::Init(vault_, Pass(passphrase), options);
  EXPECT_TRUE(s.ok()) << s.error().message;
}

CliVault::~CliVault() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

std::vector<std::string> CliVault::Args(std::vector<std::string> args) const {
  std::vector<std::string> full = {"--vault", vault_.string(), "--passphrase-file",
                                   pass_file().string()};
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

std::vector<std::string> CliVault::Argv(std::vector<std::string> args) const {
  std::vector<std::string> all{TvaultBinary()};
  for (std::string& a : Args(std::move(args))) all.push_back(std::move(a));
  return all;
}

RunResult CliVault::Run(std::vector<std::string> args, const std::string& input) const {
  return RunTvault(Args(std::move(args)), input);
}

fs::path CliVault::WriteFile(const std::string& name, const std::string& content) const {
  fs::path p = root_ / name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

long PeakRssKib(const CliVault& v, const std::vector<std::string>& args) {
  if (!fs::exists("/usr/bin/time")) return -1;
  const fs::path out = v.root() / "peak-rss";
  std::vector<std::string> argv = {"/usr/bin/time", "-f", "%M", "-o", out.string(), TvaultBinary()};
  for (const std::string& a : v.Args(args)) argv.push_back(a);
  RunResult r = RunProgram(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  long kib = -1;
  in >> kib;
  return kib;
}

}  // namespace tvault::testing
