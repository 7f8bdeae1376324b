// Killing a real tvault at each sync point of a change, with strace's
// syscall fault injection (`inject=CALL:signal=SIGKILL:when=K`): the crash
// tests of multi-step changes check the state every such kill leaves.
#ifndef TVAULT_TESTS_SYNC_POINTS_H_
#define TVAULT_TESTS_SYNC_POINTS_H_

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/cli_runner.h"

namespace tvault::testing {

// Where a change reaches the disk or moves a name.
inline const std::vector<std::string> kDurableCalls = {"fsync", "fdatasync", "rename",
                                                      "renameat", "renameat2"};
// The same, plus links and unlinks (SQLite's commit is the unlink of its
// journal; the evidence store publishes by link).
inline const std::vector<std::string> kDurableAndLinkCalls = {
    "fsync", "fdatasync", "rename", "renameat", "renameat2", "link", "linkat", "unlink",
    "unlinkat"};

// tvault with `args` (everything after the binary) under `strace -f -qq
// strace_args...`. LeakSanitizer cannot run under ptrace, so a sanitizer
// build runs without it here.
RunResult RunUnderStrace(const std::vector<std::string>& strace_args,
                         const std::vector<std::string>& args);

// How many times an uninterrupted run of `args` makes each of `calls` (the
// run must succeed); `trace` is a scratch file.
std::map<std::string, int> CountCalls(const std::vector<std::string>& calls,
                                      const std::vector<std::string>& args,
                                      const std::filesystem::path& trace);

// strace arguments that kill the run at the k-th (from 1) call of `call`.
std::vector<std::string> KillAt(const std::string& call, int k);

// Calls `run_killed(call, k)` for every sync point in `counts` that the
// sweep visits (support/sweep.h); it runs the change killed there, checks
// the state left, and returns whether the run died. Then prints a summary
// line and expects every run to have died.
void ForEachSyncPoint(const std::map<std::string, int>& counts, const std::string& label,
                      const std::function<bool(const std::string& call, int k)>& run_killed);

}  // namespace tvault::testing

#endif  // TVAULT_TESTS_SYNC_POINTS_H_
