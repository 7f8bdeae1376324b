// Where `tvault shell` reads its commands: a terminal, with line editing by
// libedit (lines are recalled with the arrow keys within the session only:
// no history file is read or written), or any other input, read as lines.
#ifndef TVAULT_CLI_LINE_READER_H_
#define TVAULT_CLI_LINE_READER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace tvault::cli {

class LineReader {
 public:
  enum class Outcome {
    kLine,         // `line` holds the next line, without its end
    kEnd,          // end of input (Ctrl-D on a terminal)
    kInterrupted,  // SIGINT, SIGTERM or SIGHUP while waiting
  };

  // A terminal reader when standard input and standard error are
  // terminals (the prompt goes to standard error), else a plain one.
  static std::unique_ptr<LineReader> ForStandardInput(const std::string& prompt);
  virtual ~LineReader() = default;

  // Waits for the next line. When `idle` passes without any input (not a
  // keystroke on a terminal), calls on_idle() once and keeps waiting;
  // idle <= 0 never calls it. Not reentrant; one reader per process.
  virtual Outcome Read(std::string& line, std::chrono::milliseconds idle,
                       const std::function<void()>& on_idle) = 0;
  // Drops the lines kept for recall (at an idle lock).
  virtual void ForgetRecall() {}
  // The prompt of the next Read (a terminal shows it; other input has none).
  virtual void SetPrompt(std::string prompt) { (void)prompt; }
};

}  // namespace tvault::cli

#endif  // TVAULT_CLI_LINE_READER_H_
