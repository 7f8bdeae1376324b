#include "support/interactive.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

extern char** environ;

namespace tvault::testing {

Interactive::Interactive(const std::vector<std::string>& args) {
  std::signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) return;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);  // no terminal: never a prompt
  std::vector<std::string> all{TvaultBinary()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], &fa, &attr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
}

Interactive::~Interactive() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  for (int fd : {in_, out_, err_}) {
    if (fd >= 0) ::close(fd);
  }
}

void Interactive::Send(const std::string& text) {
  std::size_t done = 0;
  while (in_ >= 0 && done < text.size()) {
    const ssize_t n = ::write(in_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void Interactive::ReadSome(int timeout_ms) {
  pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return;
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[4096];
    const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
    if (n > 0) {
      (i == 0 ? result_.out : result_.err).append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      ::close(fds[i].fd);
      (i == 0 ? out_ : err_) = -1;
    }
  }
}

namespace {
int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}
}  // namespace

bool Interactive::WaitFor(const std::string& (Interactive::*stream)() const,
                          const std::string& text, int times, std::chrono::seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (Count((this->*stream)(), text) < times) {
    if (out_ < 0 && err_ < 0) return false;
    if (std::chrono::steady_clock::now() > end) return false;
    ReadSome(100);
  }
  return true;
}

bool Interactive::WaitForOut(const std::string& text, int times, std::chrono::seconds timeout) {
  return WaitFor(&Interactive::out, text, times, timeout);
}

bool Interactive::WaitForErr(const std::string& text, int times, std::chrono::seconds timeout) {
  return WaitFor(&Interactive::err, text, times, timeout);
}

RunResult Interactive::Finish() {
  if (in_ >= 0) {
    ::close(in_);
    in_ = -1;
  }
  while (out_ >= 0 || err_ >= 0) ReadSome(-1);
  int status = 0;
  if (pid_ > 0 && ::waitpid(pid_, &status, 0) == pid_) {
    pid_ = -1;
    if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result_.signal = WTERMSIG(status);
  }
  return result_;
}

std::string TerminalCommand(const std::vector<std::string>& argv) {
  std::string cmd = "exec";
  for (const std::string& a : argv) {
    cmd += " '";
    for (char c : a) cmd += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += "'";
  }
  return cmd;
}

RunResult RunOnTerminal(const std::vector<std::string>& argv, const std::string& input) {
  return RunProgram({"script", "-qec", TerminalCommand(argv), "/dev/null"}, input);
}

RunResult Converse(const std::vector<std::string>& args, const std::vector<Step>& steps) {
  const std::string cmd = TerminalCommand(args);
  int in[2], out[2];
  if (::pipe(in) != 0 || ::pipe(out) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::close(in[0]);
    ::close(in[1]);
    ::close(out[0]);
    ::close(out[1]);
    ::execlp("script", "script", "-qec", cmd.c_str(), "/dev/null", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  RunResult r;
  auto read_some = [&](int timeout_ms) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) return false;
    r.out.append(buf, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t seen = 0;
  for (const Step& s : steps) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::size_t at = std::string::npos;
    while ((at = r.out.find(s.prompt, seen)) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      if (!read_some(200) && r.out.find(s.prompt, seen) == std::string::npos) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) break;
      }
    }
    if (at == std::string::npos) break;
    seen = at + s.prompt.size();
    (void)!::write(in[1], s.reply.data(), s.reply.size());
  }
  while (read_some(30000)) {
  }
  ::close(in[1]);
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace tvault::testing
