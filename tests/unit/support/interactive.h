// A tvault process that a test talks to while it runs (tvault shell): lines
// go to its standard input when the test chooses, and the test waits for
// what it prints.
#ifndef TVAULT_TESTS_INTERACTIVE_H_
#define TVAULT_TESTS_INTERACTIVE_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/cli_runner.h"

namespace tvault::testing {

class Interactive {
 public:
  // Starts `tvault args...` with pipes for its three standard streams.
  explicit Interactive(const std::vector<std::string>& args);
  ~Interactive();  // kills the process if it still runs
  Interactive(const Interactive&) = delete;
  Interactive& operator=(const Interactive&) = delete;

  void Send(const std::string& text);
  // Reads until standard output (or error) holds `text` `times` times
  // counted from the start, or the process ends, or `timeout` passes.
  bool WaitForOut(const std::string& text, int times = 1,
                  std::chrono::seconds timeout = std::chrono::seconds(60));
  bool WaitForErr(const std::string& text, int times = 1,
                  std::chrono::seconds timeout = std::chrono::seconds(60));
  // Closes standard input, waits for the end and returns everything.
  RunResult Finish();

  const std::string& out() const { return result_.out; }
  const std::string& err() const { return result_.err; }

 private:
  bool WaitFor(const std::string& (Interactive::*stream)() const, const std::string& text,
               int times, std::chrono::seconds timeout);
  void ReadSome(int timeout_ms);

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  RunResult result_;
};

// `argv` run with its standard streams on a pseudo-terminal (script(1)):
// `input` is typed on it, and `out` holds everything the terminal showed.
RunResult RunOnTerminal(const std::vector<std::string>& argv, const std::string& input = "");
// The sh command line script(1) runs for RunOnTerminal: `exec` and the
// words of `argv`, each quoted.
std::string TerminalCommand(const std::vector<std::string>& argv);

// A conversation with `tvault` on a pseudo-terminal (script(1)): each reply
// is typed only once its prompt has appeared, as a person would (the
// passphrase prompt flushes input typed ahead of it).
struct Step {
  std::string prompt, reply;
};

RunResult Converse(const std::vector<std::string>& args, const std::vector<Step>& steps);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_INTERACTIVE_H_
