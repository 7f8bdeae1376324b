#include "line_reader.h"

#include <editline/readline.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "vault/secret.h"

namespace tvault::cli {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_signal = 0;
void OnSignal(int sig) { g_signal = sig; }

// SIGINT, SIGTERM and SIGHUP end the wait (poll fails with EINTR) instead of
// killing the process with the terminal in libedit's mode. Restored when
// the wait is over: a command that runs is ended by them as usual.
class SignalsEndTheWait {
 public:
  SignalsEndTheWait() {
    g_signal = 0;
    struct sigaction sa{};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &saved_[i]);
  }
  ~SignalsEndTheWait() {
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &saved_[i], nullptr);
  }
  SignalsEndTheWait(const SignalsEndTheWait&) = delete;
  SignalsEndTheWait& operator=(const SignalsEndTheWait&) = delete;

 private:
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction saved_[3];
};

enum class Wait { kReady, kIdle, kSignal };

// Waits until standard input is readable, or `deadline` (nullopt: never).
Wait WaitForInput(std::optional<Clock::time_point> deadline) {
  for (;;) {
    int timeout = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      timeout = static_cast<int>(std::max<int64_t>(0, left.count()));
    }
    struct pollfd p{STDIN_FILENO, POLLIN, 0};
    const int r = ::poll(&p, 1, timeout);
    if (r > 0) return Wait::kReady;
    if (r == 0) return Wait::kIdle;
    if (errno != EINTR || g_signal != 0) return Wait::kSignal;
  }
}

std::optional<Clock::time_point> DeadlineAfter(std::chrono::milliseconds idle) {
  if (idle.count() <= 0) return std::nullopt;
  return Clock::now() + idle;
}

// Any input, read in blocks; lines end at "\n". Consumed bytes are wiped.
class PlainLineReader : public LineReader {
 public:
  ~PlainLineReader() override { SecureWipe(buffer_.data(), buffer_.size()); }

  Outcome Read(std::string& line, std::chrono::milliseconds idle,
               const std::function<void()>& on_idle) override {
    SignalsEndTheWait signals;
    std::optional<Clock::time_point> deadline = DeadlineAfter(idle);
    for (;;) {
      if (TakeLine(line)) return Outcome::kLine;
      if (end_) return Outcome::kEnd;
      switch (WaitForInput(deadline)) {
        case Wait::kSignal: return Outcome::kInterrupted;
        case Wait::kIdle:
          if (on_idle) on_idle();
          deadline.reset();
          continue;
        case Wait::kReady: break;
      }
      char block[4096];
      const ssize_t n = ::read(STDIN_FILENO, block, sizeof block);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        end_ = true;  // end of input, or an input that cannot be read
      } else {
        buffer_.append(block, static_cast<std::size_t>(n));
      }
      SecureWipe(block, sizeof block);
    }
  }

 private:
  bool TakeLine(std::string& line) {
    std::size_t end = buffer_.find('\n');
    std::size_t skip = 1;
    if (end == std::string::npos) {
      if (!end_ || buffer_.empty()) return false;
      end = buffer_.size();  // a last line without its "\n"
      skip = 0;
    }
    line.assign(buffer_, 0, end);
    SecureWipe(buffer_.data(), end + skip);
    buffer_.erase(0, end + skip);
    return true;
  }

  std::string buffer_;
  bool end_ = false;
};

// libedit in its callback mode, so that the wait for a keystroke can time
// out. Its C interface has one current line handler: one reader at a time.
std::string* g_line = nullptr;
bool g_got_line = false;
bool g_got_end = false;

void OnLine(char* text) {
  if (text == nullptr) {
    g_got_end = true;
    return;
  }
  g_line->assign(text);
  SecureWipe(text, std::strlen(text));
  std::free(text);
  g_got_line = true;
}

class TerminalLineReader : public LineReader {
 public:
  explicit TerminalLineReader(std::string prompt) : prompt_(std::move(prompt)) {
    rl_instream = stdin;
    rl_outstream = stderr;
    using_history();
  }
  ~TerminalLineReader() override { clear_history(); }

  Outcome Read(std::string& line, std::chrono::milliseconds idle,
               const std::function<void()>& on_idle) override {
    SignalsEndTheWait signals;
    g_line = &line;
    g_got_line = g_got_end = false;
    rl_callback_handler_install(prompt_.c_str(), OnLine);
    std::optional<Clock::time_point> deadline = DeadlineAfter(idle);
    bool interrupted = false;
    while (!g_got_line && !g_got_end) {
      const Wait w = WaitForInput(deadline);
      if (w == Wait::kSignal) {
        interrupted = true;
        break;
      }
      if (w == Wait::kIdle) {
        std::fputs("\n", stderr);
        if (on_idle) on_idle();
        rl_forced_update_display();
        deadline.reset();
        continue;
      }
      rl_callback_read_char();
      if (deadline) deadline = DeadlineAfter(idle);  // a keystroke is activity
    }
    rl_callback_handler_remove();
    g_line = nullptr;
    if (interrupted || g_got_end) {
      std::fputs("\n", stderr);
      return interrupted ? Outcome::kInterrupted : Outcome::kEnd;
    }
    if (!line.empty()) add_history(line.c_str());
    return Outcome::kLine;
  }

  void ForgetRecall() override { clear_history(); }
  void SetPrompt(std::string prompt) override { prompt_ = std::move(prompt); }

 private:
  std::string prompt_;
};

}  // namespace

std::unique_ptr<LineReader> LineReader::ForStandardInput(const std::string& prompt) {
  if (::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1) {
    return std::make_unique<TerminalLineReader>(prompt);
  }
  return std::make_unique<PlainLineReader>();
}

}  // namespace tvault::cli
