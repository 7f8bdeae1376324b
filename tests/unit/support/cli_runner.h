// Runs the real tvault binary (build/tvault) for CLI tests.
#ifndef TVAULT_TESTS_CLI_RUNNER_H_
#define TVAULT_TESTS_CLI_RUNNER_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tvault::testing {

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs `tvault args...` with `input` on standard input; waits for it.
RunResult RunTvault(const std::vector<std::string>& args, const std::string& input = "");
// Runs any program the same way.
RunResult RunProgram(const std::vector<std::string>& argv, const std::string& input = "");

// Starts tvault without waiting; stdout/stderr go to /dev/null.
pid_t StartTvault(const std::vector<std::string>& args);
// Waits for a started process; returns its RunResult (exit code or signal).
RunResult WaitFor(pid_t pid);

std::string TvaultBinary();
bool HaveProgram(const std::string& name);

// A CLI vault in a scratch directory: passphrase file, cheapest allowed KDF.
class CliVault {
 public:
  explicit CliVault(const std::string& passphrase = "cli test passphrase");
  ~CliVault();
  // tvault --vault DIR --passphrase-file FILE args...
  RunResult Run(std::vector<std::string> args, const std::string& input = "") const;
  std::vector<std::string> Args(std::vector<std::string> args) const;
  // The same, with the tvault binary first (a whole command line, e.g. for
  // RunOnTerminal).
  std::vector<std::string> Argv(std::vector<std::string> args) const;
  const std::filesystem::path& dir() const { return vault_; }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path WriteFile(const std::string& name, const std::string& content) const;
  std::filesystem::path pass_file() const { return root_ / "pass"; }

 private:
  std::filesystem::path root_;
  std::filesystem::path vault_;
};

// `s` without trailing newlines, carriage returns and spaces (the end of a
// command's output line).
inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

inline bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The message of the last "tvault: error: " line of standard error, without
// that prefix (the whole trimmed standard error if there is none).
inline std::string ErrorLine(const RunResult& r) {
  const std::string prefix = "tvault: error: ";
  std::string e = Trim(r.err);
  const std::size_t at = e.rfind(prefix);
  return at == std::string::npos ? e : e.substr(at + prefix.size());
}

// The peak resident set of `tvault args...` on vault `v` in KiB, measured by
// /usr/bin/time (GNU time's %M); the run must exit 0. -1 where /usr/bin/time
// is missing. Sanitizer builds inflate it with shadow memory.
long PeakRssKib(const CliVault& v, const std::vector<std::string>& args);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_CLI_RUNNER_H_
