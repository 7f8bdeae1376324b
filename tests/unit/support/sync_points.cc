#include "support/sync_points.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "support/sweep.h"

namespace tvault::testing {

RunResult RunUnderStrace(const std::vector<std::string>& strace_args,
                         const std::vector<std::string>& args) {
  std::string asan = "ASAN_OPTIONS=";
  if (const char* options = std::getenv("ASAN_OPTIONS")) asan += std::string(options) + ":";
  asan += "detect_leaks=0";
  std::vector<std::string> argv = {"/usr/bin/env", asan, "strace", "-f", "-qq"};
  argv.insert(argv.end(), strace_args.begin(), strace_args.end());
  argv.push_back(TvaultBinary());
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv);
}

std::map<std::string, int> CountCalls(const std::vector<std::string>& calls,
                                      const std::vector<std::string>& args,
                                      const std::filesystem::path& trace) {
  std::string list;
  for (const std::string& c : calls) list += (list.empty() ? "" : ",") + c;
  RunResult r = RunUnderStrace({"-o", trace.string(), "-e", "trace=" + list}, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, int> counts;
  std::ifstream in(trace);
  for (std::string line; std::getline(in, line);) {
    for (const std::string& call : calls) {
      // "fsync(" must not count "fdatasync(": the name starts the call.
      const auto at = line.find(call + "(");
      if (at != std::string::npos && (at == 0 || line[at - 1] == ' ')) ++counts[call];
    }
  }
  return counts;
}

std::vector<std::string> KillAt(const std::string& call, int k) {
  return {"-o", "/dev/null", "-e", "trace=" + call, "-e",
          "inject=" + call + ":signal=SIGKILL:when=" + std::to_string(k)};
}

void ForEachSyncPoint(const std::map<std::string, int>& counts, const std::string& label,
                      const std::function<bool(const std::string& call, int k)>& run_killed) {
  int total = 0, tried = 0, killed = 0;
  for (const auto& [call, n] : counts) total += n;
  ASSERT_GT(total, 0) << label << ": no sync call seen; the trace is not working";
  for (const auto& [call, n] : counts) {
    for (int k = 1; k <= n; ++k) {
      if (!InSweep(static_cast<std::size_t>(k - 1), static_cast<std::size_t>(n))) continue;
      ++tried;
      killed += run_killed(call, k) ? 1 : 0;
    }
  }
  std::cout << "[ crash ] " << label << ": " << total << " sync points, " << tried << " tried, "
            << killed << " runs killed\n";
  EXPECT_EQ(killed, tried) << label << ": every injected kill must end the run";
}

}  // namespace tvault::testing
