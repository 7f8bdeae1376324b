// HardenProcess: checked in a child process, so that the test binary keeps
// its own limits.
#include <gtest/gtest.h>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vault/process.h"

namespace tvault::testing {
namespace {

TEST(HardenProcess, NoCoreDumpNoPtraceOwnerOnlyFiles) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::umask(022);
    HardenProcess();
    struct rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    const mode_t mask = ::umask(0);
    // Each failed property sets its own bit of the exit code.
    const int bad = (core.rlim_cur != 0 || core.rlim_max != 0 ? 1 : 0) |
                    (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0 ? 2 : 0) |
                    (mask != 077 ? 4 : 0);
    ::_exit(bad);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: core limit, 2: dumpable, 4: umask";
}

}  // namespace
}  // namespace tvault::testing
